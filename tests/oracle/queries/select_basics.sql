-- SELECT lists: constants, expressions, aliases, *, column naming.

-- name: const_int
SELECT 1;
-- name: const_many
SELECT 1, 'two', 3.0, true, NULL;
-- name: alias_as
SELECT 1 AS one, 2 AS "Two", 3 three;
-- name: alias_quoted_unicode
SELECT 'x' AS "日本 col", 'y' AS "a""b";
-- name: arith_precedence
SELECT 1 + 2 * 3, (1 + 2) * 3, 2 ^ 3 ^ 2, -2 ^ 2, 7 / 2, 7 % 3;
-- name: arith_mixed_types
SELECT 1 + 1.5, 1::int2 + 1::int8, 2.5::float8 * 2, 10::numeric / 4;
-- name: int_division_negative
SELECT -7 / 2, 7 / -2, -7 % 2, 7 % -2;
-- name: text_concat_expr
SELECT 'a' || 'b' || 'c', 'n=' || 42, 42 || '!';
-- name: unnamed_columns
SELECT 1 + 1, 'a' || 'b', NULL::int, CAST(1 AS text);
-- name: column_names_functions
SELECT upper('a'), count(*), sum(1), coalesce(NULL, 1), abs(-1);
-- name: column_name_case
SELECT CASE WHEN true THEN 1 END, CAST('1' AS int4), '1'::int8;
-- name: values_star
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v;
-- name: values_star_named
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(x, y);
-- name: values_qualified_star
SELECT v.*, v.x + 1 AS next FROM (VALUES (1, 'a'), (2, 'b')) AS v(x, y);
-- name: values_partial_alias
SELECT * FROM (VALUES (1, 'a', true)) AS v(x);
-- name: select_expr_over_values
SELECT x * 2 AS dbl, y || y AS yy, x > 1 AS big FROM (VALUES (1, 'a'), (2, 'b'), (3, NULL)) v(x, y);
-- name: select_no_from_where_false
SELECT 1 WHERE false;
-- name: select_no_from_where_true
SELECT 1 WHERE 1 = 1;
-- name: select_null_typed
SELECT NULL::text, NULL::int8, NULL::numeric, NULL::bool, NULL::date;
-- name: select_literal_types
SELECT 2147483647, 2147483648, 9223372036854775807, 9223372036854775808, 1.0, 1e3, .5;
-- name: select_string_literal_escape
SELECT 'it''s', E'tab\there', 'back\slash', U&'\00e9';
-- name: select_unicode_literals
SELECT 'café', 'cafe' || U&'\0301', '🎉', '日本語';
-- name: select_repeated_column
SELECT x, x, x AS x FROM (VALUES (1)) v(x);
-- name: select_star_twice
SELECT *, * FROM (VALUES (1, 2)) v(a, b);
-- name: select_bool_exprs
SELECT true AND false, true OR NULL, NOT NULL::bool, NULL AND false, NULL OR true;
-- name: select_comparisons
SELECT 1 < 2, 2 <= 2, 3 <> 3, 'a' < 'b', 'B' < 'a', NULL = NULL, 1 != 2;
-- name: select_is_distinct
SELECT NULL IS DISTINCT FROM NULL, 1 IS DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 1, NULL IS NOT DISTINCT FROM 2;
-- name: select_between
SELECT 2 BETWEEN 1 AND 3, 5 BETWEEN 1 AND 3, 2 NOT BETWEEN 1 AND 3, 2 BETWEEN 3 AND 1, 2 BETWEEN SYMMETRIC 3 AND 1;
-- name: select_is_null
SELECT NULL IS NULL, 1 IS NULL, 1 IS NOT NULL, NULL::int ISNULL, 1 NOTNULL;
-- name: select_is_true
SELECT NULL::bool IS TRUE, NULL::bool IS NOT TRUE, false IS FALSE, NULL::bool IS UNKNOWN, true IS NOT UNKNOWN;
-- name: select_row_compare
SELECT (1, 2) < (1, 3), (1, 2) = (1, 2), (1, NULL) = (1, 2), (2, NULL) > (1, 5);
-- name: select_from_generate_series
SELECT g, g * g AS sq FROM generate_series(1, 5) g;
-- name: select_from_generate_series_named
SELECT * FROM generate_series(1, 3) AS s(n);
-- name: select_from_subquery_alias
SELECT s.a + s.b AS total FROM (SELECT 1 AS a, 2 AS b) s;
-- name: select_from_nested_subquery
SELECT z FROM (SELECT y + 1 AS z FROM (SELECT x * 10 AS y FROM (VALUES (1), (2)) a(x)) b) c;
-- name: select_subquery_column_names
SELECT * FROM (SELECT 1, 'x' AS b, 2 + 2) s;
-- name: select_unary_ops
SELECT -(-5), +3, - 2.5, @ -4, |/ 16.0, ||/ 27.0;
-- name: select_bitwise
SELECT 12 & 10, 12 | 10, 12 # 10, ~12, 1 << 4, 256 >> 2;
-- name: column_names_special
SELECT x::text, -x, EXISTS (SELECT 1), ARRAY[x], (SELECT 1), x IS NULL, CASE WHEN true THEN x END, coalesce(x, 0), greatest(x, 1), nullif(x, 2) FROM (VALUES (1)) v(x);
-- name: column_names_qualified
SELECT v.x, v.x + 0, (v.x), s.y FROM (VALUES (1)) v(x), (SELECT 2 AS y) s;
-- name: column_names_cast_functions
SELECT CAST(x AS int8), x::numeric(5,1), extract(year FROM d), date_trunc('day', d), d::date FROM (VALUES (1, '2024-01-01'::timestamp)) v(x, d);
-- name: column_names_aggregates
SELECT count(x), sum(x), avg(x), min(x), max(x), string_agg(x::text, ','), array_agg(x), bool_and(x > 0), jsonb_agg(x) FROM (VALUES (1)) v(x);
-- name: empty_string_vs_null
SELECT '' IS NULL, '' = '', length(''), coalesce('', 'x'), nullif('', '') IS NULL;
