-- String functions and operators, LIKE/ILIKE, over literals and t_text.

-- name: length_variants
SELECT length('hello'), length(''), length('café'), length('cafe' || U&'\0301'), length('🎉'), char_length('日本'), octet_length('日本'), bit_length('a');
-- name: length_null
SELECT length(NULL::text), upper(NULL), lower(NULL::text);
-- name: upper_lower_ascii
SELECT upper('Hello World 123'), lower('Hello World 123'), initcap('hello wORLD foo-bar');
-- name: upper_lower_unicode
SELECT upper('café'), lower('ÄÖÜ'), upper('straße');
-- name: substr_variants
SELECT substr('hello', 2), substr('hello', 2, 3), substr('hello', 0, 2), substr('hello', -1, 3), substr('hello', 10), substring('hello' FROM 2 FOR 2);
-- name: substr_unicode
SELECT substr('日本語テキスト', 2, 3), substr('🎉party🎉', 1, 2), left('café', 3), right('café', 2);
-- name: substr_negative_length
-- error
SELECT substr('hello', 1, -1);
-- name: left_right_negative
SELECT left('hello', -2), right('hello', -2), left('', 3), right('abc', 0);
-- name: trim_variants
SELECT trim('  a b  '), ltrim('  a  '), rtrim('  a  '), btrim('xxaxx', 'x'), trim(both 'x' FROM 'xxaxx'), trim(leading 'ab' FROM 'abbaxab'), trim(trailing FROM '  z  ');
-- name: concat_variants
SELECT concat('a', 1, NULL, true, 2.5), concat('日', '🎉'), concat_ws('-', 'a', NULL, 'b', ''), concat_ws(NULL, 'a', 'b');
-- name: concat_op_null
SELECT 'a' || NULL, NULL || 'b', 'x' || 1 || true;
-- name: position_strpos
SELECT position('lo' IN 'hello'), position('z' IN 'hello'), position('' IN 'abc'), strpos('café au lait', 'au'), position('本' IN '日本語');
-- name: replace_fn
SELECT replace('hello world', 'o', '0'), replace('aaa', 'a', 'bb'), replace('abc', '', 'x'), replace('abc', 'b', '');
-- name: split_part_fn
SELECT split_part('a,b,,c', ',', 1), split_part('a,b,,c', ',', 3), split_part('a,b,,c', ',', 5), split_part('a,b,c', ',', -1), split_part('abc', '', 1);
-- name: split_part_zero
-- error
SELECT split_part('a,b', ',', 0);
-- name: repeat_reverse
SELECT repeat('ab', 3), repeat('x', 0), repeat('x', -1), reverse('abc'), reverse('日本語');
-- name: lpad_rpad
SELECT lpad('5', 3, '0'), rpad('ab', 5, 'xy'), lpad('hello', 2), rpad('', 3), lpad('日', 3, '本');
-- name: ascii_chr
SELECT ascii('A'), ascii('é'), ascii(''), chr(65), chr(233), chr(127881);
-- name: md5_fn
SELECT md5(''), md5('hello'), md5('日本');
-- name: starts_with_fn
SELECT starts_with('hello', 'he'), starts_with('hello', 'lo'), starts_with('', '');
-- name: translate_fn
SELECT translate('hello', 'el', 'ip'), translate('abc', 'abc', 'x');
-- name: to_hex_fn
SELECT to_hex(255), to_hex(-1), to_hex(9223372036854775807);
-- name: quote_fns
SELECT quote_ident('abc'), quote_ident('Abc'), quote_ident('a b'), quote_literal('it''s'), quote_nullable(NULL::text);
-- name: like_basic
SELECT 'hello' LIKE 'h%', 'hello' LIKE 'h_llo', 'hello' LIKE 'H%', 'hello' NOT LIKE '%z%', 'h%' LIKE 'h\%', 'hx' LIKE 'h\%';
-- name: like_null
SELECT NULL LIKE 'a', 'a' LIKE NULL;
-- name: like_unicode
SELECT 'café' LIKE 'caf_', 'cafe' || U&'\0301' LIKE 'caf_', '🎉' LIKE '_', '日本語' LIKE '%本%';
-- name: like_escape
SELECT '50%' LIKE '50!%' ESCAPE '!', '50x' LIKE '50!%' ESCAPE '!', 'a_b' LIKE 'a#_b' ESCAPE '#';
-- name: ilike_basic
SELECT 'Hello' ILIKE 'hello', 'HELLO' ILIKE 'h%o', 'ÄÖÜ' ILIKE 'äöü', 'x' NOT ILIKE 'X';
-- name: like_operators
SELECT 'abc' ~~ 'a%', 'abc' !~~ 'a%', 'ABC' ~~* 'a%', 'ABC' !~~* 'a%';
-- name: like_table
SELECT id, t FROM t_text WHERE t LIKE '%l%';
-- name: ilike_table
SELECT id FROM t_text WHERE t ILIKE '%HELLO%';
-- name: like_percent_underscore_table
SELECT id FROM t_text WHERE t LIKE '%\%\_%';
-- name: string_fns_table
SELECT id, length(t), upper(t), lower(t), reverse(t) FROM t_text;
-- name: string_fns_table2
SELECT id, substr(t, 2, 3), trim(t), split_part(t, ',', 2), position('l' IN t), replace(t, 'l', 'L') FROM t_text;
-- name: varchar_char_fns_table
SELECT id, length(v), length(c), c || '|', v || '|', upper(c) FROM t_text;
-- name: char_comparisons
SELECT 'a'::char(3) = 'a '::char(1), 'a '::text = 'a'::text, 'a'::char(3) < 'b'::char(1);
-- name: regex_match
SELECT 'hello' ~ '^h.*o$', 'hello' ~* 'HEL', 'hello' !~ 'x', 'abc123' ~ '[0-9]+';
-- name: text_comparison_collation_c
SELECT 'a' < 'B', 'Z' < 'a', 'é' > 'z', '' < ' ', 'abc' < 'abcd';
-- name: string_agg_table_ordered
SELECT string_agg(t, '+' ORDER BY id) FROM t_text WHERE id < 4;
-- name: chr_zero
-- error
SELECT chr(0);
