#!/usr/bin/env node
// Test vectors for the NowPayments scheme. NOWPayments publishes no SDK with a verify function; its API documentation
// (https://documenter.getpostman.com/view/7907941/S1a32n38, "Instant Payments Notifications") gives this Node.js code,
// which is reproduced here verbatim, so the C# canonicaliser is checked against the documented semantics:
//
//   function sortObject(obj) {
//     return Object.keys(obj).sort().reduce(
//       (result, key) => {
//         result[key] = (obj[key] && typeof obj[key] === 'object') ? sortObject(obj[key]) : obj[key]
//         return result
//       },
//       {}
//     )
//   }
//   const hmac = crypto.createHmac('sha512', notificationsKey);
//   hmac.update(JSON.stringify(sortObject(params)));
//   const signature = hmac.digest('hex');
//
// params is JSON.parse(body) (express.json()). The signature goes in the x-nowpayments-sig header.
//
// Run: node make-vectors.js > vectors.json   (deterministic; re-running gives the same file)
'use strict';
const crypto = require('node:crypto');

const SECRET = 'nowpayments-ipn-secret';
const UNICODE_SECRET = 'clé-ipn-🔑';

// The documented code, verbatim.
function sortObject(obj) {
  return Object.keys(obj).sort().reduce(
    (result, key) => {
      result[key] = (obj[key] && typeof obj[key] === 'object') ? sortObject(obj[key]) : obj[key]
      return result
    },
    {}
  )
}

function signedText(body) {
  return JSON.stringify(sortObject(JSON.parse(body)));
}

function sign(text, secret) {
  const hmac = crypto.createHmac('sha512', secret);
  hmac.update(text);
  return hmac.digest('hex');
}

// Whether a JavaScript sender could have written this body: every number token spelled as String(Number(token)) prints
// it. The gateway's Strict mode (its default) accepts exactly these bodies; bodies no sender writes that sign the same
// as another one are refused there.
const TOKENS = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function writableByJavaScript(body) {
  for (const [token] of body.matchAll(TOKENS)) {
    if (token[0] !== '"' && String(Number(token)) !== token) {
      return false;
    }
  }
  return true;
}

// The identity the gateway reports: String(payment_id) and String(payment_status) as the signed text holds them, or,
// for an IPN without them, the SHA-256 of the signed text.
function identity(body, text) {
  const obj = JSON.parse(body);
  if (!('payment_id' in obj) && !('payment_status' in obj)) {
    return { hash: 'nowpayments:s256:' + crypto.createHash('sha256').update(text, 'utf8').digest('hex') };
  }
  return { parts: [String(obj.payment_id), String(obj.payment_status)] };
}

// expect: what the gateway must answer in Strict mode (its default) and with Strict off.
function vector(name, body, options = {}) {
  const secret = options.secret ?? SECRET;
  const text = signedText(body);
  const refused = options.refused ?? null; // a body the gateway refuses whatever Strict says (the reason's start)
  return {
    name,
    secret,
    body,
    strict: refused ? 'Malformed' : writableByJavaScript(body) ? 'Verified' : 'Malformed',
    strictOff: refused ? 'Malformed' : 'Verified',
    refused,
    signedTextUtf8Base64: Buffer.from(text, 'utf8').toString('base64'),
    hex: sign(text, secret),
    identity: refused ? null : identity(body, text),
  };
}

// A payment IPN shaped like the documented example (GET payment status response plus fee).
const DOCUMENTED =
  '{"payment_id":5077125051,"payment_status":"waiting","pay_address":"0xd1cDE08A07cD25adEbEd35c3867a59228C09B606",' +
  '"price_amount":170,"price_currency":"usd","pay_amount":155.38559757,"actually_paid":0,"actually_paid_at_fiat":0,' +
  '"pay_currency":"mana","order_id":"2","order_description":"Apple Macbook Pro 2019 x 1","purchase_id":"6084744717",' +
  '"created_at":"2021-04-12T14:22:54.942Z","updated_at":"2021-04-12T14:23:06.244Z","outcome_amount":1131.7812095,' +
  '"outcome_currency":"trx","fee":{"currency":"btc","depositFee":0.09853637216235617,"withdrawalFee":0,"serviceFee":0}}';

