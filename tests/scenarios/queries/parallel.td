# Queries over a table read in parts by several threads (3 query workers,
# parts of at least 64 KiB, so that a 200,000-row table is cut into 12):
# GROUP BY, top-k, join probes and filtered scans give what one thread
# gives, in the same order; errors, statement_timeout and cancel reach
# the threads; the session and the server carry on.

$ start-freshet-args --query-workers=3 --parallel-scan-min-bytes=65536

> CREATE TABLE t (g int8 NOT NULL, k int4 NOT NULL, v int4 NOT NULL, s text)

> INSERT INTO t SELECT g, g % 7, (g * 7919) % 1000 - 500, 'row ' || g FROM generate_series(1, 200000) g

> SELECT count(*), sum(g) FROM t WHERE g % 3 = 0
66666 6666633333

> SELECT k, count(*) FROM t GROUP BY k ORDER BY k
0 28571
1 28572
2 28572
3 28572
4 28571
5 28571
6 28571

> SELECT sum(v), min(s), max(g) FROM t
-100000 "row 1" 200000

# Top-k: the ties on v keep g's order.
> SELECT g, v FROM t ORDER BY v DESC, g LIMIT 3
321 499
1321 499
2321 499

# A join probed in parts, its build side (a GROUP BY) made once.
> SELECT count(*), sum(a.v) FROM t a JOIN (SELECT k, count(*) AS n FROM t GROUP BY k) b ON a.k = b.k WHERE b.n > 28571
85716 -41498

# Filtered scans stream in the table's order (by g), also when LIMIT stops
# them early.
> SELECT g FROM t WHERE g % 50000 = 0
50000
100000
150000
200000

> SELECT g FROM t WHERE v = 499 LIMIT 2
321
1321

# An error in one part fails the query.
! SELECT sum(100 / (g - 150000)) FROM t
sqlstate: 22012
exact: division by zero

! SELECT g, 100 / (g - 150000) FROM t WHERE k = 4
sqlstate: 22012
exact: division by zero

# A join of 200,000 x 28,571 rows per key would run for minutes: the
# statement timeout and a cancel stop every thread.
> SET statement_timeout = '200ms'

! SELECT count(*) FROM t a JOIN t b ON a.k = b.k
sqlstate: 57014
exact: canceling statement due to statement timeout

> SET statement_timeout = 0

$ cancel-after 300ms

! SELECT a.g, b.g FROM t a JOIN t b ON a.k = b.k WHERE a.v + b.v > 2000
sqlstate: 57014
exact: canceling statement due to user request

> SELECT count(*) FROM t
200000
