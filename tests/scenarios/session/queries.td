# SELECT without tables: types, casts, operators and PostgreSQL's errors.

> SELECT 1 + 2 AS three, 'a' || 'b', 2.50, 7 / 2, 1.5::float8 * 2, NULL::int, true AND NULL
columns: three ?column? ?column? ?column? ?column? int4 ?column?
types: int4 text numeric int4 float8 int4 bool
3 ab 2.50 3 3 <null> <null>

> SELECT 'x'::varchar(5), 'x'::char(3), ''::text, 'spaces here'
x "x  " "" "spaces here"

> VALUES (1, 'one'), (2, 'two')
columns: column1 column2
1 one
2 two

> SELECT 1 WHERE false

> SELECT 1e15::float8, 0.1::float4, 1e-5::float8, '-0'::float8
1e+15 0.1 1e-05 -0

> SELECT '\x00ff'::bytea, 'ünïcödé', length('ünïcödé')
\x00ff ünïcödé 7

! SELECT 1 / 0
sqlstate: 22012

! SELECT 2147483647 + 1
sqlstate: 22003
exact: integer out of range

! SELECT 'abc'::int
sqlstate: 22P02
exact: invalid input syntax for type integer: "abc"

! SELECT nosuchfunction(1)
sqlstate: 42883
exact: function nosuchfunction(integer) does not exist
hint: You might need to add explicit type casts

! SELECT 1 + true
sqlstate: 42883
position: 10

! SELECT nosuchcolumn
sqlstate: 42703
exact: column "nosuchcolumn" does not exist

# There are no sources yet; the relation exists and is empty.
> SELECT * FROM mz_sources

> SELECT s.name, c.name FROM mz_sources s JOIN mz_connections c ON s.connection_id = c.id

# Subqueries in FROM, WITH, UNION and DISTINCT (PostgreSQL's results).
> SELECT * FROM (SELECT 1 AS a, 'x' AS b) AS sub
columns: a b
1 x

! SELECT * FROM (SELECT 1)
sqlstate: 42601
exact: subquery in FROM must have an alias

> WITH a AS (SELECT 1 AS v), b AS (SELECT v + 1 AS w FROM a) SELECT w, v FROM b, a
2 1

> SELECT 1 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 ORDER BY n
1
1
2

> SELECT 1 AS n UNION SELECT 1 UNION SELECT 2.5 ORDER BY 1 DESC
2.5
1

> VALUES (1), (2) UNION ALL VALUES (3)
1
2
3

> SELECT DISTINCT v FROM (SELECT 1 AS v UNION ALL SELECT 1 UNION ALL SELECT NULL::int UNION ALL SELECT NULL::int) AS t
1
<null>

! SELECT 1 UNION SELECT 1, 2
sqlstate: 42601
exact: each UNION query must have the same number of columns

> SELECT x FROM (VALUES (1), (1), (2)) t(x) INTERSECT ALL SELECT * FROM (VALUES (1), (1), (1), (3)) u(y)
1
1

> SELECT x FROM generate_series(1, 5) x EXCEPT SELECT 2 * y FROM generate_series(1, 2) y ORDER BY 1
1
3
5

! SELECT sum(x) OVER () FROM generate_series(1, 3) x
sqlstate: 0A000

! CREATE MATERIALIZED VIEW v AS SELECT 1
sqlstate: 0A000
exact: CREATE MATERIALIZED VIEW is not supported

! CREATE SOURCE s FROM POSTGRES CONNECTION pg (PUBLICATION 'p') FOR ALL TABLES
sqlstate: 42P01
exact: unknown catalog item 'pg'

! SELEC 1
sqlstate: 42601
exact: syntax error at or near "SELEC"
position: 1
