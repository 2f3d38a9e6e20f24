# The extended protocol through libpq: Parse/Bind/Describe/Execute with text
# and binary parameters and results.

> SELECT $1::int4 + 1
params: 41
types: int4
42

> SELECT $1::text || $2::text, $3::int8 IS NULL
params: foo bar <null>
foobar t

> SELECT $1::int8 * 2
params: 21
format: binary
types: int8
42

> SELECT true, 1::int2, 2::int4, 3::int8, 1.5::float4, 2.5::float8, 'tëxt', '\x0102'::bytea, 7::oid
format: binary
t 1 2 3 1.5 2.5 tëxt \x0102 7

> SELECT 1
protocol: extended
1

! SELECT $1::int4
params: notanumber
sqlstate: 22P02
exact: invalid input syntax for type integer: "notanumber"

! SELECT $1
params: x
sqlstate: 42P18

! SELECT 1.5::numeric
format: binary
sqlstate: 0A000
