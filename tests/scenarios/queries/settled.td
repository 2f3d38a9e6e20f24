# A table that storage has settled into pages (docs/storage.md, "Settled
# bases") answers as before; changes after the settle (deletes, updates,
# inserts) are read through the base, in parts on several threads too; a
# second settle takes them in; a restart keeps it all. The answers after
# the changes were computed by PostgreSQL 15 from the same statements.

$ start-freshet-args --settle-min-bytes=65536 --query-workers=3 --parallel-scan-min-bytes=65536

> CREATE TABLE t (g int8 NOT NULL, k int4 NOT NULL, v int4 NOT NULL, s text)

> INSERT INTO t SELECT g, g % 7, (g * 7919) % 1000 - 500, 'row ' || g FROM generate_series(1, 200000) g

# A second without commits, and storage settles the table.
$ python3 clients/wait_settled.py 1 200000

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

> SELECT g, v FROM t ORDER BY v DESC, g LIMIT 3
321 499
1321 499
2321 499

> SELECT g FROM t WHERE g % 50000 = 0
50000
100000
150000
200000

# Changes on top of the base: rows of the base deleted, updated (a delete
# and an insert each), new rows after its last page.
> DELETE FROM t WHERE g % 10 = 0

> UPDATE t SET v = v + 1, s = s || '!' WHERE k = 3

> INSERT INTO t SELECT g, g % 7, 0, 'new ' || g FROM generate_series(300001, 310000) g

> SELECT count(*), sum(g), sum(v) FROM t
190000 21050005000 25714

> SELECT k, count(*), sum(v) FROM t GROUP BY k ORDER BY k
0 27142 -4992
1 27143 -1164
2 27144 1164
3 27143 30706
4 27143 2591
5 27143 0
6 27142 -2591

> SELECT g, v, s FROM t ORDER BY v DESC, g LIMIT 3
3321 500 "row 3321!"
10321 500 "row 10321!"
17321 500 "row 17321!"

> SELECT g, s FROM t WHERE g % 50000 = 1 ORDER BY g
1 "row 1"
50001 "row 50001"
100001 "row 100001"
150001 "row 150001"
300001 "new 300001"

> SELECT count(*) FROM t WHERE s LIKE '%!'
25714

> SELECT g, k, v, s FROM t WHERE g IN (9, 10, 11, 17, 200000, 300001, 310000) ORDER BY g
9 2 -229 "row 9"
11 4 -391 "row 11"
17 3 124 "row 17!"
300001 2 0 "new 300001"
310000 5 0 "new 310000"

# The changes are more than a quarter of the table: a second settle.
$ python3 clients/wait_settled.py 2 190000

> SELECT count(*), sum(g), sum(v) FROM t
190000 21050005000 25714

> SELECT g, k, v, s FROM t WHERE g IN (9, 10, 11, 17, 200000, 300001, 310000) ORDER BY g
9 2 -229 "row 9"
11 4 -391 "row 11"
17 3 124 "row 17!"
300001 2 0 "new 300001"
310000 5 0 "new 310000"

$ restart-freshet

> SELECT k, count(*), sum(v) FROM t GROUP BY k ORDER BY k
0 27142 -4992
1 27143 -1164
2 27144 1164
3 27143 30706
4 27143 2591
5 27143 0
6 27142 -2591

> DELETE FROM t WHERE k = 5

> SELECT count(*), sum(v) FROM t
162857 25714
