#!/usr/bin/env node
// Test vectors for the Spell scheme, computed the way a JavaScript sender (or Spell's own Node
// receiver) does it, so the C# canonicaliser is checked against the real semantics rather than
// against itself:
//   obj = JSON.parse(body)
//   canonical = Object.keys(obj).sort()
//       .map(k => k + '=' + (typeof obj[k] === 'object' ? JSON.stringify(obj[k]) : String(obj[k])))
//       .join('&')
//   signature = HMAC-SHA256(secret, canonical)   (node:crypto encodes the string as UTF-8)
//
// Run: node make-vectors.js > vectors.json   (deterministic; re-running gives the same file)
// Besides 'vectors' it writes 'repartitions' (bodies that sign the same string) and 'invalidUtf8' (bodies as bytes).
'use strict';
const crypto = require('node:crypto');

const SECRET = 'spell-callback-secret';
const UNICODE_SECRET = 'sécret-🔑';

function canonical(body) {
  const obj = JSON.parse(body);
  return Object.keys(obj)
    .sort()
    .map((k) => {
      const v = obj[k];
      return k + '=' + (typeof v === 'object' ? JSON.stringify(v) : String(v));
    })
    .join('&');
}

// Whether a JavaScript sender could have written this body: every number token spelled as
// String(Number(token)) prints it (JSON.stringify writes no other spelling), and no lone surrogate
// in a top-level key or string (where it would hash as U+FFFD, like any other lone surrogate).
// The gateway's Strict mode (its default) accepts exactly these bodies.
const TOKENS = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function writableByJavaScript(body) {
  for (const [token] of body.matchAll(TOKENS)) {
    if (token[0] !== '"' && String(Number(token)) !== token) {
      return false;
    }
  }
  const obj = JSON.parse(body);
  return Object.keys(obj).every((k) => !LONE_SURROGATE.test(k) && !(typeof obj[k] === 'string' && LONE_SURROGATE.test(obj[k])));
}

function vector(name, body, secret = SECRET) {
  const text = canonical(body);
  const hmac = () => crypto.createHmac('sha256', secret).update(text);
  return {
    name,
    secret,
    body,
    strict: writableByJavaScript(body) ? 'Verified' : 'Malformed',
    // The canonical string as UTF-8 bytes (base64), because it may hold lone surrogates,
    // which node:crypto (like Buffer) encodes as U+FFFD and which a JSON reader may refuse.
    canonicalUtf8Base64: Buffer.from(text, 'utf8').toString('base64'),
    hex: hmac().digest('hex'),
    base64: hmac().digest('base64'),
  };
}

// A small deterministic PRNG (mulberry32), so the generated numbers are the same on every run.
function prng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

// Number tokens as various senders might write them: random bit patterns, decimals of every
// magnitude, and non-shortest spellings (toPrecision/toExponential) that parse to a nearby double.
function numberTokens(random, count) {
  const view = new DataView(new ArrayBuffer(8));
  const tokens = [];
  while (tokens.length < count) {
    const kind = random() % 5;
    let x;
    if (kind === 0) {
      view.setUint32(0, random());
      view.setUint32(4, random());
      x = view.getFloat64(0);
      if (!Number.isFinite(x)) {
        continue;
      }
      tokens.push(String(x));
    } else if (kind === 1) {
      const mantissa = random() % 1000000;
      const exponent = (random() % 60) - 30;
      tokens.push(`${mantissa}e${exponent}`);
    } else if (kind === 2) {
      x = (random() / 4294967296) * 10 ** ((random() % 44) - 22);
      tokens.push(x.toPrecision(1 + (random() % 21)));
    } else if (kind === 3) {
      x = (random() / 4294967296 - 0.5) * 10 ** ((random() % 30) - 10);
      tokens.push(x.toExponential(random() % 21));
    } else {
      tokens.push(String(random() * 2 ** (random() % 40)));
    }
  }
  return tokens;
}

