-- UNION / INTERSECT / EXCEPT [ALL].

-- name: union_distinct
SELECT x FROM (VALUES (1), (2), (2)) a(x) UNION SELECT y FROM (VALUES (2), (3), (NULL), (NULL)) b(y);
-- name: union_all
SELECT x FROM (VALUES (1), (2), (2)) a(x) UNION ALL SELECT y FROM (VALUES (2), (3), (NULL)) b(y);
-- name: intersect_distinct
SELECT x FROM (VALUES (1), (2), (2), (NULL)) a(x) INTERSECT SELECT y FROM (VALUES (2), (2), (NULL), (4)) b(y);
-- name: intersect_all
SELECT x FROM (VALUES (1), (2), (2), (2)) a(x) INTERSECT ALL SELECT y FROM (VALUES (2), (2), (4)) b(y);
-- name: except_distinct
SELECT x FROM (VALUES (1), (1), (2), (NULL)) a(x) EXCEPT SELECT y FROM (VALUES (2)) b(y);
-- name: except_all
SELECT x FROM (VALUES (1), (1), (1), (2)) a(x) EXCEPT ALL SELECT y FROM (VALUES (1), (2), (2)) b(y);
-- name: union_type_widening
SELECT 1 AS a UNION ALL SELECT 2.5 UNION ALL SELECT 3::int8;
-- name: union_names_from_first
SELECT 1 AS first, 'a' AS second UNION ALL SELECT 2 AS other, 'b' AS names;
-- name: union_order_limit
SELECT x FROM (VALUES (3), (1)) a(x) UNION SELECT y FROM (VALUES (2), (1)) b(y) ORDER BY 1 DESC LIMIT 2;
-- name: union_three_way
SELECT 1 UNION SELECT 2 UNION ALL SELECT 1;
-- name: union_paren_precedence
SELECT 1 UNION ALL (SELECT 1 UNION SELECT 1);
-- name: intersect_binds_tighter
SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 2;
-- name: except_then_union
(SELECT x FROM generate_series(1, 5) x EXCEPT SELECT 3) UNION ALL SELECT 3;
-- name: union_null_typed
SELECT NULL UNION SELECT 1;
-- name: union_text_unknown
SELECT 'a' UNION SELECT 'b' UNION SELECT 'a';
-- name: union_multi_col
SELECT 1, 'x' UNION SELECT 1, 'x' UNION SELECT 1, 'y';
-- name: union_tables
SELECT a FROM t_dup UNION SELECT id FROM t_empty UNION SELECT i4 FROM t_int WHERE id < 4;
-- name: except_tables
SELECT t FROM t_text EXCEPT SELECT b FROM t_dup;
-- name: intersect_all_tables
SELECT b FROM t_dup INTERSECT ALL SELECT b FROM t_dup WHERE a IS NOT NULL;
-- name: union_all_empty_sides
SELECT id FROM t_empty UNION ALL SELECT id FROM t_empty;
-- name: union_float_zero
SELECT 0::float8 UNION SELECT '-0'::float8;
-- name: union_in_subquery
SELECT count(*), sum(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 2) s;
