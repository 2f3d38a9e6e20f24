-- jsonb: operators, constructors, output normalization.

-- name: jsonb_output_normalized
SELECT '{"b": 1, "a": 2, "a": 3}'::jsonb, '{"aa":1,"b":2}'::jsonb, '[ 1 , 2 ]'::jsonb, '1.500'::jsonb, '-0'::jsonb, '1E+2'::jsonb;
-- name: jsonb_unicode_escapes
SELECT '"\u00e9"'::jsonb, '"日本"'::jsonb, '"a\nb\t\"q\""'::jsonb, '"\ud83c\udf89"'::jsonb;
-- name: arrow_ops
SELECT j -> 'a', j ->> 'a', j -> 'b' -> 1, j -> 'b' ->> 1, j -> 'missing', j -> 'c' -> 'd' FROM (VALUES ('{"a": 1, "b": [10, "x"], "c": {"d": null}}'::jsonb)) v(j);
-- name: array_index_ops
SELECT j -> 0, j -> -1, j ->> 2, j -> 10, j -> 'x' FROM (VALUES ('[1, "two", null, true]'::jsonb)) v(j);
-- name: path_ops
SELECT j #> '{a,b}', j #>> '{a,b}', j #> '{a,c,1}', j #> '{}', j #> '{x,y}' FROM (VALUES ('{"a": {"b": "deep", "c": [1, 2]}}'::jsonb)) v(j);
-- name: containment
SELECT '{"a":1,"b":2}'::jsonb @> '{"a":1}', '{"a":1}'::jsonb <@ '{"a":1,"b":2}', '[1,2,3]'::jsonb @> '[3,1]', '[1,[2]]'::jsonb @> '[2]', '{"a":[1,2]}'::jsonb @> '{"a":[2]}';
-- name: existence
SELECT '{"a":1,"b":2}'::jsonb ? 'a', '{"a":1}'::jsonb ? 'z', '["x","y"]'::jsonb ? 'x', '{"a":1,"b":2}'::jsonb ?| ARRAY['z','b'], '{"a":1,"b":2}'::jsonb ?& ARRAY['a','z'];
-- name: jsonb_concat_delete
SELECT '{"a":1}'::jsonb || '{"b":2}', '[1]'::jsonb || '[2,3]', '{"a":1,"b":2}'::jsonb - 'a', '[1,2,3]'::jsonb - 0, '{"a":{"b":1}}'::jsonb #- '{a,b}';
-- name: jsonb_build_object_fn
SELECT jsonb_build_object('a', 1, 'b', 'text', 'c', NULL, 'd', true, 'e', 2.50), jsonb_build_object();
-- name: jsonb_build_array_fn
SELECT jsonb_build_array(1, 'a', NULL, false, 1.0), jsonb_build_array();
-- name: jsonb_build_object_odd
-- error
SELECT jsonb_build_object('a');
-- name: jsonb_typeof_fn
SELECT jsonb_typeof('{}'), jsonb_typeof('[]'), jsonb_typeof('1'), jsonb_typeof('"s"'), jsonb_typeof('true'), jsonb_typeof('null');
-- name: jsonb_array_length_fn
SELECT jsonb_array_length('[1,2,[3]]'), jsonb_array_length('[]');
-- name: jsonb_array_length_scalar
-- error
SELECT jsonb_array_length('{"a":1}');
-- name: jsonb_each_fn
SELECT * FROM jsonb_each('{"b": [1], "a": "x", "c": null}');
-- name: jsonb_each_text_fn
SELECT key, value FROM jsonb_each_text('{"b": [1], "a": "x", "c": null}');
-- name: jsonb_object_keys_fn
SELECT jsonb_object_keys('{"b": 1, "a": 2, "aa": 3}');
-- name: jsonb_array_elements_fn
SELECT jsonb_array_elements('[1, "a", null, {"k": 2}]');
-- name: jsonb_array_elements_text_fn
SELECT jsonb_array_elements_text('[1, "a", null, true]');
-- name: to_jsonb_fn
SELECT to_jsonb(1), to_jsonb('text'::text), to_jsonb(ARRAY[1,2]), to_jsonb(NULL::int), to_jsonb(1.50), to_jsonb(true), to_jsonb('2024-02-29'::date);
-- name: jsonb_strip_nulls_pretty
SELECT jsonb_strip_nulls('{"a":null,"b":{"c":null,"d":1}}'), jsonb_pretty('{"a":[1,{"b":2}]}');
-- name: jsonb_set_insert
SELECT jsonb_set('{"a":1}', '{b}', '2'), jsonb_set('[1,2]', '{0}', '"x"'), jsonb_insert('[1,2]', '{1}', '9');
-- name: jsonb_equality
SELECT '{"a":1,"b":2}'::jsonb = '{"b":2,"a":1}', '1.0'::jsonb = '1', '[1,2]'::jsonb = '[2,1]';
-- name: jsonb_ordering
SELECT j FROM (VALUES ('null'::jsonb), ('true'), ('false'), ('1'), ('"a"'), ('[]'), ('{}'), ('[1]'), ('{"a":1}'), ('2'), ('""')) v(j) ORDER BY j;
-- name: t_misc_json_ops
SELECT id, j -> 'a', j ->> 'b', j #> '{c,d}', j @> '{"a": 1}', jsonb_typeof(j) FROM t_misc;
-- name: t_misc_json_path
SELECT id, j #>> '{nested,deep,er,1}', j -> 1, j ->> 0 FROM t_misc;
-- name: jsonb_agg_table
SELECT jsonb_agg(j ORDER BY id) FROM t_misc WHERE id <= 3;
-- name: jsonb_object_agg_fn
SELECT jsonb_object_agg(k, v ORDER BY k) FROM (VALUES ('b', 1), ('a', 2)) t(k, v);
-- name: jsonb_text_cast_roundtrip
SELECT j::text::jsonb = j FROM t_misc WHERE j IS NOT NULL;