const vectors = [
  vector('documented payment IPN', DOCUMENTED),
  vector('keys out of order and whitespace', '{ "payment_status" : "finished",\n "pay_currency": "btc", "payment_id" : 4242,\t"fee": { "serviceFee": 0, "currency": "btc" } }\n'),
  vector('payment_id as a string', '{"payment_id":"5077125051","payment_status":"confirming","order_id":"A-1"}'),
  vector('payout IPN (no payment_id): hash of the signed text', '{"id":"5000000713","batch_withdrawal_id":"5000000000","status":"FINISHED","error":null,"currency":"trx","amount":"12.171365564140688","address":"TEmGwPeRTPiLFLVfBxXkSP91yc5GMNQhfS","extra_id":null,"hash":"9f0ac9c8c1e3cf2c6d1c47cdde2f3c6bc3a9f9a7","ipn_callback_url":"https://example.org/ipn/payout","created_at":"2023-07-27T15:29:40.803Z","requested_at":null,"updated_at":"2023-07-27T15:31:02.104Z"}'),
  vector('nested objects sorted at every level', '{"payment_id":1,"payment_status":"paid","z":{"b":{"d":1,"c":2},"a":[{"y":1,"x":2}]},"a":{"z":null,"m":true,"b":false}}'),
  vector('arrays become objects keyed by index', '{"payment_id":2,"payment_status":"paid","list":[3,2,1,0,9,8,7,6,5,4,10,11],"empty":[],"nested":[[1,[2]],{"b":[{"d":0,"c":1}]}]}'),
  vector('object keyed like an array signs like the array', '{"payment_id":2,"payment_status":"paid","list":{"0":3,"1":2,"2":1,"3":0,"4":9,"5":8,"6":7,"7":6,"8":5,"9":4,"10":10,"11":11},"empty":{},"nested":{"0":{"0":1,"1":{"0":2}},"1":{"b":{"0":{"d":0,"c":1}}}}}'),
  vector('index keys first in numeric order', '{"payment_id":3,"payment_status":"paid","o":{"b":1,"10":2,"9":3,"01":4,"4294967295":5,"4294967294":6,"-1":7,"1.5":8,"0":9,"A":10,"_":11}}'),
  vector('top-level index keys', '{"payment_id":4,"payment_status":"paid","10":"a","9":"b","1":"c","01":"d"}'),
  vector('strings: escapes and slashes', '{"payment_id":5,"payment_status":"paid","q":"say \\"hi\\"","b":"back\\\\slash","s":"https:\\/\\/example.org/a/b","c":"\\b\\f\\n\\r\\t","u":"\\u0041\\u00e9\\u4e2d"}'),
  vector('strings: control characters', '{"payment_id":6,"payment_status":"paid","ctl":"\\u0000\\u0001\\u001f\\u007f\\u0080","n":["\\u000b"]}'),
  vector('strings: unicode literal and escaped', '{"payment_id":7,"payment_status":"paid","raw":"héllo 中文 😀 \u2028\u2029","esc":"h\\u00e9llo \\u4e2d\\u6587 \\ud83d\\ude00 \\u2028\\u2029"}'),
  vector('strings: lone surrogates are escaped, not replaced', '{"payment_id":8,"payment_status":"paid","hi":"a\\ud800b","lo":"\\udc00","rev":"\\udc00\\ud800","k":{"\\ud800":1}}'),
  vector('keys: escaped and non-ASCII, sorted by UTF-16 code units', '{"payment_id":9,"payment_status":"paid","\\u0061b":1,"é":2,"😀":3,"\\uffff":4,"ｚ":5,"k\\"q":{"in\\"ner":"v"}}'),
  vector('literals', '{"payment_id":10,"payment_status":"paid","t":true,"f":false,"n":null,"e":"","zero":0,"nested":{"n":null,"f":false}}'),
  vector('identity fields with escapes', '{"payment_id":"p\\u002f1","payment_status":"fin\\u0069shed"}'),
  vector('numbers as JavaScript prints them', '{"payment_id":11,"payment_status":"paid","a":0.1,"b":1e+21,"c":1e-7,"d":123456789012,"e":-5.5,"f":0.000001,"g":5e-324,"h":1.7976931348623157e+308}'),
  vector('numbers: non-shortest spellings', '{"payment_id":12,"payment_status":"paid","a":1.10,"b":1e3,"c":-0,"d":12345678901234567890,"e":1E21,"f":0.1e1,"nested":[1.0,2.50]}'),
  vector('payment_id spelled as no JavaScript sender writes it', '{"payment_id":5077125051.0,"payment_status":"paid"}'),
  vector('non-ASCII secret', '{"payment_id":13,"payment_status":"finished"}', { secret: UNICODE_SECRET }),
  vector('empty object', '{}'),
  vector('duplicate top-level key', '{"payment_id":14,"payment_status":"waiting","payment_status":"finished"}', { refused: 'body holds a duplicate key' }),
  vector('duplicate nested key', '{"payment_id":15,"payment_status":"paid","fee":{"currency":"btc","currency":"eth"}}', { refused: 'body holds a duplicate key' }),
  vector('__proto__ key is left out of the signed text', '{"payment_id":16,"payment_status":"paid","__proto__":{"x":1}}', { refused: 'body holds a __proto__ key' }),
  vector('nested __proto__ key', '{"payment_id":17,"payment_status":"paid","fee":{"__proto__":"x","currency":"btc"}}', { refused: 'body holds a __proto__ key' }),
  vector('payment_id as an object', '{"payment_id":{"0":1},"payment_status":"paid"}', { refused: 'payment_id and payment_status must both be present' }),
  vector('payment_id as an array', '{"payment_id":[1],"payment_status":"paid"}', { refused: 'payment_id and payment_status must both be present' }),
  vector('payment_status missing', '{"payment_id":18,"order_id":"x"}', { refused: 'payment_id and payment_status must both be present' }),
];

