-- Joins: INNER/LEFT/RIGHT/FULL/CROSS with ON, USING, NATURAL, over VALUES
-- (duplicates and NULL keys) and over the tables.

-- name: inner_on_values
SELECT a.k, a.x, b.y FROM (VALUES (1, 'a'), (2, 'b'), (2, 'bb'), (NULL, 'n')) a(k, x)
JOIN (VALUES (2, 'B'), (3, 'C'), (NULL, 'N')) b(k, y) ON a.k = b.k;
-- name: left_on_values
SELECT a.k, a.x, b.y FROM (VALUES (1, 'a'), (2, 'b'), (NULL, 'n')) a(k, x)
LEFT JOIN (VALUES (2, 'B'), (2, 'BB'), (3, 'C')) b(k, y) ON a.k = b.k;
-- name: right_on_values
SELECT a.x, b.k, b.y FROM (VALUES (1, 'a'), (2, 'b')) a(k, x)
RIGHT JOIN (VALUES (2, 'B'), (3, 'C'), (NULL, 'N')) b(k, y) ON a.k = b.k;
-- name: full_on_values
SELECT a.k AS ak, a.x, b.k AS bk, b.y FROM (VALUES (1, 'a'), (2, 'b'), (NULL, 'n')) a(k, x)
FULL JOIN (VALUES (2, 'B'), (3, 'C'), (NULL, 'N')) b(k, y) ON a.k = b.k;
-- name: cross_values
SELECT * FROM (VALUES (1), (2)) a(x) CROSS JOIN (VALUES ('p'), ('q'), ('r')) b(y);
-- name: comma_join
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x), (VALUES (10), (20)) b(y) WHERE b.y = a.x * 10;
-- name: using_values
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) a(k, x) JOIN (VALUES (2, 'B'), (3, 'C')) b(k, y) USING (k);
-- name: using_full
SELECT k, x, y FROM (VALUES (1, 'a'), (2, 'b')) a(k, x) FULL JOIN (VALUES (2, 'B'), (3, 'C')) b(k, y) USING (k);
-- name: using_left_star
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) a(k, x) LEFT JOIN (VALUES (2, 'B')) b(k, y) USING (k);
-- name: natural_values
SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20)) a(k, x, z) NATURAL JOIN (VALUES (1, 10, 'p'), (2, 21, 'q')) b(k, z, w);
-- name: natural_no_common
SELECT * FROM (VALUES (1)) a(x) NATURAL JOIN (VALUES (2), (3)) b(y);
-- name: natural_full
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) a(k, x) NATURAL FULL JOIN (VALUES (2, 'B'), (3, 'C')) b(k, y);
-- name: join_on_expression
SELECT a.x, b.y FROM (VALUES (1), (2), (3)) a(x) JOIN (VALUES (2), (4), (6)) b(y) ON b.y = a.x * 2 AND a.x <> 2;
-- name: join_on_inequality
SELECT a.x, b.y FROM (VALUES (1), (2), (3)) a(x) JOIN (VALUES (1), (2), (3)) b(y) ON a.x < b.y;
-- name: join_on_true
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x) JOIN (VALUES ('z')) b(y) ON true;
-- name: left_join_on_false
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x) LEFT JOIN (VALUES ('z')) b(y) ON false;
-- name: left_join_filter_where_vs_on
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x) LEFT JOIN (VALUES (1, 'p'), (2, 'q')) b(k, y) ON a.x = b.k AND b.y = 'p';
-- name: left_join_where_is_null
SELECT a.x FROM (VALUES (1), (2), (3)) a(x) LEFT JOIN (VALUES (2)) b(y) ON a.x = b.y WHERE b.y IS NULL;
-- name: three_way_join
SELECT a.x, b.y, c.z FROM (VALUES (1), (2)) a(x) JOIN (VALUES (1, 'b1'), (2, 'b2')) b(k, y) ON a.x = b.k
JOIN (VALUES ('b1', 'c1'), ('b2', 'c2'), ('b2', 'c3')) c(y2, z) ON c.y2 = b.y;
-- name: self_join_values
WITH t(x) AS (VALUES (1), (2), (3)) SELECT l.x, r.x FROM t l JOIN t r ON l.x + 1 = r.x;
-- name: join_empty_table
SELECT * FROM t_dup JOIN t_empty ON t_dup.a = t_empty.id;
-- name: left_join_empty_table
SELECT t_dup.a, t_dup.b, t_empty.t FROM t_dup LEFT JOIN t_empty ON t_dup.a = t_empty.id;
-- name: join_dup_dup
SELECT x.a, x.b, y.b AS b2 FROM t_dup x JOIN t_dup y ON x.a = y.a;
-- name: join_dup_is_not_distinct
SELECT count(*) FROM t_dup x JOIN t_dup y ON x.b IS NOT DISTINCT FROM y.b;
-- name: join_int_text_tables
SELECT i.id, i.i4, t.t FROM t_int i JOIN t_text t ON i.id = t.id WHERE i.i4 IS NOT NULL;
-- name: full_join_tables
SELECT f.id AS fid, n.id AS nid FROM (SELECT id FROM t_float WHERE id <= 8) f FULL JOIN (SELECT id FROM t_num WHERE id >= 5) n ON f.id = n.id;
-- name: cross_join_count
SELECT count(*) FROM t_int CROSS JOIN t_text;
-- name: join_lateral_values
SELECT a.x, s.y FROM (VALUES (1), (3)) a(x), LATERAL (SELECT a.x * 10 AS y) s;
-- name: join_subquery_aggregate
SELECT a.k, s.total FROM (VALUES (1), (2), (3)) a(k)
LEFT JOIN (SELECT k, sum(v) AS total FROM (VALUES (1, 10), (1, 5), (2, 7)) t(k, v) GROUP BY k) s ON s.k = a.k;
-- name: using_column_coalesced_type
SELECT k, pg_typeof(k) FROM (VALUES (1::int2)) a(k) FULL JOIN (VALUES (1::int8), (2::int8)) b(k) USING (k);
-- name: join_text_unicode_keys
SELECT a.s, b.n FROM (VALUES ('café'), ('cafe'), ('CAFÉ')) a(s) JOIN (VALUES ('café', 1), ('CAFÉ', 2)) b(s, n) ON a.s = b.s;
