-- IN / NOT IN / EXISTS / scalar subqueries (also correlated) and WITH.

-- name: in_subquery
SELECT x FROM (VALUES (1), (2), (3), (NULL)) a(x) WHERE x IN (SELECT y FROM (VALUES (2), (3), (4)) b(y));
-- name: not_in_subquery
SELECT x FROM (VALUES (1), (2), (3)) a(x) WHERE x NOT IN (SELECT y FROM (VALUES (2)) b(y));
-- name: not_in_subquery_with_null
SELECT x FROM (VALUES (1), (2), (3)) a(x) WHERE x NOT IN (SELECT y FROM (VALUES (2), (NULL)) b(y));
-- name: not_in_empty_subquery
SELECT x FROM (VALUES (1), (NULL)) a(x) WHERE x NOT IN (SELECT id FROM t_empty);
-- name: in_subquery_value
SELECT x, x IN (SELECT y FROM (VALUES (2), (NULL)) b(y)) AS r FROM (VALUES (1), (2), (NULL)) a(x);
-- name: exists_true
SELECT EXISTS (SELECT 1), EXISTS (SELECT 1 WHERE false), NOT EXISTS (SELECT * FROM t_empty);
-- name: exists_correlated
SELECT x FROM (VALUES (1), (2), (3)) a(x) WHERE EXISTS (SELECT 1 FROM (VALUES (2), (3), (3)) b(y) WHERE b.y = a.x);
-- name: not_exists_correlated
SELECT x FROM (VALUES (1), (2), (NULL)) a(x) WHERE NOT EXISTS (SELECT 1 FROM (VALUES (2)) b(y) WHERE b.y = a.x);
-- name: scalar_subquery
SELECT (SELECT 42), (SELECT max(x) FROM generate_series(1, 9) x);
-- name: scalar_subquery_empty_is_null
SELECT (SELECT 1 WHERE false) IS NULL;
-- name: scalar_subquery_correlated
SELECT x, (SELECT count(*) FROM (VALUES (1), (2), (2), (3)) b(y) WHERE b.y <= a.x) AS cnt FROM (VALUES (0), (2), (5)) a(x);
-- name: scalar_subquery_correlated_max
SELECT g, (SELECT max(v) FROM (VALUES (1, 'a'), (1, 'c'), (2, 'b')) t(k, v) WHERE t.k = a.g) FROM (VALUES (1), (2), (3)) a(g);
-- name: subquery_in_where_scalar
SELECT x FROM generate_series(1, 10) x WHERE x > (SELECT avg(y) FROM generate_series(1, 10) y);
-- name: any_subquery
SELECT x FROM (VALUES (1), (5), (9)) a(x) WHERE x > ANY (SELECT y FROM (VALUES (4), (6)) b(y));
-- name: all_subquery
SELECT x FROM (VALUES (1), (5), (9)) a(x) WHERE x > ALL (SELECT y FROM (VALUES (4), (6)) b(y));
-- name: all_subquery_empty
SELECT x FROM (VALUES (1), (NULL)) a(x) WHERE x > ALL (SELECT id FROM t_empty);
-- name: with_basic
WITH t AS (SELECT 1 AS a, 2 AS b) SELECT a + b FROM t;
-- name: with_two_ctes
WITH a AS (SELECT x FROM generate_series(1, 4) x), b AS (SELECT x * 10 AS y FROM a) SELECT sum(y) FROM b;
-- name: with_column_list
WITH t(p, q) AS (VALUES (1, 'one'), (2, 'two')) SELECT q, p FROM t;
-- name: with_referenced_twice
WITH t AS (SELECT x FROM generate_series(1, 3) x) SELECT a.x, b.x FROM t a JOIN t b ON a.x < b.x;
-- name: with_union
WITH t AS (SELECT 1 AS v UNION ALL SELECT 2) SELECT v FROM t UNION ALL SELECT v * 100 FROM t;
-- name: with_nested
WITH outer_cte AS (WITH inner_cte AS (SELECT 5 AS v) SELECT v + 1 AS w FROM inner_cte) SELECT w FROM outer_cte;
-- name: with_recursive_count
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r;
-- name: subquery_in_select_list_tables
SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) AS n FROM customers c WHERE c.id <= 12;
-- name: in_subquery_tables
SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE status = 'cancelled') AND id < 20;
-- name: not_in_subquery_tables
SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM orders);
-- name: exists_tables
SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.order_id = o.id) AND o.id < 60;
-- name: derived_table_group
SELECT s.status, s.n FROM (SELECT status, count(*) AS n FROM orders GROUP BY status) s WHERE s.n > 0;
-- name: scalar_subquery_too_many
-- error
SELECT (SELECT x FROM generate_series(1, 2) x);
