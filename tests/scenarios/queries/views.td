# CREATE VIEW / DROP VIEW / SHOW CREATE VIEW: a view stores its query and
# every use binds it again, so it always reads current data; dependencies
# guard DROP.

> CREATE TABLE t (a int4, b text)

> INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL)

> CREATE VIEW v AS SELECT a, upper(b) AS ub FROM t WHERE a > 1

> CREATE VIEW counts (n, total) AS SELECT count(*), sum(a) FROM v

> SELECT * FROM v ORDER BY a
columns: a ub
types: int4 text
2 Y
3 <null>

> SELECT n, total FROM counts
2 5

# A view reads what the table holds now.
> INSERT INTO t VALUES (4, 'z')

> SELECT n, total FROM counts
3 9

# Joined, aliased and filtered like a table.
> SELECT x.a, y.n FROM v AS x(a, u) CROSS JOIN counts y WHERE x.u = 'Z'
4 3

> SHOW VIEWS
v <null>
counts <null>

> SHOW CREATE VIEW v
materialize.public.v "CREATE VIEW materialize.public.v AS SELECT a, upper(b) AS ub FROM t WHERE a > 1"

> SHOW COLUMNS FROM counts
n t bigint <null>
total t bigint <null>

> SELECT name, definition FROM mz_views ORDER BY name
counts "SELECT count(*), sum(a) FROM v;"
v "SELECT a, upper(b) AS ub FROM t WHERE a > 1;"

> SELECT o.name, r.name FROM mz_internal.mz_object_dependencies d JOIN mz_objects o ON o.id = d.object_id JOIN mz_objects r ON r.id = d.referenced_object_id ORDER BY 1
counts v
v t

! DROP TABLE t
sqlstate: 2BP01

! DROP VIEW v
sqlstate: 2BP01

! CREATE VIEW v AS SELECT 1
sqlstate: 42710

> CREATE VIEW IF NOT EXISTS v AS SELECT 1

! CREATE VIEW bad AS SELECT nope FROM t
sqlstate: 42703

! CREATE VIEW bad (a, b) AS SELECT 1
sqlstate: 42601
exact: CREATE VIEW specifies more column names than columns

! CREATE OR REPLACE VIEW v AS SELECT 1 AS one
sqlstate: 2BP01

> CREATE OR REPLACE VIEW counts AS SELECT 1 AS one

> SELECT * FROM counts
1

! DROP TABLE v
sqlstate: 42809

> DROP VIEW counts

> DROP TABLE t CASCADE

! SELECT * FROM v
sqlstate: 42P01

> SELECT count(*) FROM mz_views
0