// Bodies that are not the signed one, each sent with the signature of the vector it was made from: Node's own check
// (the documented code above) refuses every one, and so must the gateway.
function tampered(name, of, body) {
  const original = vectors.find((v) => v.name === of);
  if (sign(signedText(body), original.secret) === original.hex) {
    throw new Error(`${name}: the tampered body still verifies in Node`);
  }
  return { name, of, secret: original.secret, body, hex: original.hex };
}

const tamperedVectors = [
  tampered('status changed', 'documented payment IPN', DOCUMENTED.replace('"waiting"', '"finished"')),
  tampered('amount changed', 'documented payment IPN', DOCUMENTED.replace('"actually_paid":0', '"actually_paid":155.38559757')),
  tampered('nested fee changed', 'documented payment IPN', DOCUMENTED.replace('"serviceFee":0', '"serviceFee":1')),
  tampered('field added', 'documented payment IPN', DOCUMENTED.replace('{"payment_id"', '{"extra":"x","payment_id"')),
  tampered('field removed', 'documented payment IPN', DOCUMENTED.replace(',"order_id":"2"', '')),
  tampered('number became a string', 'payment_id as a string', '{"payment_id":5077125051,"payment_status":"confirming","order_id":"A-1"}'),
  tampered('string case changed', 'keys out of order and whitespace', '{"payment_status":"Finished","pay_currency":"btc","payment_id":4242,"fee":{"serviceFee":0,"currency":"btc"}}'),
  tampered('array order changed', 'arrays become objects keyed by index', '{"payment_id":2,"payment_status":"paid","list":[2,3,1,0,9,8,7,6,5,4,10,11],"empty":[],"nested":[[1,[2]],{"b":[{"d":0,"c":1}]}]}'),
  tampered('unicode changed', 'strings: unicode literal and escaped', '{"payment_id":7,"payment_status":"paid","raw":"hello 中文 😀 \u2028\u2029","esc":"h\\u00e9llo \\u4e2d\\u6587 \\ud83d\\ude00 \\u2028\\u2029"}'),
  tampered('lone surrogate changed', 'strings: lone surrogates are escaped, not replaced', '{"payment_id":8,"payment_status":"paid","hi":"a\\ud801b","lo":"\\udc00","rev":"\\udc00\\ud800","k":{"\\ud800":1}}'),
  tampered('status changed, non-ASCII secret', 'non-ASCII secret', '{"payment_id":13,"payment_status":"failed"}'),
];

process.stdout.write(
  JSON.stringify({ generator: 'make-vectors.js', node: process.version, vectors, tampered: tamperedVectors }, null, 2) + '\n',
);
