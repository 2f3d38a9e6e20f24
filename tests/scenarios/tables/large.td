# A 100,000-row INSERT ... SELECT commits atomically, and reading the table
# back streams it in batches from one storage snapshot (generate_series is
# not there yet: a five-way cross join of ten digits makes the rows).

$ set-timeout 120s

> CREATE TABLE digits (d int4)

> INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)

> CREATE TABLE big (n int8, label text)

> INSERT INTO big SELECT a.d * 10000 + b.d * 1000 + c.d * 100 + e.d * 10 + f.d, 'row ' || (a.d * 10000 + b.d * 1000 + c.d * 100 + e.d * 10 + f.d)::text FROM digits a, digits b, digits c, digits e, digits f

> SELECT count(*), count(DISTINCT n), sum(n), min(label), max(label) FROM big
100000 100000 4999950000 "row 0" "row 99999"

# Reading the table while inserting into it sees the snapshot before the
# insert: the table doubles, no more.
> INSERT INTO big SELECT * FROM big

> SELECT count(*), count(DISTINCT n) FROM big
200000 100000

> SELECT n, label FROM big WHERE n >= 99998 ORDER BY n
99998 "row 99998"
99998 "row 99998"
99999 "row 99999"
99999 "row 99999"

> DELETE FROM big WHERE n % 2 = 0

> SELECT count(*) FROM big
100000
