# Every supported upstream type arrives with the value PostgreSQL has, the
# same through the snapshot (COPY) and through the stream (pgoutput): rows 1
# and 3 are copied, rows 2 and 4 streamed with the same values. json becomes
# jsonb (normalized), as in Materialize. Extreme values, unicode, NULLs,
# empty and multi-dimensional arrays, a 16 MiB text value, and a TOASTed
# value that an UPDATE leaves unchanged.

$ set-timeout 60s

$ postgres-execute
DROP PUBLICATION IF EXISTS ${SCENARIO_NAME}_pub
DROP TABLE IF EXISTS ${SCENARIO_NAME}_ty, ${SCENARIO_NAME}_big
CREATE TABLE ${SCENARIO_NAME}_ty (id int, b bool, c3 char(3), by bytea, ch "char", d date, dr daterange, f4 float4, f8 float8, i2 int2, i2v int2vector, i4 int4, i4r int4range, i8 int8, i8r int8range, iv interval, js json, jb jsonb, n numeric, n52 numeric(5,2), nr numrange, o oid, t text, tm time, ts timestamp(3), tz timestamptz, tsr tsrange, tzr tstzrange, u uuid, vc varchar(5), ai int4[], at text[], an numeric[][], ab bool[], ats timestamptz[], ajs jsonb[])
ALTER TABLE ${SCENARIO_NAME}_ty REPLICA IDENTITY FULL
CREATE TABLE ${SCENARIO_NAME}_big (id int, note text, body text)
ALTER TABLE ${SCENARIO_NAME}_big REPLICA IDENTITY FULL
ALTER TABLE ${SCENARIO_NAME}_big ALTER COLUMN body SET STORAGE EXTERNAL
INSERT INTO ${SCENARIO_NAME}_ty VALUES (1, true, 'ab', '\x00ff10', 'x', '2024-02-29', '[2024-01-01,2024-02-01)', 1.5, -1e-300, -32768, '1 2 3', 2147483647, '[1,10)', -9223372036854775808, '(,5]', '1 year 2 mons 3 days 04:05:06.789', '{"b": 1, "a": [1, 2.50, null]}', '{"k": "ü", "a": {"x": true}}', 'NaN', 123.45, '(1.5,2.5]', 4294967295, E'tab\there\nnewline ünïcödé 🎉 back\\slash', '23:59:59.999999', '2024-01-01 12:34:56.789', '1999-12-31 23:59:59.5+05:30', '[2024-01-01 00:00,2024-01-02 00:00)', 'empty', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'abc', '{1,NULL,3}', '{"a b","c\"d",NULL,""}', '{{1.5,2},{3,4.25}}', '{t,f}', '{"2024-01-01 00:00:00+00"}', ARRAY['{"a":1}'::jsonb])
INSERT INTO ${SCENARIO_NAME}_ty VALUES (3, NULL, NULL, NULL, NULL, '-infinity', 'empty', 'Infinity', '-Infinity', 0, '', 0, 'empty', 0, '[1,2]', '-178000000 years', '[]', 'null', '-0.000000000000000000000000000001', -999.99, '[,]', 0, '', '00:00', 'infinity', '-infinity', '(,)', '[,)', '00000000-0000-0000-0000-000000000000', '', '{}', '{}', '{}', '{}', '{}', '{}')
INSERT INTO ${SCENARIO_NAME}_big VALUES (1, 'snapshot', repeat('0123456789abcdef', 1048576))
CREATE PUBLICATION ${SCENARIO_NAME}_pub FOR TABLE ${SCENARIO_NAME}_ty, ${SCENARIO_NAME}_big

> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${UPSTREAM_USER}', DATABASE 'postgres')

# A query right after CREATE SOURCE waits for the snapshot (no retries here).
$ psql
CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES;
SELECT count(*) AS ty, (SELECT count(*) FROM ${SCENARIO_NAME}_big) AS big FROM ${SCENARIO_NAME}_ty;
----
 ty | big
----+-----
  2 |   1
(1 row)

----

