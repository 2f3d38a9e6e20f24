-- GROUP BY / HAVING and the aggregates, over VALUES and the edge tables.

-- name: count_star_values
SELECT count(*) FROM (VALUES (1), (NULL), (2)) v(x);
-- name: count_col_skips_null
SELECT count(x), count(*), count(1) FROM (VALUES (1), (NULL), (2)) v(x);
-- name: count_distinct
SELECT count(DISTINCT x) FROM (VALUES (1), (1), (NULL), (2), (2)) v(x);
-- name: aggs_empty_input
SELECT count(*), count(x), sum(x), avg(x), min(x), max(x), bool_and(x > 0), bool_or(x > 0), string_agg(x::text, ','), array_agg(x), jsonb_agg(x)
FROM (VALUES (1)) v(x) WHERE false;
-- name: aggs_all_null
SELECT count(x), sum(x), avg(x), min(x), max(x) FROM (VALUES (NULL::int), (NULL)) v(x);
-- name: sum_int_types
SELECT sum(a), sum(b), sum(c), pg_typeof(sum(a)), pg_typeof(sum(b)), pg_typeof(sum(c))
FROM (VALUES (1::int2, 1::int4, 1::int8), (2::int2, 2::int4, 2::int8)) v(a, b, c);
-- name: sum_int8_no_overflow
SELECT sum(x) FROM (VALUES (9223372036854775807::int8), (9223372036854775807::int8)) v(x);
-- name: avg_ints
SELECT avg(x), pg_typeof(avg(x)) FROM (VALUES (1), (2), (2)) v(x);
-- name: avg_numeric_scale
SELECT avg(x) FROM (VALUES (1.5), (2.25), (3)) v(x);
-- name: min_max_text
SELECT min(s), max(s) FROM (VALUES ('b'), ('a'), ('B'), ('é'), (NULL)) v(s);
-- name: min_max_dates
SELECT min(d), max(d) FROM (VALUES ('2024-02-29'::date), ('1999-01-01'), ('infinity')) v(d);
-- name: bool_and_or
SELECT g, bool_and(b), bool_or(b) FROM (VALUES (1, true), (1, false), (2, true), (2, NULL), (3, NULL)) v(g, b) GROUP BY g;
-- name: every_agg
SELECT every(b) FROM (VALUES (true), (true)) v(b);
-- name: string_agg_ordered
SELECT string_agg(s, ', ' ORDER BY s) FROM (VALUES ('b'), ('a'), (NULL), ('c')) v(s);
-- name: string_agg_grouped
SELECT g, string_agg(s, '|' ORDER BY s DESC) FROM (VALUES (1, 'x'), (1, 'y'), (2, 'z'), (3, NULL)) v(g, s) GROUP BY g;
-- name: array_agg_ordered
SELECT array_agg(x ORDER BY x DESC NULLS LAST) FROM (VALUES (3), (NULL), (1), (2)) v(x);
-- name: array_agg_text_ordered
SELECT array_agg(s ORDER BY s) FROM (VALUES ('b c'), ('a'), (''), (NULL)) v(s);
-- name: jsonb_agg_ordered
SELECT jsonb_agg(x ORDER BY x) FROM (VALUES (2), (1), (NULL)) v(x);
-- name: jsonb_agg_text
SELECT jsonb_agg(s ORDER BY s) FROM (VALUES ('a"b'), ('ü'), ('x')) v(s);
-- name: group_by_basic
SELECT g, count(*), sum(v) FROM (VALUES ('a', 1), ('b', 2), ('a', 3), (NULL, 4), (NULL, 5)) t(g, v) GROUP BY g;
-- name: group_by_expression
SELECT x % 3 AS r, count(*) FROM generate_series(1, 10) x GROUP BY x % 3;
-- name: group_by_ordinal
SELECT x % 2, count(*) FROM generate_series(1, 7) x GROUP BY 1;
-- name: group_by_alias
SELECT x / 4 AS bucket, min(x), max(x) FROM generate_series(0, 11) x GROUP BY bucket;
-- name: group_by_two_cols
SELECT a, b, count(*) FROM (VALUES (1, 'x'), (1, 'x'), (1, 'y'), (2, 'x')) v(a, b) GROUP BY a, b;
-- name: having_count
SELECT g, count(*) FROM (VALUES ('a'), ('a'), ('b')) v(g) GROUP BY g HAVING count(*) > 1;
-- name: having_without_group
SELECT count(*) FROM (VALUES (1), (2)) v(x) HAVING count(*) > 5;
-- name: having_sum
SELECT g, sum(v) FROM (VALUES (1, 10), (1, -5), (2, 1), (3, NULL)) t(g, v) GROUP BY g HAVING sum(v) IS NOT NULL AND sum(v) < 6;
-- name: agg_expression_args
SELECT sum(a * b), max(a + b), min(a - b) FROM (VALUES (1, 2), (3, 4), (5, 6)) v(a, b);
-- name: agg_of_case
SELECT sum(CASE WHEN x % 2 = 0 THEN x ELSE 0 END), count(CASE WHEN x > 3 THEN 1 END) FROM generate_series(1, 6) x;
-- name: agg_filter
SELECT count(*) FILTER (WHERE x > 2), sum(x) FILTER (WHERE x % 2 = 1) FROM generate_series(1, 5) x;
-- name: count_distinct_multiple
SELECT count(DISTINCT a), count(DISTINCT b), count(*) FROM (VALUES (1, 'x'), (1, 'y'), (2, 'x'), (NULL, NULL)) v(a, b);
-- name: sum_distinct
SELECT sum(DISTINCT x), avg(DISTINCT x) FROM (VALUES (1), (1), (2), (4)) v(x);
-- name: agg_float_exact
SELECT sum(x), avg(x), min(x), max(x) FROM (VALUES (0.5::float8), (1.5), (2.0), (-4.0)) v(x);
-- name: agg_float_special
SELECT min(x), max(x), count(*) FROM (VALUES ('NaN'::float8), ('Infinity'), ('-Infinity'), (0)) v(x);
-- name: sum_numeric_nan
SELECT sum(x), avg(x) FROM (VALUES (1::numeric), ('NaN')) v(x);
-- name: t_int_aggs
SELECT count(*), count(i2), sum(i2), sum(i4), sum(i8), min(i8), max(i8), avg(i2) FROM t_int;
-- name: t_int_group_dup
SELECT i4, count(*) FROM t_int GROUP BY i4;
-- name: t_num_aggs
SELECT sum(n2), min(n), max(n2), count(n) FROM t_num;
-- name: t_text_group
SELECT t, count(*) FROM t_text GROUP BY t;
-- name: t_text_minmax
SELECT min(t), max(t), min(v), max(c) FROM t_text;
-- name: t_dup_group_both
SELECT a, b, count(*) FROM t_dup GROUP BY a, b;
-- name: t_dup_count_distinct
SELECT count(DISTINCT a), count(DISTINCT b), count(*) FROM t_dup;
-- name: t_empty_aggs
SELECT count(*), max(id), string_agg(t, ',') FROM t_empty;
-- name: t_empty_group
SELECT id, count(*) FROM t_empty GROUP BY id;
-- name: t_time_minmax
SELECT min(d), max(d), min(ts), max(ts), min(iv), max(iv) FROM t_time;
-- name: t_misc_bool_aggs
SELECT bool_and(b), bool_or(b), count(b) FROM t_misc;
-- name: t_float_minmax
SELECT min(f8), max(f8), min(f4), max(f4) FROM t_float;
