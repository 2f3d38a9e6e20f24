-- FROM: VALUES lists, subqueries, type unification of VALUES columns.

-- name: values_bare
VALUES (1, 'a'), (2, 'b');
-- name: values_bare_order
VALUES (2), (1), (3) ORDER BY 1;
-- name: values_single
VALUES (NULL);
-- name: values_type_unify_numeric
SELECT x, pg_typeof(x) FROM (VALUES (1), (2.5)) v(x);
-- name: values_type_unify_int8
SELECT x, pg_typeof(x) FROM (VALUES (1), (9223372036854775807)) v(x);
-- name: values_null_first_row
SELECT x, pg_typeof(x) FROM (VALUES (NULL), (3)) v(x);
-- name: values_unknown_becomes_text
SELECT x, pg_typeof(x) FROM (VALUES ('a'), ('b')) v(x);
-- name: values_mixed_unknown_date
SELECT x FROM (VALUES ('2024-02-29'), ('2024-03-01'::date)) v(x);
-- name: values_expressions
SELECT * FROM (VALUES (1 + 1, upper('a')), (2 * 3, lower('B'))) v(n, s);
-- name: values_limit_total
SELECT * FROM (VALUES (1), (2), (3)) v(x) ORDER BY x DESC LIMIT 1;
-- name: values_default_names
SELECT column1, column2 FROM (VALUES (1, 'a')) v;
-- name: values_mismatched_length
-- error
SELECT * FROM (VALUES (1), (1, 2)) v(x);
-- name: values_type_mismatch
-- error
SELECT * FROM (VALUES (1), ('a'::text)) v(x);
-- name: subquery_requires_alias_ok
SELECT * FROM (SELECT 1 AS a) AS s;
-- name: subquery_group_in_from
SELECT s.g, s.c FROM (SELECT x % 2 AS g, count(*) AS c FROM generate_series(1, 9) x GROUP BY 1) s;
-- name: values_many_rows
SELECT count(*), sum(x), min(x), max(x) FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12)) v(x);
-- name: values_duplicates_star
SELECT * FROM (VALUES (1, 'a'), (1, 'a'), (1, 'a')) v(x, y);
-- name: values_unicode
SELECT s, length(s) FROM (VALUES ('日本語'), ('🎉'), ('cafe' || U&'\0301'), ('')) v(s);
-- name: values_extremes
SELECT * FROM (VALUES ((-32768)::int2, (-2147483648)::int4, (-9223372036854775808)::int8), (32767::int2, 2147483647, 9223372036854775807)) v(a, b, c);
