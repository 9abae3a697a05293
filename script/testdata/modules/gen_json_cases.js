// Generates json_cases.json: invalid JSON texts and the SyntaxError message
// real Node 20 (V8 11.3) gives for JSON.parse of each. Regenerate with
//   node gen_json_cases.js > json_cases.json
// Texts and messages may hold lone surrogates; JSON.stringify writes them as
// \u escapes, so the file is read back as JavaScript, not with a JSON decoder
// that would replace them.
const texts = [];
const add = (...t) => texts.push(...t);

// Every message kind, short.
add(
  '', ' ', '\t\r\n ', 'tru', 'fals', 'nul', 't', '[', '{"a":', '[1,', '"\\', '{"a":1,"b"', '{"a":1,"b" ',
  '{"a":1,}', '{,}', '{a:1}', "{'a':1}", '{', '{"a" 1}', '{"a"', '{"a" "b"}', '{"a"}',
  '"abc', '"', '{"', '{"a', '[1 2]', '[1', '[1,2', '[1}', '{"a":1 "b":2}', '{"a":1', '{"a":1]', '{"a":1 2}',
  '"\\x"', '"\\é"', '"\\€"', '"\\😀"', '"\\a"', '"\\U0041"', '"a\tb"', '"a\nb"', '"\u0000"', '"\u001f"', '"\u007f"',
  '01', '-01', '00', '[01]', '-', '-a', '[-]', '- 1', '-Infinity', '1.', '1.e5', '[1.]', '1.a', '-0.', '1e', '1e+', '1E-', '1ea', '-0.5e', '[1e]',
  '"\\u12"', '"\\u12g4"', '"\\u"', '"\\u1', '"\\uD83D\\u"', '{"\\u00"}',
  '1 2', '[1]]', '{"a":1} x', '"a"b', '1"a"', 'truex', 'nullnull', '[] []', '0x10', '1-', '-0-', '123456789012x', '1e5.', '1.5.5',
  '[1,]', '[,1]', '[1,,2]', ',', ':', ']', '}', '[:]', '{"a"::1}', '{"a":,}', '[}', '{]', '{"a":1,"b":}', '{"a":1,"b"}',
  '<html>', '<', 'x', '.5', '+1', 'é', '\u00a0', '\u00a01', '\ufeff1', '\u000b1', '\u000c1', '\u20281', 'NULL', 'True', "'a'",
  'tru e', 'tru1', 'nul"', 'nu]', 'falsy', 'f-', 'nulx', 't\u0000',
  '[object Object]', 'NaN', 'Infinity', 'undefined', ' undefined', 'undefined ', '[object Object] ', '[object', 'NaN1', 'infinity', 'Undefined',
);

// Nested positions and keys after the first.
add(
  '[{"a" 1}]', '{"x":{"a" 1}}', '{"a":1,"b" 1}', '{"a":1,"b"x', '[{"a":1,"b" 1}]', '{"a":1,"b" "c"}', '[{}, {"a"}]', '{"a":{}, "b"}',
  '{"a":[1,2', '{"a":[1,2}', '{"a":{"b":1]', '[1,{"a":1]', '[[1,2,3},4]', '{"a":1,"b":2,"c" 3}', '{"a":1,"b":2,"c"}',
  '[[[[[[[[[[1]]]]]]]]]', '[[[[[[[[[[1]]]]]]]]]]]', '{"a":{"b":{"c":{"d":[1,2,{"e":tru}]}}}}', '{"a":[{"b":[{"c":-}]}]}',
  '{"0":1,"1" 2}', '{"12":1,"3x" 2}', '{"\\u0031":1,"2":2,}', '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10 11]',
  '{"list":[1,2,3],"next":{"deep":"\\q"}}', '{"a":"b" , "c" : "d" ,}',
);