$ postgres-execute
INSERT INTO ${SCENARIO_NAME}_ty SELECT 2, b, c3, by, ch, d, dr, f4, f8, i2, i2v, i4, i4r, i8, i8r, iv, js, jb, n, n52, nr, o, t, tm, ts, tz, tsr, tzr, u, vc, ai, at, an, ab, ats, ajs FROM ${SCENARIO_NAME}_ty WHERE id = 1
INSERT INTO ${SCENARIO_NAME}_ty SELECT 4, b, c3, by, ch, d, dr, f4, f8, i2, i2v, i4, i4r, i8, i8r, iv, js, jb, n, n52, nr, o, t, tm, ts, tz, tsr, tzr, u, vc, ai, at, an, ab, ats, ajs FROM ${SCENARIO_NAME}_ty WHERE id = 3
INSERT INTO ${SCENARIO_NAME}_big VALUES (2, 'streamed', repeat('fedcba9876543210', 1048576))
UPDATE ${SCENARIO_NAME}_big SET note = 'updated, body untouched' WHERE id = 1

> SELECT * FROM ${SCENARIO_NAME}_ty ORDER BY id
columns: id b c3 by ch d dr f4 f8 i2 i2v i4 i4r i8 i8r iv js jb n n52 nr o t tm ts tz tsr tzr u vc ai at an ab ats ajs
types: int4 bool bpchar bytea char date daterange float4 float8 int2 int2vector int4 int4range int8 int8range interval jsonb jsonb numeric numeric numrange oid text time timestamp timestamptz tsrange tstzrange uuid varchar int4[] text[] numeric[] bool[] timestamptz[] jsonb[]
1 t "ab " \x00ff10 x 2024-02-29 [2024-01-01,2024-02-01) 1.5 -1e-300 -32768 "1 2 3" 2147483647 [1,10) -9223372036854775808 (,6) "1 year 2 mons 3 days 04:05:06.789" "{\"a\": [1, 2.50, null], \"b\": 1}" "{\"a\": {\"x\": true}, \"k\": \"ü\"}" NaN 123.45 (1.5,2.5] 4294967295 "tab\there\nnewline ünïcödé 🎉 back\\slash" 23:59:59.999999 "2024-01-01 12:34:56.789" "1999-12-31 18:29:59.5+00" "[\"2024-01-01 00:00:00\",\"2024-01-02 00:00:00\")" empty a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 abc {1,NULL,3} "{\"a b\",\"c\\\"d\",NULL,\"\"}" {{1.5,2},{3,4.25}} {t,f} "{\"2024-01-01 00:00:00+00\"}" "{\"{\\\"a\\\": 1}\"}"
2 t "ab " \x00ff10 x 2024-02-29 [2024-01-01,2024-02-01) 1.5 -1e-300 -32768 "1 2 3" 2147483647 [1,10) -9223372036854775808 (,6) "1 year 2 mons 3 days 04:05:06.789" "{\"a\": [1, 2.50, null], \"b\": 1}" "{\"a\": {\"x\": true}, \"k\": \"ü\"}" NaN 123.45 (1.5,2.5] 4294967295 "tab\there\nnewline ünïcödé 🎉 back\\slash" 23:59:59.999999 "2024-01-01 12:34:56.789" "1999-12-31 18:29:59.5+00" "[\"2024-01-01 00:00:00\",\"2024-01-02 00:00:00\")" empty a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 abc {1,NULL,3} "{\"a b\",\"c\\\"d\",NULL,\"\"}" {{1.5,2},{3,4.25}} {t,f} "{\"2024-01-01 00:00:00+00\"}" "{\"{\\\"a\\\": 1}\"}"
3 <null> <null> <null> <null> -infinity empty Infinity -Infinity 0 "" 0 empty 0 [1,3) "-178000000 years" [] null -0.000000000000000000000000000001 -999.99 (,) 0 "" 00:00:00 infinity -infinity (,) (,) 00000000-0000-0000-0000-000000000000 "" {} {} {} {} {} {}
4 <null> <null> <null> <null> -infinity empty Infinity -Infinity 0 "" 0 empty 0 [1,3) "-178000000 years" [] null -0.000000000000000000000000000001 -999.99 (,) 0 "" 00:00:00 infinity -infinity (,) (,) 00000000-0000-0000-0000-000000000000 "" {} {} {} {} {} {}

> SELECT id, note, length(body), substr(body, 1, 16), substr(body, 16777201) FROM ${SCENARIO_NAME}_big ORDER BY id
1 "updated, body untouched" 16777216 0123456789abcdef 0123456789abcdef
2 streamed 16777216 fedcba9876543210 fedcba9876543210

> DROP SOURCE src CASCADE