const vectors = [
  vector('documented fields', '{"callback":"cb_01HZX","event":"order.paid","order":"ord_42","timestamp":1717171717,"user":{"id":7,"email":"a@b.c"}}'),
  vector('keys out of order and whitespace', '{ "user" : "u1" ,\n  "order": "o1",\t"event" : "order.paid", "callback":"cb2" }\n'),
  vector('empty object', '{}'),
  vector('numbers: non-shortest spellings', '{"a":1.10,"b":1e3,"c":-0,"d":0.1,"e":12345678901234567890,"f":1E21,"g":1e-7,"h":0.000001,"i":123e-20,"j":-1.5e+300,"k":5e-324,"l":1.7976931348623157e308,"m":100,"n":1e20,"o":0.1e1,"p":-0.0e5}'),
  vector('numbers: nested', '{"o":{"a":1.10,"b":1e3,"c":-0,"d":[12345678901234567890,1e21,1e-7,0.000001]}}'),
  vector('numbers: overflow to Infinity', '{"big":1e400,"neg":-1e400,"tiny":1e-400,"nested":[1e400,-1e400]}'),
  vector('literals', '{"t":true,"f":false,"n":null,"nested":{"t":true,"f":false,"n":null},"arr":[true,false,null]}'),
  vector('arrays and nesting', '{"a":[],"b":{},"c":[[],{}],"d":[1,[2,[3,{"x":[4]}]]],"e":{"z":{"y":{"x":"deep"}}}}'),
  vector('nested key order: array indices first', '{"o":{"b":1,"2":2,"1":3,"01":4,"4294967295":5,"4294967294":6,"-1":7,"1.5":8,"0":9}}'),
  vector('top-level keys that look like numbers', '{"10":"a","9":"b","1":"c","01":"d","a":"e","A":"f","_":"g"}'),
  vector('strings: escapes', '{"q":"say \\"hi\\"","b":"back\\\\slash","s":"a\\/b","c":"\\b\\f\\n\\r\\t","u":"\\u0041\\u00e9\\u4e2d","n":{"q":"say \\"hi\\"","b":"back\\\\slash","s":"a\\/b","c":"\\b\\f\\n\\r\\t"}}'),
  vector('strings: control characters', '{"top":"\\u0000\\u0001\\u001f\\u007f\\u0080","nested":["\\u0000\\u0001\\u000b\\u001f\\u007f\\u0080"]}'),
  vector('strings: unicode literal and escaped', '{"raw":"héllo 中文 😀 \u2028\u2029","esc":"h\\u00e9llo \\u4e2d\\u6587 \\ud83d\\ude00 \\u2028\\u2029","nested":{"raw":"😀 \u2028","esc":"\\ud83d\\ude00 \\u2028\\u2029 \\ufeff"}}'),
  vector('strings: lone surrogates', '{"hi":"a\\ud800b","lo":"\\udc00","rev":"\\udc00\\ud800","end":"x\\ud83d","nested":["a\\ud800b","\\udc00","\\ud83d\\ude00","\\udbff\\udfff"]}'),
  vector('strings: lone surrogates nested only', '{"top":"ok","nested":{"a":"a\\ud800b","\\udc00":["\\udbff"]}}'),
  vector('keys: escaped and non-ASCII', '{"\\u0061b":1,"é":2,"😀":3,"\\uffff":4,"ｚ":5,"k\\"q":{"in\\"ner":"v","\\u2028":"w"}}'),
  vector('keys: lone surrogate', '{"\\ud800":"x","\\ud83d\\ude00":"y","\\ue000":"z","nested":{"\\udc00":1}}'),
  vector('value with & and =', '{"a":"x=1&y=2","b":"&","c":"="}'),
  vector('callback id as number', '{"callback":123456789012,"event":"order.paid","order":99}'),
  vector('fallback identity fields', '{"event":"order.expired","order":"ord_7","timestamp":1717171800}'),
  vector('non-ASCII secret', '{"callback":"cb_3","event":"order.paid","order":"ord_1"}', UNICODE_SECRET),
];

const random = prng(20240601);
for (let batch = 0; batch < 20; batch++) {
  const tokens = numberTokens(random, 40);
  const top = tokens.map((t, i) => `"n${String(i).padStart(2, '0')}":${t}`).join(',');
  vectors.push(vector(`random numbers ${batch}`, `{${top},"nested":[${tokens.join(',')}]}`));
}

// Numbers exactly as JavaScript prints them, so Strict mode is exercised on many of them too.
for (let batch = 0; batch < 10; batch++) {
  const tokens = numberTokens(random, 40).map((t) => String(Number(t)));
  const top = tokens.map((t, i) => `"n${String(i).padStart(2, '0')}":${t}`).join(',');
  vectors.push(vector(`random numbers as JavaScript prints them ${batch}`, `{${top},"nested":{"list":[${tokens.join(',')}]}}`));
}

// Bodies that sign the same string S: '&' and '=' are not escaped in S, so a captured body can be re-partitioned into
// other JSON with the same signature. Each group lists such bodies (the generator checks that S is the same for all)
// and what the gateway must make of each: the identity it reports (IdentityText.Join's spelling: parts
// percent-escaped, joined with ':'), or 'Malformed'. The identity is a function of S alone: the callback, else event
// and order, as S reads back when split at every '&' and each pair at its first '='; without them the SHA-256 of S
// (S256 below). A body whose own identity fields do not read back from S that way is refused.
const S256 = Symbol('spell:s256');

function repartitions(name, bodies) {
  const texts = bodies.map(([body]) => canonical(body));
  const text = texts[0];
  if (texts.some((t) => t !== text)) {
    throw new Error(`${name}: the bodies do not sign the same string`);
  }
  const hmac = () => crypto.createHmac('sha256', SECRET).update(text);
  const s256 = 'spell:s256:' + crypto.createHash('sha256').update(text, 'utf8').digest('hex');
  return {
    name,
    secret: SECRET,
    canonicalUtf8Base64: Buffer.from(text, 'utf8').toString('base64'),
    hex: hmac().digest('hex'),
    base64: hmac().digest('base64'),
    bodies: bodies.map(([body, expect]) => ({ body, expect: expect === S256 ? s256 : expect })),
  };
}

