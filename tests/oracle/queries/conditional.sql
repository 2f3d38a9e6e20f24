-- CASE, COALESCE, NULLIF, GREATEST, LEAST.

-- name: case_searched
SELECT x, CASE WHEN x < 0 THEN 'neg' WHEN x = 0 THEN 'zero' ELSE 'pos' END FROM (VALUES (-1), (0), (5), (NULL)) v(x);
-- name: case_simple
SELECT x, CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END FROM (VALUES (1), (2), (3), (NULL)) v(x);
-- name: case_simple_null_no_match
SELECT CASE NULL::int WHEN NULL THEN 'matched' ELSE 'no' END;
-- name: case_no_else_null
SELECT CASE WHEN false THEN 1 END;
-- name: case_type_unify
SELECT CASE WHEN x THEN 1 ELSE 2.5 END, pg_typeof(CASE WHEN x THEN 1 ELSE 2.5 END) FROM (VALUES (true), (false)) v(x);
-- name: case_nested
SELECT CASE WHEN a > 0 THEN CASE WHEN b > 0 THEN 'pp' ELSE 'pn' END ELSE 'n' END FROM (VALUES (1, 1), (1, -1), (-1, 1)) v(a, b);
-- name: case_lazy_division
SELECT CASE WHEN x = 0 THEN 0 ELSE 10 / x END FROM (VALUES (0), (5)) v(x);
-- name: coalesce_basic
SELECT coalesce(NULL, NULL, 3, 4), coalesce(NULL::text, 'x'), coalesce(1), coalesce(NULL::int);
-- name: coalesce_columns
SELECT a, b, coalesce(a, b, -1) FROM (VALUES (1, 2), (NULL, 2), (NULL, NULL)) v(a, b);
-- name: coalesce_types
SELECT coalesce(1, 2.5), pg_typeof(coalesce(1::int2, 2::int8)), coalesce('a', 'b');
-- name: nullif_basic
SELECT nullif(1, 1), nullif(1, 2), nullif(NULL::int, 1), nullif('a', 'b'), nullif('', '');
-- name: nullif_division_guard
SELECT 10 / nullif(x, 0) FROM (VALUES (0), (2)) v(x);
-- name: greatest_least
SELECT greatest(1, 5, 3), least(1, 5, 3), greatest('a', 'B', 'c'), least(2.5, 1, 3::int8);
-- name: greatest_least_null
SELECT greatest(1, NULL, 3), least(NULL::int, NULL), greatest(NULL, 2), least(4, NULL);
-- name: greatest_dates
SELECT greatest('2024-02-29'::date, '2024-03-01'), least('infinity'::date, '2000-01-01');
-- name: greatest_columns
SELECT a, b, greatest(a, b), least(a, b) FROM (VALUES (1, 2), (5, NULL), (NULL, NULL), (-3, -3)) v(a, b);
-- name: case_in_aggregate_tables
SELECT CASE WHEN i8 > 0 THEN 'pos' WHEN i8 < 0 THEN 'neg' WHEN i8 = 0 THEN 'zero' ELSE 'null' END AS sign, count(*) FROM t_int GROUP BY 1;
-- name: coalesce_text_table
SELECT id, coalesce(t, '<null>') FROM t_text;
