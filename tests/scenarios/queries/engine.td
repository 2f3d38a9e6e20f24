# The query engine over tables, as PostgreSQL answers (this file passes
# against PostgreSQL 15 too): hash joins with NULL and duplicate keys, outer
# joins, correlated subqueries, LATERAL top-k per group, set operations,
# DISTINCT ON, set-returning functions, aggregates over an empty group.

> CREATE TABLE emp (id int4, dept text, salary numeric(8,2), boss int4)

> INSERT INTO emp VALUES (1, 'eng', 100.00, NULL), (2, 'eng', 80.50, 1), (3, 'ops', 70, 1), (4, 'ops', 70, 3), (5, NULL, 50, 9), (5, NULL, 50, 9)

> CREATE TABLE dept (name text, floor int4)

> INSERT INTO dept VALUES ('eng', 3), ('ops', 1), ('sales', 2), (NULL, 0)

# NULL keys never match; the duplicate row of id 5 stays two rows.
> SELECT e.id, d.floor FROM emp e JOIN dept d ON e.dept = d.name ORDER BY e.id
1 3
2 3
3 1
4 1

> SELECT e.id, d.name FROM emp e FULL JOIN dept d ON e.dept = d.name ORDER BY e.id, d.name
1 eng
2 eng
3 ops
4 ops
5 <null>
5 <null>
<null> sales
<null> <null>

# A self-join on the boss column, and a correlated scalar subquery.
> SELECT e.id, b.id AS boss, (SELECT count(*) FROM emp r WHERE r.boss = e.id) AS reports FROM emp e LEFT JOIN emp b ON e.boss = b.id ORDER BY e.id, boss
1 <null> 2
2 1 0
3 1 1
4 3 0
5 <null> 0
5 <null> 0

> SELECT name FROM dept d WHERE EXISTS (SELECT 1 FROM emp WHERE dept = d.name AND salary > 75) ORDER BY name
eng

> SELECT name FROM dept WHERE name NOT IN (SELECT dept FROM emp WHERE dept IS NOT NULL) ORDER BY name
sales

# The two best paid per department (LATERAL, ORDER BY ... LIMIT inside).
> SELECT d.name, t.id, t.salary FROM dept d, LATERAL (SELECT id, salary FROM emp WHERE emp.dept = d.name ORDER BY salary DESC, id LIMIT 2) t ORDER BY d.name, t.salary DESC, t.id
eng 1 100.00
eng 2 80.50
ops 3 70.00
ops 4 70.00

> SELECT DISTINCT ON (dept) dept, id, salary FROM emp ORDER BY dept, salary, id
eng 2 80.50
ops 3 70.00
<null> 5 50.00

> SELECT boss FROM emp INTERSECT ALL SELECT id FROM emp ORDER BY 1
1
3

> SELECT id FROM emp EXCEPT SELECT boss FROM emp ORDER BY 1
2
4
5

> SELECT dept, count(*), sum(salary), avg(salary), string_agg(id::text, ',' ORDER BY id) FROM emp GROUP BY dept ORDER BY dept
eng 2 180.50 90.2500000000000000 1,2
ops 2 140.00 70.0000000000000000 3,4
<null> 2 100.00 50.0000000000000000 5,5

> SELECT count(*), sum(salary), max(dept) FROM emp WHERE id > 100
0 <null> <null>

> SELECT id, generate_series(1, id) AS n FROM emp WHERE id <= 2 ORDER BY id, n
1 1
2 1
2 2

> SELECT d.name, x FROM dept d, unnest(ARRAY[d.floor, d.floor * 10]) AS x WHERE d.name = 'eng' ORDER BY x
eng 3
eng 30