const groups = [
  repartitions('callback absorbs the next field', [
    ['{"callback":"abc","currency":"USD","event":"order.paid","order":"ord_1"}', 'abc'],
    ['{"callback":"abc&currency=USD","event":"order.paid","order":"ord_1"}', 'Malformed'],
    ['{"callback":"abc&currency=USD&event=order.paid","order":"ord_1"}', 'Malformed'],
  ]),
  repartitions('another field swallows callback', [
    ['{"amount":"10","callback":"cb_1","event":"order.paid","order":"ord_1"}', 'cb_1'],
    ['{"amount":"10&callback=cb_1","event":"order.paid","order":"ord_1"}', 'Malformed'],
    ['{"amount":10,"callback":"cb_1","event":"order.paid&order=ord_1"}', 'Malformed'],
  ]),
  repartitions('event and order fold into other fields', [
    ['{"event":"order.paid","order":"ord_7","status":"paid"}', 'order.paid:ord_7'],
    ['{ "status" : "paid",\n "order": "ord_7", "event": "order.paid" }', 'order.paid:ord_7'],
    ['{"event":"order.paid&order=ord_7","status":"paid"}', 'Malformed'],
    ['{"event":"order.paid","order":"ord_7&status=paid"}', 'Malformed'],
  ]),
  repartitions('no identity field: the hash of S, whatever the partition or spacing', [
    ['{"amount":"10","status":"paid"}', S256],
    ['{ "status": "paid",\n  "amount": "10" }', S256],
    ['{"amount":10,"status":"paid"}', S256],
    ['{"amount":"10&status=paid"}', S256],
  ]),
  repartitions('keys holding & or =: no callback key left in the body', [
    ['{"a":"1","callback":"cb_1"}', 'cb_1'],
    ['{"a=1&callback":"cb_1"}', 'Malformed'],
    ['{"a":"1&callback=cb_1"}', 'Malformed'],
  ]),
  repartitions('a second callback inside another value', [
    ['{"callback":"cb_1","note":"x&callback=cb_2"}', 'Malformed'],
    ['{"callback":"cb_1&note=x&callback=cb_2"}', 'Malformed'],
  ]),
  repartitions('identity value holding =', [
    ['{"callback":"a=b","x":"1"}', 'a%3Db'],
    ['{"callback":"a=b&x=1"}', 'Malformed'],
  ]),
  repartitions('a URL with a query string in an unrelated field', [
    ['{"callback":"cb_9","event":"order.paid","order":"ord_9","return_url":"https://shop.example/back?a=1&z=2"}', 'cb_9'],
    ['{"callback":"cb_9","event":"order.paid","order":"ord_9","return_url":"https://shop.example/back?a=1","z":"2"}', 'cb_9'],
  ]),
];

// Bodies that are not valid UTF-8, as bytes (base64): a receiver in Node reads them with
// JSON.parse(buffer.toString('utf8')), which turns each invalid sequence into U+FFFD (one per maximal subpart, as the
// WHATWG decoder does). So they sign the same as the body with U+FFFD written out, which no JavaScript sender's
// Buffer ever holds: the gateway's Strict mode refuses them; with Strict off it reads them as Node does.
const INVALID_UTF8 = {
  'truncated two-byte sequence (C3 28)': [0xc3, 0x28],
  'encoded surrogate (ED A0 80)': [0xed, 0xa0, 0x80],
  'overlong slash (C0 AF)': [0xc0, 0xaf],
  'byte never used (FF)': [0xff],
  'lone continuation byte (80)': [0x80],
  'beyond U+10FFFF (F4 90 80 80)': [0xf4, 0x90, 0x80, 0x80],
  'three-byte sequence cut by an escape (E2 82 then \\n)': [0xe2, 0x82, 0x5c, 0x6e],
};
const PLACES = {
  'top-level value': ['{"callback":"cb_1","note":"a', 'b"}'],
  'top-level key': ['{"callback":"cb_1","k', '":1}'],
  'nested value': ['{"callback":"cb_1","user":{"name":"a', 'b"}}'],
  'nested key': ['{"callback":"cb_1","user":{"k', '":[1]}}'],
};

function bytesVector(name, bytes) {
  const text = canonical(bytes.toString('utf8'));
  const hmac = () => crypto.createHmac('sha256', SECRET).update(text);
  return {
    name,
    secret: SECRET,
    bodyBase64: bytes.toString('base64'),
    strict: 'Malformed',
    canonicalUtf8Base64: Buffer.from(text, 'utf8').toString('base64'),
    hex: hmac().digest('hex'),
    base64: hmac().digest('base64'),
  };
}

const invalidUtf8 = [];
for (const [what, sequence] of Object.entries(INVALID_UTF8)) {
  for (const [where, [before, after]] of Object.entries(PLACES)) {
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from(sequence), Buffer.from(after)]);
    invalidUtf8.push(bytesVector(`${what} in a ${where}`, bytes));
  }
}

process.stdout.write(
  JSON.stringify({ generator: 'make-vectors.js', node: process.version, vectors, repartitions: groups, invalidUtf8 }, null, 2) + '\n',
);
