# psql, the client the tutorial uses, prints exactly what it prints against
# PostgreSQL.

$ psql
SELECT 1 AS one, 'two' AS two, NULL::int AS three;
SHOW cluster;
BEGIN;
SELECT 1;
COMMIT;
\echo done
----
 one | two | three
-----+-----+-------
   1 | two |
(1 row)

  cluster
------------
 quickstart
(1 row)

 ?column?
----------
        1
(1 row)

done
----

$ psql
SELECT 1/0;
SELECT nosuch;
----
ERROR:  division by zero
ERROR:  column "nosuch" does not exist
LINE 1: SELECT nosuch;
               ^
----
