-- Casts between types: CAST, ::, implicit coercions, text forms.

-- name: int_to_text
SELECT 42::text, (-7)::int8::text, 0::int2::text;
-- name: text_to_int
SELECT '42'::int4, ' 17 '::int8, '-32768'::int2, '+5'::int4;
-- name: int_widening
SELECT 32767::int2::int4, 2147483647::int4::int8, 5::int8::int2;
-- name: numeric_to_int_rounding
SELECT 2.5::int4, 3.5::int4, (-2.5)::int4, 2.4999::int8, (-0.5)::int2;
-- name: float_to_int_rounding
SELECT 2.5::float8::int4, 3.5::float8::int4, (-2.5)::float8::int4, 1.5::float4::int2;
-- name: int_to_numeric_float
SELECT 5::numeric, 5::float8, 5::float4, 9223372036854775807::float8, 123::numeric(5,2);
-- name: numeric_typmod_rounding
SELECT 1.005::numeric(5,2), 2.675::numeric(10,2), (-1.5)::numeric(3,0), 0.0001::numeric(3,3);
-- name: float_to_numeric
SELECT 0.1::float8::numeric, 1e20::float8::numeric, 1.5::float4::numeric;
-- name: numeric_to_float
SELECT 0.1::numeric::float8, 123456789012345678901234567890::numeric::float8, 'NaN'::numeric::float8;
-- name: text_to_float_special
SELECT 'infinity'::float8, '-Infinity'::float8, 'nan'::float8, '-0'::float8;
-- name: float_to_text
SELECT 0.1::float8::text, 1e100::float8::text, 1.0::float8::text, 123456789012::float8::text, 1.5e-7::float8::text;
-- name: float4_to_text
SELECT 0.1::float4::text, 3.4e38::float4::text, 1e-45::float4::text, 16777217::float4::text;
-- name: bool_casts
SELECT 'true'::bool, 'f'::bool, 'yes'::bool, 'off'::bool, '1'::bool, 1::bool, 0::bool, true::int4, false::text;
-- name: text_to_date
SELECT '2024-02-29'::date, 'Jan 5 2020'::date, '20200105'::date, 'epoch'::date, '1999-01-08 BC'::date;
-- name: date_to_timestamp
SELECT '2024-02-29'::date::timestamp, '2024-02-29'::date::timestamptz, 'infinity'::date::timestamp;
-- name: timestamp_to_date_time
SELECT '2024-02-29 13:14:15.5'::timestamp::date, '2024-02-29 13:14:15.5'::timestamp::time;
-- name: text_to_interval
SELECT '1 day'::interval, '1:30'::interval, 'P1Y2M3DT4H5M6S'::interval, '-1 week 2 hours'::interval, '1.5 days'::interval;
-- name: text_to_timestamp_precision
SELECT '2024-01-01 00:00:00.1234567'::timestamp, '2024-01-01 12:00'::timestamp(0), '2024-01-01 12:00:00.555'::timestamp(1);
-- name: varchar_char_casts
SELECT 'abcdef'::varchar(3), 'ab'::char(4), 'ab'::char(4)::text, length('ab'::char(4)), 'ab  '::char(4) = 'ab'::char(2);
-- name: char_typmod_output
SELECT 'x'::char(3) || '|', 'x'::varchar(3) || '|', 'x'::char || 'y';
-- name: uuid_casts
SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'::uuid, 'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid::text;
-- name: bytea_casts
SELECT '\x41ff'::bytea, 'abc'::bytea, 'a\\b'::bytea, convert_to('é', 'UTF8');
-- name: jsonb_casts
SELECT '{"b":1,"a":2}'::jsonb, '[1, 2.50, 1e2]'::jsonb, '"x"'::jsonb::text, 'true'::jsonb, '  null '::jsonb;
-- name: jsonb_to_scalar_casts
SELECT ('1.5'::jsonb)::numeric, ('2'::jsonb)::int4, ('true'::jsonb)::bool, ('1e2'::jsonb)::float8;
-- name: array_casts
SELECT '{1,2,3}'::int4[], '{a,"b c",NULL}'::text[], ARRAY[1,2]::int8[], ARRAY['1','2']::int4[], '{}'::text[];
-- name: array_to_text
SELECT ARRAY[1,2,3]::text, ARRAY['a b', NULL, '', 'q"x']::text, ARRAY[[1,2],[3,4]]::text;
-- name: range_casts
SELECT '[1,5]'::int4range, '(1,5)'::int4range, '[3,3)'::int4range, '[2024-01-01,2024-01-31]'::daterange, '(,)'::int4range;
-- name: cast_null_everything
SELECT NULL::int4::text, NULL::text::int4, NULL::date::timestamp, NULL::jsonb::text;
-- name: implicit_int_to_numeric_compare
SELECT 1 = 1.0, 1::int8 = 1::int2, 0.1::float8 = 0.1::numeric, 0.1::float4 = 0.1::float8;
-- name: cast_int_columns_to_text
SELECT id, i2::text, i4::text, i8::text FROM t_int;
-- name: cast_float_columns_to_text
SELECT id, f8::text, f4::text, f4::float8 FROM t_float;
-- name: cast_num_columns
SELECT id, n::text, n2::float8, n2::int8 FROM t_num WHERE id NOT IN (4, 6, 8);
-- name: cast_time_columns_to_text
SELECT id, d::text, ts::text, tm::text, iv::text FROM t_time;
-- name: cast_misc_columns_to_text
SELECT id, b::text, j::text, u::text, by::text, ai::text, at::text, r::text, dr::text FROM t_misc;
-- name: cast_text_columns
SELECT id, v::text, c::text, c::varchar, length(c), octet_length(t) FROM t_text;
-- name: int_overflow_cast
-- error
SELECT 32768::int2;
-- name: int_overflow_cast_text
-- error
SELECT '2147483648'::int4;
-- name: invalid_int_text
-- error
SELECT 'abc'::int4;
-- name: invalid_int_text_spaces
-- error
SELECT '1 2'::int8;
-- name: invalid_numeric_text
-- error
SELECT '1.2.3'::numeric;
-- name: numeric_typmod_overflow
-- error
SELECT 123.45::numeric(4,2);
-- name: float_overflow_text
-- error
SELECT '1e309'::float8;
-- name: float_to_int_overflow
-- error
SELECT 1e10::float8::int4;
-- name: nan_to_int
-- error
SELECT 'NaN'::float8::int8;
-- name: invalid_bool
-- error
SELECT 'maybe'::bool;
-- name: invalid_date
-- error
SELECT '2023-02-29'::date;
-- name: invalid_date_text
-- error
SELECT 'not a date'::date;
-- name: invalid_timestamp_hour
-- error
SELECT '2024-01-01 25:00:00'::timestamp;
-- name: invalid_uuid
-- error
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
-- name: invalid_jsonb
-- error
SELECT '{"a": }'::jsonb;
-- name: invalid_array_literal
-- error
SELECT '{1,2'::int4[];
-- name: invalid_interval
-- error
SELECT 'one day'::interval;
-- name: invalid_bytea_hex
-- error
SELECT '\xzz'::bytea;
-- name: invalid_range_bounds
-- error
SELECT '[5,1]'::int4range;
-- name: varchar_too_long_explicit_ok
SELECT CAST('abcdef' AS varchar(2)), CAST('日本語' AS varchar(2));
