-- pg_typeof and the session functions (the harness names the PostgreSQL
-- database and user `materialize`, like Freshet's defaults).

-- name: pg_typeof_literals
SELECT pg_typeof(1), pg_typeof(2147483648), pg_typeof(1.5), pg_typeof('a'), pg_typeof(true), pg_typeof(NULL), pg_typeof(1e3);
-- name: pg_typeof_casts
SELECT pg_typeof(1::int2), pg_typeof(1::float4), pg_typeof('a'::varchar), pg_typeof('a'::char(2)), pg_typeof('x'::bytea), pg_typeof('{}'::jsonb), pg_typeof(ARRAY[1]), pg_typeof(ARRAY['a']::text[]);
-- name: pg_typeof_time
SELECT pg_typeof('2024-01-01'::date), pg_typeof('2024-01-01'::timestamp), pg_typeof('2024-01-01'::timestamptz), pg_typeof('1 day'::interval), pg_typeof('12:00'::time), pg_typeof('2024-01-01'::date - '2023-01-01'::date);
-- name: pg_typeof_misc
SELECT pg_typeof(gen), pg_typeof(int4range(1, 2)), pg_typeof('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid), pg_typeof(count(*)) FROM generate_series(1, 1) gen GROUP BY gen;
-- name: pg_typeof_text
SELECT pg_typeof(x)::text FROM (VALUES (1::int8)) v(x);
-- name: pg_typeof_table_columns
SELECT pg_typeof(id), pg_typeof(i2), pg_typeof(i4), pg_typeof(i8) FROM t_int WHERE id = 1;
-- name: pg_typeof_table_columns2
SELECT pg_typeof(b), pg_typeof(j), pg_typeof(u), pg_typeof(by), pg_typeof(ai), pg_typeof(at), pg_typeof(r), pg_typeof(dr) FROM t_misc WHERE id = 1;
-- name: pg_typeof_table_columns3
SELECT pg_typeof(t), pg_typeof(v), pg_typeof(c), pg_typeof(n2) FROM t_text, t_num WHERE t_text.id = 1 AND t_num.id = 1;
-- name: current_database_fn
SELECT current_database();
-- name: current_schema_fn
SELECT current_schema(), current_schema;
-- name: current_user_fn
SELECT current_user, session_user, user;
-- name: current_user_typeof
SELECT pg_typeof(current_user), pg_typeof(current_database());
