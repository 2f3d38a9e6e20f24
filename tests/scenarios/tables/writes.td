# INSERT, UPDATE and DELETE as PostgreSQL runs them on a table without
# keys: column lists, DEFAULT, NOT NULL, assignment casts and their errors,
# INSERT ... SELECT, and duplicate rows (a table is a multiset). Passes
# against PostgreSQL 15 too.

> CREATE TABLE w (id int4 NOT NULL, name varchar(5) DEFAULT 'anon', price numeric(6,2) DEFAULT 1 + 1, tags text[], created date DEFAULT '2024-01-01')

> INSERT INTO w VALUES (1, 'ann', 1.005, '{a,b}', '2024-02-29')

> INSERT INTO w (id) VALUES (2)

> INSERT INTO w (tags, id) VALUES ('{}', 3), (NULL, 4)

> INSERT INTO w VALUES (5, DEFAULT, DEFAULT, DEFAULT)

> SELECT * FROM w ORDER BY id
columns: id name price tags created
types: int4 varchar numeric text[] date
1 ann 1.01 {a,b} 2024-02-29
2 anon 2.00 <null> 2024-01-01
3 anon 2.00 {} 2024-01-01
4 anon 2.00 <null> 2024-01-01
5 anon 2.00 <null> 2024-01-01

# Errors, each with PostgreSQL's SQLSTATE and message; nothing of a failed
# INSERT is stored.
! INSERT INTO w (id, name) VALUES (6, 'toolong'), (7, 'ok')
sqlstate: 22001
exact: value too long for type character varying(5)

! INSERT INTO w (id, name) VALUES (6, 'toolong'::text)
sqlstate: 22001
exact: value too long for type character varying(5)

! INSERT INTO w (name) VALUES ('x')
sqlstate: 23502
exact: null value in column "id" of relation "w" violates not-null constraint
detail: Failing row contains (null, x, 2.00, null, 2024-01-01).

! INSERT INTO w VALUES (6), (NULL)
sqlstate: 23502

! INSERT INTO w VALUES (6, 'a', 1, '{}', '2024-01-01', 7)
sqlstate: 42601
exact: INSERT has more expressions than target columns
position: 54

! INSERT INTO w (id, name) VALUES (6)
sqlstate: 42601
exact: INSERT has more target columns than expressions

! INSERT INTO w (id, nope) VALUES (6, 1)
sqlstate: 42703
exact: column "nope" of relation "w" does not exist

! INSERT INTO w (id, id) VALUES (6, 6)
sqlstate: 42701
exact: column "id" specified more than once

! INSERT INTO w (id) VALUES ('six')
sqlstate: 22P02
exact: invalid input syntax for type integer: "six"

! INSERT INTO w (id, created) VALUES (6, true)
sqlstate: 42804
exact: column "created" is of type date but expression is of type boolean
hint: You will need to rewrite or cast the expression.

! INSERT INTO w (id, price) VALUES (6, 12345.678)
sqlstate: 22003
contains: numeric field overflow

! INSERT INTO w (id) VALUES (1), (2, 3)
sqlstate: 42601
exact: VALUES lists must all be the same length

> SELECT count(*) FROM w
5

# INSERT ... SELECT: column lists, defaults for the rest, untyped literals
# read by the column's type.
> INSERT INTO w (id, tags) SELECT id + 10, '{x}' FROM w WHERE id <= 2

> INSERT INTO w SELECT id + 20, name, price FROM w WHERE id = 1

> SELECT id, name, price, tags FROM w WHERE id > 10 ORDER BY id
11 anon 2.00 {x}
12 anon 2.00 {x}
21 ann 1.01 <null>

! INSERT INTO w SELECT id, name, price, tags, created, 1 FROM w
sqlstate: 42601
exact: INSERT has more expressions than target columns

# Duplicates are kept, counted, and removed together.
> CREATE TABLE d (a int4, b text)

> INSERT INTO d VALUES (1, 'x'), (1, 'x'), (1, 'x'), (2, NULL), (2, NULL), (NULL, NULL)

> INSERT INTO d SELECT * FROM d WHERE a = 1

> SELECT a, b, count(*) FROM d GROUP BY a, b ORDER BY a, b
1 x 6
2 <null> 2
<null> <null> 1

> SELECT * FROM d WHERE a = 2
2 <null>
2 <null>

> UPDATE d SET b = 'y' WHERE a = 2

> SELECT * FROM d WHERE a = 2
2 y
2 y

> UPDATE d SET a = a + 100, b = DEFAULT WHERE b = 'x'

> SELECT a, b, count(*) FROM d GROUP BY a, b ORDER BY a, b
2 y 2
101 <null> 6
<null> <null> 1

! UPDATE d SET c = 1
sqlstate: 42703
exact: column "c" of relation "d" does not exist

! UPDATE w SET name = 'toolong' WHERE id = 1
sqlstate: 22001

! UPDATE w SET id = NULL WHERE id = 1
sqlstate: 23502

> DELETE FROM d WHERE a > 100

> SELECT * FROM d
2 y
2 y
<null> <null>

> DELETE FROM d

> SELECT count(*) FROM d
0

# Parameters of a prepared INSERT take their columns' types.
> INSERT INTO d (b, a) VALUES ($1, $2)
params: "p q" 42

> SELECT a, b FROM d
42 "p q"

! INSERT INTO d (a) VALUES ($1)
params: notanumber
sqlstate: 22P02

> DROP TABLE w, d
