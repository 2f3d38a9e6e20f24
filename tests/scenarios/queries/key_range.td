# A filter that bounds a table's first column (an integer) by constants
# reads only that range of the table's stored order (docs/architecture.md,
# "Key ranges"): the same rows as a full scan, with negative numbers,
# NULLs, repeated rows, the integer types' extremes and empty ranges, on
# several threads, before and after storage settles the table. The answers
# were computed by PostgreSQL 15.

$ start-freshet-args --settle-min-bytes=65536 --query-workers=3 --parallel-scan-min-bytes=65536

> CREATE TABLE k (id int4, v text)

> INSERT INTO k SELECT g, 'v' || g FROM generate_series(-3000, 60000) g

> INSERT INTO k VALUES (NULL, 'null id'), (7, 'seven again'), (-2147483648, 'min'), (2147483647, 'max')

> CREATE TABLE w (id int8, n int4)

> INSERT INTO w VALUES (-9223372036854775808, 1), (-1, 2), (0, 3), (255, 4), (256, 5), (65535, 6), (65536, 7), (9223372036854775807, 8), (NULL, 9)

> EXPLAIN SELECT v FROM k WHERE id = 7
"Project (#1)\n  Filter =(#0, 7::int4)\n    Scan materialize.public.k (key range: #0 = 7)\n"

> EXPLAIN SELECT count(*) FROM k WHERE 255 < id AND id <= 300 AND v <> 'x'
"Project (#0)\n  Reduce keys=() aggregates=1\n    Filter AND(<(255::int4, #0), <=(#0, 300::int4), <>(#1, x::text))\n      Scan materialize.public.k (key range: #0 > 255 AND #0 <= 300)\n"

# int8 and int2 columns compared with int4 constants: the binder widens one
# side, which changes no value.
> EXPLAIN SELECT n FROM w WHERE id = 0
"Project (#1)\n  Filter =(#0, 0::int4::int8)\n    Scan materialize.public.w (key range: #0 = 0)\n"

> CREATE TABLE s (id int2, n int4)

> INSERT INTO s SELECT g, g * 10 FROM generate_series(-5, 5) g

> EXPLAIN SELECT n FROM s WHERE id >= 3
"Project (#1)\n  Filter >=(#0::int4, 3::int4)\n    Scan materialize.public.s (key range: #0 >= 3)\n"

> SELECT id, n FROM s WHERE id >= 3 ORDER BY id
3 30
4 40
5 50

> SELECT id, n FROM s WHERE id < -4 OR id = 0
-5 -50
0 0

> SELECT id, v FROM k WHERE id = 7 ORDER BY v
7 "seven again"
7 v7

> SELECT count(*) FROM k WHERE id = 60001
0

> SELECT count(*), min(id), max(id) FROM k WHERE id < -2990
11 -2147483648 -2991

> SELECT count(*), min(id), max(id) FROM k WHERE id <= 0 AND id > -5
5 -4 0

> SELECT count(*), sum(id) FROM k WHERE id BETWEEN 100 AND 50000
49901 1250020050

> SELECT count(*) FROM k WHERE 255 < id AND 300 >= id
45

> SELECT count(*) FROM k WHERE id >= 10 AND id < 5
0

> SELECT count(*) FROM k WHERE id = 5 AND id = 6
0

> SELECT id, v FROM k WHERE id > 2147483640
2147483647 max

> SELECT id, v FROM k WHERE id < -2147483000
-2147483648 min

> SELECT count(*) FROM k WHERE id = 40000 OR id = 40001
2

> SELECT count(*) FROM k WHERE id > 59990 AND v LIKE '%5'
1

> SELECT id, n FROM w WHERE id >= 255 AND id <= 65536 ORDER BY id
255 4
256 5
65535 6
65536 7

> SELECT id, n FROM w WHERE id > 9223372036854775806
9223372036854775807 8

> SELECT count(*) FROM w WHERE id > 9223372036854775807
0

> SELECT id, n FROM w WHERE id < 0 ORDER BY id
-9223372036854775808 1
-1 2

> SELECT n FROM w WHERE id = 0
3

> SELECT n FROM w WHERE 256 = id
5

# Parameters, as drivers send them: the range is taken at each execution.
> SELECT v FROM k WHERE id = $1
params: 7
"seven again"
v7

> SELECT count(*), sum(id) FROM k WHERE id BETWEEN $1 AND $2
params: 100 50000
49901 1250020050

> SELECT count(*) FROM k WHERE id >= $1 AND id < 5
params: 10
0

> SELECT n FROM w WHERE id = $1
params: 65536
7

# Once the table is settled into pages, ranges start and end inside pages.
$ python3 clients/wait_settled.py 1 60000

> SELECT id, v FROM k WHERE id = 7 ORDER BY v
7 "seven again"
7 v7

> SELECT count(*), sum(id) FROM k WHERE id BETWEEN 100 AND 50000
49901 1250020050

> SELECT count(*), min(id), max(id) FROM k WHERE id < -2990
11 -2147483648 -2991

> SELECT id, v FROM k WHERE id > 2147483640
2147483647 max

> DELETE FROM k WHERE id = 7

> SELECT count(*) FROM k WHERE id = 7
0