// Non-ASCII before the error: positions count UTF-16 code units.
add(
  '"é"x', '"😀"x', '["é","ü","中文"] x', '{"name":"Zoë","city":"Zürich"', '{"e":"😀😀","x":tru}', '["😀",]', '"😀\\x"',
  '{"中":"文", "x" 1}', '["\u00e9\u0301",1 2]', '[😀]', '😀', '"😀', '"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"x',
  'éééééééééééééééééééééééé x', '😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 x', '["😀😀😀😀😀😀😀😀😀😀", x]', '[1,2,3,4,5,6,7,8,9,0,"abc😀", x]',
  '"\ud800"x', '\ud800', '[\ud800]', '"\udc00', '{"a":"\ud83d"}x', '"a\\\ud800"', '[1,2,3,4,5,6,7,8,9,10,\ud83d]',
);

// Texts around the context threshold (21 code units) and windows at the
// start, middle and end of long texts.
for (let n = 18; n <= 23; n++) add('x'.repeat(n), '['.repeat(n - 1) + 'x', '1'.repeat(n - 1) + 'x');
const long = '[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]';
for (const at of [1, 3, 9, 10, 11, 20, long.length - 12, long.length - 11, long.length - 10, long.length - 2]) {
  add(long.slice(0, at) + '?' + long.slice(at + 1));
}
add(
  '[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,x]', '[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,x,17,18,19,20,21,22]',
  '{"a":"' + 'b'.repeat(50) + '"', '{"a":"' + 'b'.repeat(50) + '","c":x}', '{"token":"' + 'A'.repeat(30) + '", "expires_in": 3600, "scope": openid}',
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
  '<html><body>Service Unavailable</body></html>', 'Internal Server Error', 'Forbidden: access denied for this client_id',
  'access_token=abc&token_type=bearer&expires_in=3600', '  \n\t <html>', 'x'.repeat(5000),
  '[' + '1,'.repeat(2000) + 'x]', '{"k":"' + 'v'.repeat(3000) + '\\z"}', '[' + '"é",'.repeat(100) + '}',
);

// Whitespace: only space, tab, CR and LF count.
add(
  ' \t\r\n[1,\n2,\n\tx]', '[1,\r\n2\r\n3]', '\n\n\n}', '[1]\n\n\nx', '{\n  "a": 1,\n  "b": 2\n  "c": 3\n}', '{\n  "a": 1,\n}',
  '\u00a0[]', '[]\u00a0', '[\u2028]', '[\u3000]', '[1,\u000b2]', '"\\u0020"\u00a0',
);

// Deterministic mutations of valid texts: delete, insert or replace one code
// unit, or cut the text short.
const seeds = [
  '{"sub":"42","name":"Ada","n":-1.5e+3,"ok":true,"no":false,"nil":null,"arr":[1,"x",{}],"o":{"z":[]}}',
  '[0,-0,10.25,1E9,"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9"]', '{"email":"zoë@example.com","emoji":"😀","k":"v"}',
  ' { "a" : [ 1 , 2 ] , "b" : { } } ', '"plain"', '12345', 'true', '{"id":"1","profile":{"given_name":"A","family_name":"B"}}',
];
const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', '-', '+', '.', 'e', '0', '1', '9', 't', 'n', 'f', 'u', ' ', '\n', 'x', 'é', '\u0001', '\ud83d'];
let state = 42;
const rnd = (n) => { state = (state * 1103515245 + 12345) % 2147483648; return state % n; };
for (let i = 0; i < 400; i++) {
  const s = seeds[rnd(seeds.length)];
  const at = rnd(s.length + 1);
  const ch = alphabet[rnd(alphabet.length)];
  let t;
  switch (rnd(4)) {
    case 0: t = s.slice(0, at) + s.slice(at + 1); break;
    case 1: t = s.slice(0, at) + ch + s.slice(at); break;
    case 2: t = s.slice(0, at) + ch + s.slice(at + 1); break;
    default: t = s.slice(0, at);
  }
  add(t);
}

const seen = new Set();
const out = [];
for (const text of texts) {
  if (seen.has(text)) continue;
  seen.add(text);
  try {
    JSON.parse(text);
  } catch (e) {
    out.push({ text, message: e.message });
  }
}
console.log('[\n' + out.map((c) => JSON.stringify(c)).join(',\n') + '\n]');
