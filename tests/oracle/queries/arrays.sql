-- Arrays: constructors, indexing, slicing, ANY/ALL, unnest, functions;
-- generate_series.

-- name: array_constructors
SELECT ARRAY[1, 2, 3], ARRAY['a', NULL, 'c'], ARRAY[1.5, 2], ARRAY[]::int4[], ARRAY[[1, 2], [3, 4]];
-- name: array_indexing
SELECT (ARRAY[10, 20, 30])[1], (ARRAY[10, 20, 30])[3], (ARRAY[10, 20, 30])[0], (ARRAY[10, 20, 30])[4], (ARRAY[10, 20, 30])[NULL];
-- name: array_slicing
SELECT (ARRAY[1,2,3,4,5])[2:3], (ARRAY[1,2,3,4,5])[:2], (ARRAY[1,2,3,4,5])[4:], (ARRAY[1,2,3])[3:1];
-- name: array_2d_index
SELECT (ARRAY[[1,2],[3,4]])[2][1], (ARRAY[[1,2],[3,4]])[1];
-- name: array_concat
SELECT ARRAY[1,2] || ARRAY[3], ARRAY[1] || 2, 0 || ARRAY[1], ARRAY['a'] || ARRAY[NULL]::text[], array_cat(ARRAY[1], ARRAY[2, 3]);
-- name: array_append_prepend
SELECT array_append(ARRAY[1,2], 3), array_prepend(0, ARRAY[1]), array_append(NULL::int4[], 1);
-- name: array_length_fns
SELECT array_length(ARRAY[1,2,3], 1), array_length(ARRAY[]::int4[], 1), cardinality(ARRAY[[1,2],[3,4]]), array_ndims(ARRAY[[1],[2]]), array_upper(ARRAY[1,2], 1), array_lower(ARRAY[1,2], 1), array_dims(ARRAY[[1,2,3],[4,5,6]]);
-- name: array_position_remove
SELECT array_position(ARRAY['a','b','a'], 'a'), array_position(ARRAY[1,2], 3), array_positions(ARRAY[1,2,1], 1), array_remove(ARRAY[1,2,1,NULL], 1), array_replace(ARRAY[1,2,1], 1, 9);
-- name: array_to_string_fn
SELECT array_to_string(ARRAY[1, NULL, 3], ','), array_to_string(ARRAY[1, NULL, 3], ',', '*'), array_to_string(ARRAY[]::text[], ','), string_to_array('a,b,,c', ','), string_to_array('a b', NULL), string_to_array('', ',');
-- name: array_comparisons
SELECT ARRAY[1,2] = ARRAY[1,2], ARRAY[1,2] < ARRAY[1,3], ARRAY[1,2] < ARRAY[1,2,0], ARRAY[2] > ARRAY[1,9], ARRAY[1,NULL] = ARRAY[1,NULL];
-- name: array_containment
SELECT ARRAY[1,2,3] @> ARRAY[2,1], ARRAY[1] <@ ARRAY[2], ARRAY[1,2] && ARRAY[2,5], ARRAY[1,2] && ARRAY[3];
-- name: any_all_arrays
SELECT 2 = ANY (ARRAY[1,2,3]), 4 = ANY (ARRAY[1,2,3]), 4 = ANY (ARRAY[1,NULL]), 5 > ALL (ARRAY[1,2]), 5 > ALL (ARRAY[1,NULL]), 1 = ANY ('{}'::int4[]), 1 = ALL ('{}'::int4[]);
-- name: any_some_text
SELECT 'b' = SOME (ARRAY['a','b']), 'x' <> ALL (ARRAY['a','b']), 'A' ILIKE ANY (ARRAY['a%', 'z']);
-- name: unnest_basic
SELECT unnest(ARRAY[3, 1, NULL, 1]);
-- name: unnest_from
SELECT x FROM unnest(ARRAY['a', 'b', NULL]) AS u(x);
-- name: unnest_with_ordinality
SELECT * FROM unnest(ARRAY['x', 'y', 'z']) WITH ORDINALITY AS u(v, n);
-- name: unnest_empty
SELECT unnest(ARRAY[]::int4[]);
-- name: unnest_multi
SELECT * FROM unnest(ARRAY[1, 2, 3], ARRAY['a', 'b']) AS u(n, s);
-- name: unnest_2d
SELECT unnest(ARRAY[[1, 2], [3, 4]]);
-- name: generate_series_basic
SELECT generate_series(1, 5);
-- name: generate_series_step
SELECT * FROM generate_series(10, 1, -3);
-- name: generate_series_empty
SELECT * FROM generate_series(5, 1);
-- name: generate_series_int8
SELECT * FROM generate_series(9223372036854775805::int8, 9223372036854775807::int8);
-- name: generate_series_numeric
SELECT * FROM generate_series(0.5, 2.5, 0.5);
-- name: generate_series_zero_step
-- error
SELECT * FROM generate_series(1, 5, 0);
-- name: generate_series_in_select_with_other
SELECT 'x' AS tag, generate_series(1, 3) AS n;
-- name: array_agg_then_index
SELECT (array_agg(x ORDER BY x))[2] FROM generate_series(5, 9) x;
-- name: t_misc_arrays
SELECT id, ai[1], ai[2], at[1], array_length(ai, 1), cardinality(at), array_to_string(at, '/', '~') FROM t_misc;
-- name: t_misc_array_any
SELECT id FROM t_misc WHERE 1 = ANY (ai);
-- name: t_misc_array_contains
SELECT id FROM t_misc WHERE ai @> ARRAY[1];
-- name: t_misc_unnest
SELECT id, unnest(ai) FROM t_misc;
-- name: t_misc_unnest_text
SELECT m.id, u.x FROM t_misc m, unnest(m.at) AS u(x);
-- name: array_int_overflow_elem
-- error
SELECT ARRAY[2147483647] || (2147483647 + 1);
-- name: array_dims_mismatch
-- error
SELECT ARRAY[[1, 2], [3]];
-- name: array_subscript_text
SELECT ('{a,b,c}'::text[])[2], ('{"x y",z}'::text[])[1];
-- name: ranges_basic
SELECT int4range(1, 5), int4range(1, 5, '[]'), int4range(5, 5), daterange('2024-01-01', '2024-02-01'), lower(int4range(1, 5)), upper(int4range(1, 5, '[]')), isempty(int4range(3, 3));
-- name: ranges_ops
SELECT int4range(1, 10) @> 5, int4range(1, 10) @> int4range(2, 3), int4range(1, 5) && int4range(4, 8), int4range(1, 5) * int4range(3, 8), int4range(1, 5) + int4range(5, 8), int4range(1, 5) = int4range(1, 4, '[]');
-- name: ranges_table
SELECT id, r, lower(r), upper(r), isempty(r), lower_inc(r), upper_inf(r), r @> 4 FROM t_misc;
-- name: daterange_table
SELECT id, dr, lower(dr), upper(dr), dr @> '2024-02-29'::date FROM t_misc;
-- name: ranges_order
SELECT r FROM (VALUES (int4range(1, 3)), (int4range(NULL, 2)), ('empty'::int4range), (int4range(1, 2)), (int4range(0, NULL))) v(r) ORDER BY r;
