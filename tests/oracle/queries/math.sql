-- Math functions and operators, overflow and division errors.

-- name: abs_fn
SELECT abs(-5), abs(5::int8), abs(-2.5), abs('-Infinity'::float8), abs(-32767::int2), abs(-0.0::float8);
-- name: round_fn
SELECT round(2.5), round(-2.5), round(3.14159, 2), round(1234.5, -2), round(2.5::float8), round(3.5::float8), round(-0.5::float8);
-- name: round_numeric_types
SELECT round(1.005, 2), round(0.5), round(1.4999999999999999999999), pg_typeof(round(1.5)), pg_typeof(round(1.5::float8));
-- name: ceil_floor
SELECT ceil(1.2), ceil(-1.2), floor(1.8), floor(-1.8), ceiling(2.0), ceil(1.2::float8), floor(-0.5::float8);
-- name: trunc_fn
SELECT trunc(2.789), trunc(-2.789, 1), trunc(1234.5, -2), trunc(2.789::float8);
-- name: mod_fn
SELECT mod(7, 3), mod(-7, 3), mod(7, -3), mod(7.5, 2), mod(9223372036854775807, 10), 7 % 3;
-- name: sign_sqrt_power
SELECT sign(-3), sign(0), sign(2.5), sqrt(16), sqrt(2::float8), power(2, 10), power(2.0, 0.5), 2 ^ 10;
-- name: exp_ln_log
SELECT exp(0), exp(1::float8), ln(1), log(100), log(2, 8), log10(1000::float8);
-- name: cbrt_degrees_pi
SELECT cbrt(27::float8), pi(), degrees(pi()), radians(180::float8);
-- name: trig
SELECT sin(0::float8), cos(0::float8), tan(0::float8), asin(1::float8), acos(1::float8), atan(1::float8), atan2(1::float8, 1::float8);
-- name: gcd_lcm
SELECT gcd(12, 18), lcm(4, 6), gcd(0, 5), gcd(-12, 18), gcd(12::numeric, 18.0);
-- name: div_fn
SELECT div(7, 2), div(-7, 2), div(7.5, 2);
-- name: numeric_arith_precision
SELECT 1.1 + 2.2, 0.1 * 3, 1 / 3.0, 10.0 / 3, 2.0 / 3, 1::numeric / 7, 123456789012345678901234567890 * 10;
-- name: numeric_division_scale
SELECT 1.000 / 3, 22 / 7.0, 100::numeric / 8, 1e-10 / 3;
-- name: float_arith
SELECT 0.1::float8 + 0.2::float8, 3.0::float8 / 2, 1::float8 / 3;
-- name: float_special_arith
SELECT 'Infinity'::float8 + 1, 'Infinity'::float8 - 'Infinity'::float8, 'NaN'::float8 = 'NaN'::float8, 'NaN'::float8 > 'Infinity'::float8, '-0'::float8 = 0::float8;
-- name: numeric_special
SELECT 'NaN'::numeric + 1, 'NaN'::numeric = 'NaN'::numeric, 'Infinity'::numeric > 1e100, '-Infinity'::numeric;
-- name: int_ops_types
SELECT pg_typeof(1::int2 + 1::int2), pg_typeof(1::int2 * 1::int4), pg_typeof(1 + 1::int8), pg_typeof(1 + 1.0), pg_typeof(1::float4 + 1), pg_typeof(1.0 + 1::float8);
-- name: int_division_truncates
SELECT 7 / 2, -7 / 2, 7::int8 / -2::int8, 1::int2 / 2::int2;
-- name: int_overflow_add
-- error
SELECT 2147483647 + 1;
-- name: int8_overflow_mul
-- error
SELECT 9223372036854775807 * 2;
-- name: int2_overflow
-- error
SELECT 32767::int2 + 1::int2;
-- name: int_min_negate
-- error
SELECT -((-2147483648)::int4);
-- name: int_min_div_neg1
-- error
SELECT (-2147483648)::int4 / -1;
-- name: div_by_zero_int
-- error
SELECT 1 / 0;
-- name: div_by_zero_numeric
-- error
SELECT 1.5 / 0;
-- name: div_by_zero_float
-- error
SELECT 1::float8 / 0;
-- name: mod_by_zero
-- error
SELECT 5 % 0;
-- name: sqrt_negative
-- error
SELECT sqrt(-1);
-- name: ln_zero
-- error
SELECT ln(0);
-- name: float_overflow_mul
-- error
SELECT 1e308::float8 * 10;
-- name: abs_int_min
-- error
SELECT abs((-2147483648)::int4);
-- name: math_on_table_ints
SELECT id, i4 + 1, i4 * 2, i4 / 3, i4 % 5, abs(i4) FROM t_int WHERE id NOT IN (4, 5);
-- name: math_on_table_floats
SELECT id, f8 + 1, f8 * 2, abs(f8), -f8, ceil(f8), floor(f8) FROM t_float WHERE id <> 8;
-- name: math_on_table_numeric
SELECT id, n + 1, n * 2, round(n, 2), trunc(n), abs(n), -n FROM t_num;
-- name: math_overflow_on_table
-- error
SELECT i8 + 1 FROM t_int;
-- name: random_free_series_sum
SELECT sum(x), sum(x::numeric * x), avg(x::numeric) FROM generate_series(1, 1000) x;
