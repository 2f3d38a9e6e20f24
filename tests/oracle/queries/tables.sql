-- Whole-table reads of the edge-case tables: every value's text form.

-- name: t_int_all
SELECT * FROM t_int;
-- name: t_float_all
SELECT * FROM t_float;
-- name: t_num_all
SELECT * FROM t_num;
-- name: t_text_all
SELECT * FROM t_text;
-- name: t_time_all
SELECT * FROM t_time;
-- name: t_misc_all
SELECT * FROM t_misc;
-- name: t_empty_all
SELECT * FROM t_empty;
-- name: t_dup_all
SELECT * FROM t_dup;
-- name: t_dup_count
SELECT count(*), count(a), count(b) FROM t_dup;
-- name: t_dup_where_dups
SELECT a, b FROM t_dup WHERE a = 1;
-- name: t_int_projection_exprs
SELECT id, i2 * 1 AS i2x, i4::int8 * 2 AS i4x, i8 / 2 AS i8h FROM t_int;
-- name: t_text_column_order
SELECT c, v, t, id FROM t_text;
-- name: t_misc_not_null
SELECT id FROM t_misc WHERE j IS NOT NULL AND u IS NOT NULL;
-- name: t_float_compare_zero
SELECT id, f8 = 0, f8 < 0, f4 > 0 FROM t_float;
-- name: t_num_compare
SELECT id, n = n2, n > 1, n2 < 0 FROM t_num;
-- name: t_time_compare
SELECT id, d < '2000-01-01', ts >= '2000-01-01', iv > interval '1 day' FROM t_time;
-- name: t_misc_uuid_eq
SELECT id FROM t_misc WHERE u = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
-- name: t_misc_bytea_fns
SELECT id, length(by), octet_length(by), by || '\xff'::bytea FROM t_misc;
-- name: t_empty_subquery_in
SELECT id FROM t_int WHERE id IN (SELECT id FROM t_empty);
-- name: t_empty_scalar
SELECT (SELECT max(id) FROM t_empty), (SELECT count(*) FROM t_empty);
