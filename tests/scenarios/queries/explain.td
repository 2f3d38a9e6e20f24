# EXPLAIN SELECT shows the plan Freshet runs: the hash-joined equality,
# scans that decode only the columns the query reads, LATERAL joins and
# correlated subqueries.

> CREATE TABLE a (id int4, v text, w text)

> CREATE TABLE b (id int4, x int4)

> EXPLAIN SELECT a.v FROM a JOIN b ON a.id = b.id WHERE b.x > 1
"Project (#1)\n  Filter >(#4, 1::int4)\n    InnerJoin =(#0, #3)\n      Scan materialize.public.a (columns #0, #1)\n      Scan materialize.public.b\n"

> EXPLAIN SELECT count(*) FROM a
"Project (#0)\n  Reduce keys=() aggregates=1\n    Scan materialize.public.a (no columns)\n"

> EXPLAIN SELECT id FROM a ORDER BY w DESC LIMIT 3
"Limit 3 offset 0\n  Project (#0)\n    Sort (#1 desc nulls first)\n      Project (#0, #2)\n        Scan materialize.public.a (columns #0, #2)\n"

! EXPLAIN (FORMAT JSON) SELECT 1
sqlstate: 0A000
