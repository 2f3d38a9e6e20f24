# Tables and their rows are durable: after a clean restart and after
# kill -9 the catalog item, its columns and every committed row are there,
# and the table keeps accepting writes (its collection id is not reused).

> CREATE TABLE p (id int4 NOT NULL, t text DEFAULT 'd', a int4[], n numeric(5,1))

> INSERT INTO p VALUES (1, 'one', '{1}', 1.25), (2, NULL, NULL, NULL), (2, NULL, NULL, NULL)

$ restart-freshet

> SELECT * FROM p ORDER BY id
1 one {1} 1.3
2 <null> <null> <null>
2 <null> <null> <null>

> INSERT INTO p (id) VALUES (3)

> DELETE FROM p WHERE id = 1

$ kill-freshet

> SELECT * FROM p ORDER BY id
2 <null> <null> <null>
2 <null> <null> <null>
3 d <null> <null>

> SHOW CREATE TABLE p
materialize.public.p "CREATE TABLE materialize.public.p (id pg_catalog.int4 NOT NULL, t pg_catalog.text DEFAULT 'd', a pg_catalog.int4[], n pg_catalog.numeric(5,1))"

! INSERT INTO p (t) VALUES ('x')
sqlstate: 23502

> CREATE TABLE q (x int4)

> INSERT INTO q VALUES (7)

> DROP TABLE p

$ kill-freshet

> SHOW TABLES
q <null>

> SELECT * FROM q
7

> CREATE TABLE p (id int4)

> SELECT count(*) FROM p
0
