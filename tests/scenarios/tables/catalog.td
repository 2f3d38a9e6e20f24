# Tables in Materialize's catalog: CREATE TABLE [IF NOT EXISTS] with
# qualified names, the shared item namespace, SHOW TABLES / COLUMNS /
# CREATE TABLE, mz_tables, mz_objects and mz_columns, DROP TABLE
# [IF EXISTS] ... [CASCADE], and what tables refuse (constraints other than
# NOT NULL, writes inside a transaction block, writes to builtin relations).

> CREATE TABLE materialize.public.orders (id int8 NOT NULL, note varchar(20) DEFAULT 'none', amount numeric(10,2), tags text[])

> CREATE TABLE public.events (at timestamptz, payload jsonb)

> CREATE SECRET s AS 'x'

! CREATE TABLE s (a int4)
sqlstate: 42710
exact: catalog item 's' already exists

! CREATE TABLE orders (a int4)
sqlstate: 42710
exact: catalog item 'orders' already exists

! CREATE SECRET orders AS 'y'
sqlstate: 42710

$ psql
CREATE TABLE IF NOT EXISTS orders (a int4);
DROP TABLE IF EXISTS nothing_here;
----
NOTICE:  catalog item 'orders' already exists, skipping
NOTICE:  table "nothing_here" does not exist, skipping
----

> SHOW TABLES
events <null>
orders <null>

> SHOW TABLES LIKE 'o%'
orders <null>

> SHOW TABLES FROM public WHERE name = 'events'
events <null>

> SHOW COLUMNS FROM orders
columns: name nullable type comment
id f bigint <null>
note t "character varying" <null>
amount t numeric <null>
tags t text[] <null>

> SHOW CREATE TABLE orders
materialize.public.orders "CREATE TABLE materialize.public.orders (id pg_catalog.int8 NOT NULL, note pg_catalog.varchar(20) DEFAULT 'none', amount pg_catalog.numeric(10,2), tags pg_catalog.text[])"

> SELECT name, owner_id, source_id, create_sql LIKE 'CREATE TABLE materialize.public.%' FROM mz_tables ORDER BY name
events u1 <null> t
orders u1 <null> t

> SELECT o.name, o.type FROM mz_objects o JOIN mz_tables t ON o.id = t.id ORDER BY 1
events table
orders table

> SELECT c.name, c.position, c.nullable, c.type, c.default, c.type_oid, c.type_mod FROM mz_columns c JOIN mz_tables t ON c.id = t.id WHERE t.name = 'orders' ORDER BY c.position
id 1 f bigint <null> 20 -1
note 2 t "character varying" "'none'" 1043 24
amount 3 t numeric <null> 1700 655366
tags 4 t text[] <null> 1009 -1

# Constraints Freshet does not enforce are refused rather than ignored.
! CREATE TABLE k (a int4 PRIMARY KEY)
sqlstate: 0A000
exact: PRIMARY KEY constraints is not supported

! CREATE TABLE k (a int4, UNIQUE (a))
sqlstate: 0A000
contains: UNIQUE

! CREATE TABLE k (a int4 CHECK (a > 0))
sqlstate: 0A000

! CREATE TABLE k (a int4 REFERENCES orders (id))
sqlstate: 0A000

! CREATE TABLE k (a nosuchtype)
sqlstate: 42704

! CREATE TABLE k (a int4, a text)
sqlstate: 42701
exact: column "a" specified more than once

! CREATE TABLE k (a int4 DEFAULT 'abc')
sqlstate: 22P02

! CREATE TABLE nosuchschema.k (a int4)
sqlstate: 3F000

# Writes commit at once, so a transaction block refuses them.
$ psql
BEGIN;
INSERT INTO orders VALUES (1);
ROLLBACK;
----
ERROR:  INSERT cannot be run inside a transaction block
----

! INSERT INTO mz_tables VALUES ('x')
sqlstate: 42809

! INSERT INTO s VALUES (1)
sqlstate: 42809

! INSERT INTO nope VALUES (1)
sqlstate: 42P01
exact: unknown catalog item 'nope'

> INSERT INTO materialize.public.orders (id, amount) VALUES (1, 9.999)

> SELECT id, note, amount, tags FROM materialize.public.orders
1 none 10.00 <null>

# DROP TABLE names tables only, and takes the rows with it.
! DROP TABLE s
sqlstate: 42809
contains: is not a table

! DROP SECRET orders
sqlstate: 42809

> DROP TABLE orders, events

> SHOW TABLES

> SELECT count(*) FROM mz_columns c JOIN mz_objects o ON c.id = o.id
0

! SELECT * FROM orders
sqlstate: 42P01

> CREATE TABLE orders (id int8)

> SELECT count(*) FROM orders
0
