-- The oracle's edge-case tables: NULLs everywhere, duplicates, an empty
-- table, unicode, extreme values. Loaded into PostgreSQL 15 and Freshet with
-- plain CREATE TABLE and multi-row INSERT ... VALUES; only those two
-- statements belong in this file (and in data/*.sql). `id` is unique in every
-- table but t_dup and t_empty, so ORDER BY id is a total order.

CREATE TABLE t_int (id int4, i2 int2, i4 int4, i8 int8);
INSERT INTO t_int VALUES
  (1, 0, 0, 0),
  (2, 1, 1, 1),
  (3, -1, -1, -1),
  (4, 32767, 2147483647, 9223372036854775807),
  (5, -32768, -2147483648, -9223372036854775808),
  (6, NULL, NULL, NULL),
  (7, 42, 42, 42),
  (8, 42, 42, 42),
  (9, NULL, 7, NULL),
  (10, -7, NULL, 1000000000000);

CREATE TABLE t_float (id int4, f8 float8, f4 float4);
INSERT INTO t_float VALUES
  (1, 0, 0),
  (2, '-0', '-0'),
  (3, 1.5, 1.5),
  (4, -2.25, -2.25),
  (5, 'Infinity', 'Infinity'),
  (6, '-Infinity', '-Infinity'),
  (7, 'NaN', 'NaN'),
  (8, 1e308, 3.4e38),
  (9, 5e-324, 1e-45),
  (10, NULL, NULL),
  (11, 0.1, 0.1),
  (12, 123456789.125, 1234.5);

CREATE TABLE t_num (id int4, n numeric, n2 numeric(10,2));
INSERT INTO t_num VALUES
  (1, 0, 0),
  (2, 1.5, 1.5),
  (3, -1.5, -1.5),
  (4, 123456789012345678901234567890.123456789, 12345678.91),
  (5, -0.000000000000000000000000000001, -0.01),
  (6, 'NaN', NULL),
  (7, NULL, 3.14159),
  (8, 99999999999999999999999999999999999999, 99999999.99),
  (9, 2.50, 2.5),
  (10, 1.005, 1.005),
  (11, 100, 100),
  (12, 0.1, 0.10);

CREATE TABLE t_text (id int4, t text, v varchar(10), c char(5));
INSERT INTO t_text VALUES
  (1, 'hello', 'hello', 'hello'),
  (2, 'Hello World', 'Hello', 'Hi'),
  (3, '', '', ''),
  (4, NULL, NULL, NULL),
  (5, '  padded  ', ' pad ', ' p '),
  (6, 'café', 'café', 'café'),
  (7, 'café', 'café', 'cafe'),
  (8, '日本語テキスト', '日本語', '日本'),
  (9, '🎉 party 🎉', '🎉', '🎉🎉'),
  (10, 'a,b,,c', 'a,b', 'a'),
  (11, 'it''s "quoted" \ back', 'x''y', 'q'),
  (12, 'UPPER lower MiXeD', 'ÄÖÜ', 'äöü'),
  (13, 'hello', 'hello', 'hello'),
  (14, 'line1
line2', 'tab	x', 'z'),
  (15, '100%_done', '50%', '_');

CREATE TABLE t_time (id int4, d date, ts timestamp, tstz timestamptz, tm time, iv interval);
INSERT INTO t_time VALUES
  (1, '2024-02-29', '2024-02-29 12:34:56.789012', '2024-02-29 12:34:56.789012+00', '12:34:56.789012', '1 day 02:03:04'),
  (2, '2000-01-01', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', '00:00:00', '0'),
  (3, '1999-12-31', '1999-12-31 23:59:59.999999', '1999-12-31 23:59:59.999999+00', '23:59:59.999999', '-1 day'),
  (4, '0044-03-15 BC', '0044-03-15 10:00:00 BC', '0044-03-15 10:00:00+00 BC', '10:00', '1 year 2 mons'),
  (5, 'infinity', 'infinity', 'infinity', '24:00:00', '-1 year -2 mons +3 days -04:05:06'),
  (6, '-infinity', '-infinity', '-infinity', NULL, '1 mon 30 days'),
  (7, NULL, NULL, NULL, '06:30', NULL),
  (8, '1970-01-01', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', '00:00:01', '00:00:00.000001'),
  (9, '2023-03-01', '2023-02-28 23:00:00', '2023-02-28 23:00:00+00', '12:00', '36 hours'),
  (10, '1900-02-28', '2100-12-31 00:00:00', '2100-12-31 00:00:00+00', '18:45:30', '100 years');

CREATE TABLE t_misc (id int4, b bool, j jsonb, u uuid, by bytea, ai int4[], at text[], r int4range, dr daterange);
INSERT INTO t_misc VALUES
  (1, true, '{"a": 1, "b": [1, 2, 3], "c": {"d": "x"}}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x0001ff', '{1,2,3}', '{a,b,c}', '[1,10)', '[2024-01-01,2024-12-31)'),
  (2, false, '[1, "two", null, true, 2.5]', '00000000-0000-0000-0000-000000000000', '\x', '{}', '{}', 'empty', 'empty'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, true, '"just a string"', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '\xdeadbeef', '{NULL,5,NULL}', '{NULL,"x y","",z}', '(,5]', '[2020-02-29,)'),
  (5, false, '{"a": null, "nested": {"deep": {"er": [10, 20]}}, "num": 1.50}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', 'abc', '{-2147483648,2147483647}', '{日本,🎉,café}', '[-5,-5]', '(2000-01-01,2000-01-05]'),
  (6, true, '{}', '123e4567-e89b-12d3-a456-426614174000', '\x00', '{3,1,2,1}', '{b,a,b}', '(,)', '(,)'),
  (7, NULL, '{"a": 2, "b": []}', NULL, '\x7f80', '{7}', '{"with,comma","with\"quote"}', '[3,4)', '[2024-02-28,2024-03-01)'),
  (8, false, 'null', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '\x41', '{10,20,30,40,50}', '{NULL}', '[0,1]', NULL);

CREATE TABLE t_empty (id int4, t text);

CREATE TABLE t_dup (a int4, b text);
INSERT INTO t_dup VALUES
  (1, 'x'), (1, 'x'), (1, 'x'), (2, 'y'), (2, NULL), (2, NULL), (NULL, 'x'),
  (NULL, NULL), (NULL, NULL), (3, 'z');
