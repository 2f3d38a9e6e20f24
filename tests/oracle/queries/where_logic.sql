-- WHERE and three-valued logic over VALUES.

-- name: where_simple
SELECT x FROM (VALUES (1), (2), (3), (NULL)) v(x) WHERE x > 1;
-- name: where_null_comparison_drops
SELECT x FROM (VALUES (1), (NULL)) v(x) WHERE x = NULL;
-- name: where_not_null_cmp
SELECT x FROM (VALUES (1), (2), (NULL)) v(x) WHERE NOT (x = 1);
-- name: where_is_null
SELECT x, y FROM (VALUES (1, NULL), (NULL, 'a'), (NULL, NULL)) v(x, y) WHERE x IS NULL;
-- name: where_or_null
SELECT x FROM (VALUES (1), (2), (NULL)) v(x) WHERE x = 1 OR x IS NULL;
-- name: where_and_or_precedence
SELECT a, b FROM (VALUES (1, 1), (1, 2), (2, 1), (2, 2)) v(a, b) WHERE a = 1 OR a = 2 AND b = 2;
-- name: truth_table_and
SELECT a, b, a AND b AS and_, a OR b AS or_, NOT a AS not_a
FROM (VALUES (true), (false), (NULL::bool)) x(a), (VALUES (true), (false), (NULL::bool)) y(b);
-- name: where_in_list
SELECT x FROM (VALUES (1), (2), (3), (NULL)) v(x) WHERE x IN (1, 3);
-- name: where_not_in_list_with_null
SELECT x FROM (VALUES (1), (2), (3)) v(x) WHERE x NOT IN (1, NULL);
-- name: in_list_results
SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (1, 2), 1 IN (2, 3);
-- name: where_between_text
SELECT s FROM (VALUES ('apple'), ('banana'), ('cherry'), ('Banana')) v(s) WHERE s BETWEEN 'b' AND 'c';
-- name: where_case
SELECT x FROM (VALUES (1), (2), (3)) v(x) WHERE CASE WHEN x = 2 THEN false ELSE true END;
-- name: where_bool_column
SELECT n FROM (VALUES (1, true), (2, false), (3, NULL)) v(n, b) WHERE b;
-- name: where_not_bool_column
SELECT n FROM (VALUES (1, true), (2, false), (3, NULL)) v(n, b) WHERE NOT b;
-- name: where_is_not_true
SELECT n FROM (VALUES (1, true), (2, false), (3, NULL)) v(n, b) WHERE b IS NOT TRUE;
-- name: where_distinct_from
SELECT a, b FROM (VALUES (1, 1), (1, NULL), (NULL, NULL), (2, 3)) v(a, b) WHERE a IS DISTINCT FROM b;
-- name: where_constant_false
SELECT * FROM (VALUES (1)) v(x) WHERE 1 = 0;
-- name: where_null_literal
SELECT * FROM (VALUES (1)) v(x) WHERE NULL;
-- name: where_int_table
SELECT id, i4 FROM t_int WHERE i4 > 0;
-- name: where_int_table_null
SELECT id FROM t_int WHERE i2 IS NULL;
-- name: where_text_table_eq
SELECT id FROM t_text WHERE t = 'hello';
-- name: where_text_table_ne
SELECT id FROM t_text WHERE t <> 'hello';
-- name: where_bool_misc
SELECT id FROM t_misc WHERE b IS NOT FALSE;
-- name: where_float_nan
SELECT id FROM t_float WHERE f8 = 'NaN';
-- name: where_float_gt_inf
SELECT id FROM t_float WHERE f8 > 1e300;
-- name: where_num_eq_scales
SELECT id FROM t_num WHERE n = 2.5;
-- name: where_empty_table
SELECT * FROM t_empty WHERE id = 1;
