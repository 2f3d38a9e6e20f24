-- DISTINCT, DISTINCT ON, ORDER BY (total orders only), LIMIT/OFFSET.

-- name: distinct_values
SELECT DISTINCT x FROM (VALUES (1), (1), (NULL), (NULL), (2)) v(x);
-- name: distinct_two_cols
SELECT DISTINCT a, b FROM (VALUES (1, 'x'), (1, 'x'), (1, NULL), (1, NULL), (2, 'x')) v(a, b);
-- name: distinct_on_basic
SELECT DISTINCT ON (g) g, v FROM (VALUES (1, 'b'), (1, 'a'), (2, 'z'), (2, 'y')) t(g, v) ORDER BY g, v;
-- name: distinct_on_desc
SELECT DISTINCT ON (g) g, v FROM (VALUES (1, 3), (1, 5), (2, 1), (NULL, 7), (NULL, 9)) t(g, v) ORDER BY g, v DESC;
-- name: order_asc
SELECT x FROM (VALUES (3), (1), (2)) v(x) ORDER BY x;
-- name: order_desc
SELECT x FROM (VALUES (3), (1), (2)) v(x) ORDER BY x DESC;
-- name: order_nulls_default_asc
SELECT x FROM (VALUES (3), (NULL), (1)) v(x) ORDER BY x;
-- name: order_nulls_default_desc
SELECT x FROM (VALUES (3), (NULL), (1)) v(x) ORDER BY x DESC;
-- name: order_nulls_first
SELECT x FROM (VALUES (3), (NULL), (1)) v(x) ORDER BY x NULLS FIRST;
-- name: order_desc_nulls_last
SELECT x FROM (VALUES (3), (NULL), (1)) v(x) ORDER BY x DESC NULLS LAST;
-- name: order_ordinal
SELECT x, y FROM (VALUES (1, 'b'), (2, 'a')) v(x, y) ORDER BY 2;
-- name: order_alias
SELECT x * -1 AS neg FROM (VALUES (1), (2), (3)) v(x) ORDER BY neg;
-- name: order_expression_not_selected
SELECT x FROM (VALUES (1), (2), (3), (4)) v(x) ORDER BY x % 2, x DESC;
-- name: order_multi_key
SELECT a, b FROM (VALUES (1, 'b'), (2, 'a'), (1, 'a'), (2, 'b')) v(a, b) ORDER BY a DESC, b ASC;
-- name: order_text_bytes
SELECT s FROM (VALUES ('b'), ('B'), ('a'), ('é'), ('e'), (''), ('Z'), ('🎉'), ('日')) v(s) ORDER BY s;
-- name: order_float_special
SELECT x FROM (VALUES ('NaN'::float8), ('Infinity'), ('-Infinity'), (0), (-1.5), (1e308)) v(x) ORDER BY x;
-- name: order_numeric_nan
SELECT x FROM (VALUES ('NaN'::numeric), (1), (-1), (100.5)) v(x) ORDER BY x DESC;
-- name: order_bool
SELECT b FROM (VALUES (true), (false), (NULL::bool)) v(b) ORDER BY b;
-- name: order_dates
SELECT d FROM (VALUES ('2024-02-29'::date), ('infinity'), ('-infinity'), ('0044-03-15 BC'), ('2000-01-01')) v(d) ORDER BY d;
-- name: limit_basic
SELECT x FROM generate_series(1, 10) x ORDER BY x LIMIT 3;
-- name: limit_offset
SELECT x FROM generate_series(1, 10) x ORDER BY x DESC LIMIT 3 OFFSET 2;
-- name: offset_only
SELECT x FROM generate_series(1, 5) x ORDER BY x OFFSET 3;
-- name: limit_zero
SELECT x FROM generate_series(1, 5) x ORDER BY x LIMIT 0;
-- name: limit_all
SELECT x FROM generate_series(1, 3) x ORDER BY x LIMIT ALL;
-- name: offset_past_end
SELECT x FROM generate_series(1, 3) x ORDER BY x OFFSET 10;
-- name: limit_null
SELECT x FROM generate_series(1, 3) x ORDER BY x LIMIT NULL;
-- name: fetch_first
SELECT x FROM generate_series(1, 10) x ORDER BY x FETCH FIRST 2 ROWS ONLY;
-- name: limit_unordered_whole
SELECT x FROM generate_series(1, 3) x LIMIT 5;
-- name: order_by_t_int
SELECT id, i2, i4, i8 FROM t_int ORDER BY i8 NULLS FIRST, id;
-- name: order_by_t_text
SELECT id, t FROM t_text ORDER BY t, id;
-- name: order_by_t_text_desc
SELECT id, t FROM t_text ORDER BY t DESC NULLS LAST, id DESC;
-- name: order_by_t_float
SELECT id, f8 FROM t_float ORDER BY f8, id;
-- name: order_by_t_num
SELECT id, n FROM t_num ORDER BY n, id;
-- name: order_by_t_time
SELECT id, ts FROM t_time ORDER BY ts, id;
-- name: order_by_t_interval
SELECT id, iv FROM t_time ORDER BY iv, id;
-- name: order_by_uuid
SELECT id, u FROM t_misc ORDER BY u, id;
-- name: order_by_bytea
SELECT id, by FROM t_misc ORDER BY by, id;
-- name: order_by_array
SELECT id, ai FROM t_misc ORDER BY ai, id;
-- name: order_by_jsonb
SELECT id, j FROM t_misc ORDER BY j, id;
-- name: distinct_t_dup
SELECT DISTINCT a, b FROM t_dup;
-- name: distinct_on_t_dup
SELECT DISTINCT ON (a) a, b FROM t_dup ORDER BY a, b NULLS FIRST;
-- name: distinct_text_unicode
SELECT DISTINCT t FROM t_text;
-- name: distinct_numeric_scales
SELECT DISTINCT x FROM (VALUES (1.0), (1.00), (1)) v(x);
-- name: distinct_float_zero
SELECT DISTINCT x FROM (VALUES (0::float8), ('-0'::float8)) v(x);
-- name: order_limit_t_dup
SELECT a, b FROM t_dup ORDER BY a NULLS FIRST, b NULLS FIRST LIMIT 4;
