-- Date/time: arithmetic, date_trunc, extract/date_part, age, to_char.

-- name: date_arith
SELECT '2024-02-28'::date + 1, '2024-03-01'::date - 1, '2024-03-01'::date - '2024-02-01'::date, '2023-12-31'::date + 366;
-- name: date_plus_interval
SELECT '2024-01-31'::date + interval '1 month', '2024-02-29'::date + interval '1 year', '2024-02-29'::date - interval '1 day 1 hour';
-- name: timestamp_arith
SELECT '2024-02-28 23:00'::timestamp + interval '2 hours', '2024-03-01 00:00'::timestamp - '2024-02-28 12:00'::timestamp, '2024-01-31 10:00'::timestamp + interval '1 mon';
-- name: interval_arith
SELECT interval '1 day' + interval '2 hours', interval '1 hour' * 2.5, interval '1 day' / 3, -interval '1 mon 2 days', interval '90 minutes' - interval '1 hour';
-- name: interval_normalization
SELECT interval '36 hours', interval '1 year 13 months', interval '0.5 months', interval '1.5 years', justify_hours(interval '36 hours'), justify_days(interval '45 days'), justify_interval(interval '1 mon -1 hour');
-- name: interval_comparison
SELECT interval '1 mon' = interval '30 days', interval '1 day' = interval '24 hours', interval '1 year' > interval '360 days';
-- name: date_trunc_timestamp
SELECT date_trunc('year', ts), date_trunc('month', ts), date_trunc('day', ts), date_trunc('hour', ts), date_trunc('minute', ts), date_trunc('second', ts)
FROM (VALUES ('2024-02-29 12:34:56.789'::timestamp)) v(ts);
-- name: date_trunc_more
SELECT date_trunc('week', '2024-02-29 12:00'::timestamp), date_trunc('quarter', '2024-05-15'::timestamp), date_trunc('decade', '2024-05-15'::timestamp), date_trunc('millisecond', '2024-01-01 00:00:00.123456'::timestamp);
-- name: date_trunc_interval
SELECT date_trunc('hour', interval '1 day 02:34:56'), date_trunc('day', interval '3 days 5 hours');
-- name: extract_timestamp
SELECT extract(year FROM ts), extract(month FROM ts), extract(day FROM ts), extract(hour FROM ts), extract(minute FROM ts), extract(second FROM ts)
FROM (VALUES ('2024-02-29 12:34:56.789'::timestamp)) v(ts);
-- name: extract_fields
SELECT extract(dow FROM d), extract(doy FROM d), extract(week FROM d), extract(quarter FROM d), extract(isodow FROM d), extract(epoch FROM d), extract(century FROM d)
FROM (VALUES ('2024-02-29'::date)) v(d);
-- name: extract_interval
SELECT extract(epoch FROM interval '1 day 2 hours'), extract(hour FROM interval '26 hours'), extract(month FROM interval '14 months'), extract(year FROM interval '14 months');
-- name: date_part_fn
SELECT date_part('year', '2024-02-29'::date), date_part('epoch', '1970-01-02 00:00:00'::timestamp), date_part('microseconds', '12:00:01.5'::time), pg_typeof(date_part('day', '2024-01-01'::timestamp));
-- name: extract_types
SELECT pg_typeof(extract(year FROM '2024-01-01'::date)), extract(julian FROM '2024-01-01'::date);
-- name: extract_bc_infinity
SELECT extract(year FROM '0044-03-15 BC'::date), extract(century FROM '0044-03-15 BC'::date), extract(year FROM 'infinity'::timestamp), extract(epoch FROM '-infinity'::timestamp);
-- name: age_fn
SELECT age('2024-02-29'::timestamp, '2000-01-15'::timestamp), age('2024-03-01'::timestamp, '2024-02-28 12:00'::timestamp), age('2000-01-01'::timestamp, '2024-01-01'::timestamp);
-- name: to_char_timestamp
SELECT to_char('2024-02-29 13:04:05.123'::timestamp, 'YYYY-MM-DD HH24:MI:SS.MS'), to_char('2024-02-29 13:04:05'::timestamp, 'Day, DD Month YYYY HH12:MI AM'), to_char('2024-02-29'::timestamp, 'Dy Mon DDD IW Q');
-- name: to_char_numbers
SELECT to_char(1234.5, '9999.99'), to_char(-12, '999'), to_char(0.5, '0.00'), to_char(1234567, '9,999,999'), to_char(42, 'FM000');
-- name: to_char_interval
SELECT to_char(interval '1 day 02:03:04', 'DD HH24:MI:SS');
-- name: make_date_time
SELECT make_date(2024, 2, 29), make_time(13, 14, 15.5), make_timestamp(2024, 2, 29, 1, 2, 3.25), make_interval(days => 3, hours => 2);
-- name: make_date_invalid
-- error
SELECT make_date(2023, 2, 29);
-- name: timestamp_comparisons
SELECT '2024-02-29'::date < '2024-03-01'::timestamp, 'infinity'::timestamp > '9999-12-31'::timestamp, '-infinity'::date < '4713-01-01 BC'::date;
-- name: time_arith
SELECT '23:30'::time + interval '1 hour', '01:00'::time - '00:30'::time, '12:00'::time - interval '13 hours';
-- name: timestamp_precision_output
SELECT '2024-01-01 00:00:00.5'::timestamp, '2024-01-01 00:00:00.000001'::timestamp, '2024-01-01 00:00:00.100'::timestamp, '12:00:00.010'::time;
-- name: generate_series_timestamps
SELECT generate_series('2024-02-27'::timestamp, '2024-03-02'::timestamp, interval '1 day');
-- name: date_series_dates
SELECT d::date FROM generate_series('2024-02-27'::timestamp, '2024-03-01'::timestamp, '12 hours') d;
-- name: t_time_extracts
SELECT id, extract(year FROM d), extract(month FROM ts), extract(hour FROM tm), extract(epoch FROM iv) FROM t_time;
-- name: t_time_trunc
SELECT id, date_trunc('month', ts), date_trunc('day', d) FROM t_time;
-- name: t_time_arith
SELECT id, d + 1, ts + iv, tm + interval '30 minutes' FROM t_time WHERE id NOT IN (5, 6);
-- name: t_time_to_char
SELECT id, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US'), to_char(d, 'DD/MM/YYYY') FROM t_time;
-- name: timestamptz_utc_output
SELECT '2024-02-29 12:00:00+02'::timestamptz, '2024-02-29 12:00:00'::timestamptz::text, tstz FROM t_time WHERE id = 1;
-- name: date_out_of_range_arith
-- error
SELECT '5874897-12-31'::date + 1;
-- name: interval_out_of_range
-- error
SELECT interval '2147483647 days' + interval '1 day';
