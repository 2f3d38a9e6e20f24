# Tables hold every type Freshet has: what goes in through INSERT comes back
# out of SELECT exactly as PostgreSQL 15 prints it (this file passes against
# PostgreSQL too). Values arrive as untyped literals, so each is read by its
# column type's input function (assignment context), typmods applied.

> CREATE TABLE t_int (id int4, i2 int2, i4 int4, i8 int8)

> INSERT INTO t_int VALUES (1, 0, 0, 0), (2, 32767, 2147483647, 9223372036854775807), (3, -32768, -2147483648, -9223372036854775808), (4, NULL, NULL, NULL)

> SELECT * FROM t_int ORDER BY id
columns: id i2 i4 i8
types: int4 int2 int4 int8
1 0 0 0
2 32767 2147483647 9223372036854775807
3 -32768 -2147483648 -9223372036854775808
4 <null> <null> <null>

> CREATE TABLE t_float (id int4, f8 float8, f4 float4)

> INSERT INTO t_float VALUES (1, 0, 0), (2, '-0', '-0'), (3, 1.5, 1.5), (4, 'Infinity', '-Infinity'), (5, 'NaN', 'NaN'), (6, 1e308, 3.4e38), (7, 5e-324, 1e-45), (8, 0.1, 0.1), (9, 123456789.125, 1234.5)

> SELECT * FROM t_float ORDER BY id
types: int4 float8 float4
1 0 0
2 -0 -0
3 1.5 1.5
4 Infinity -Infinity
5 NaN NaN
6 1e+308 3.4e+38
7 5e-324 1e-45
8 0.1 0.1
9 123456789.125 1234.5

> CREATE TABLE t_num (id int4, n numeric, n2 numeric(10,2), n0 numeric(5))

> INSERT INTO t_num VALUES (1, 0, 0, 0), (2, 123456789012345678901234567890.123456789, 12345678.91, 12345), (3, -0.000000000000000000000000000001, -0.01, -1.5), (4, 'NaN', 1.005, 2.5), (5, NULL, 3.14159, NULL), (6, 2.50, 2.5, 0.4)

> SELECT * FROM t_num ORDER BY id
types: int4 numeric numeric numeric
1 0 0.00 0
2 123456789012345678901234567890.123456789 12345678.91 12345
3 -0.000000000000000000000000000001 -0.01 -2
4 NaN 1.01 3
5 <null> 3.14 <null>
6 2.50 2.50 0

> CREATE TABLE t_text (id int4, t text, v varchar(10), c char(5), b bytea)

> INSERT INTO t_text VALUES (1, 'hello', 'hello', 'hi', '\x0001ff'), (2, '', '', '', '\x'), (3, 'café', '日本語', '🎉', 'abc'), (4, 'it''s "quoted" \ back', 'x''y', 'a  ', '\xdeadbeef'), (5, NULL, NULL, NULL, NULL)

> SELECT id, t, v, c, b FROM t_text ORDER BY id
types: int4 text varchar bpchar bytea
1 hello hello "hi   " \x0001ff
2 "" "" "     " \x
3 café 日本語 "🎉    " \x616263
4 "it's \"quoted\" \\ back" x'y "a    " \xdeadbeef
5 <null> <null> <null> <null>

> CREATE TABLE t_time (id int4, d date, ts timestamp, tstz timestamptz, tm time, iv interval, ts3 timestamp(3))

> INSERT INTO t_time VALUES (1, '2024-02-29', '2024-02-29 12:34:56.789012', '2024-02-29 12:34:56.789012+00', '12:34:56.789012', '1 day 02:03:04', '2024-02-29 12:34:56.789512'), (2, '0044-03-15 BC', '0044-03-15 10:00:00 BC', '0044-03-15 10:00:00+00 BC', '24:00:00', '-1 year -2 mons +3 days -04:05:06', NULL), (3, 'infinity', '-infinity', 'infinity', NULL, '36 hours', 'infinity')

> SET timezone = 'UTC'

> SELECT * FROM t_time ORDER BY id
types: int4 date timestamp timestamptz time interval timestamp
1 2024-02-29 "2024-02-29 12:34:56.789012" "2024-02-29 12:34:56.789012+00" 12:34:56.789012 "1 day 02:03:04" "2024-02-29 12:34:56.79"
2 "0044-03-15 BC" "0044-03-15 10:00:00 BC" "0044-03-15 10:00:00+00 BC" 24:00:00 "-1 years -2 mons +3 days -04:05:06" <null>
3 infinity -infinity infinity <null> 36:00:00 infinity

> CREATE TABLE t_misc (id int4, b bool, j jsonb, u uuid, ai int4[], at text[], r int4range, dr daterange)

> INSERT INTO t_misc VALUES (1, true, '{"a": 1, "b": [1, 2, 3]}', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{1,2,3}', '{a,"x y",NULL}', '[1,10)', '[2024-01-01,2024-12-31)'), (2, false, '[1, "two", null, 2.5]', '00000000-0000-0000-0000-000000000000', '{}', '{}', 'empty', 'empty'), (3, NULL, NULL, NULL, NULL, NULL, '(,5]', '(2000-01-01,2000-01-05]')

> SELECT * FROM t_misc ORDER BY id
types: int4 bool jsonb uuid int4[] text[] int4range daterange
1 t "{\"a\": 1, \"b\": [1, 2, 3]}" a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 {1,2,3} "{a,\"x y\",NULL}" [1,10) [2024-01-01,2024-12-31)
2 f "[1, \"two\", null, 2.5]" 00000000-0000-0000-0000-000000000000 {} {} empty empty
3 <null> <null> <null> <null> <null> (,6) [2000-01-02,2000-01-06)

# Typed expressions convert by assignment casts: int to numeric(10,2)
# rounds, numeric to int rounds, and a bigint that does not fit an int2
# overflows.
> INSERT INTO t_num (id, n2, n0) VALUES (7, 1 + 1, 7.5::numeric)

> SELECT n2, n0 FROM t_num WHERE id = 7
2.00 8

! INSERT INTO t_int (id, i2) VALUES (9, 40000::int8)
sqlstate: 22003
exact: smallint out of range

> DROP TABLE t_int, t_float, t_num, t_text, t_time, t_misc
