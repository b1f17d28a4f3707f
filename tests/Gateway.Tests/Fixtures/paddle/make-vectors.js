#!/usr/bin/env node
// Paddle Billing vectors, judged by @paddle/paddle-node-sdk's own paddle.webhooks.isSignatureValid: Paddle-Signature =
// ts=<unix>;h1=<hex HMAC-SHA256 of "{ts}:{body}"> keyed with the notification destination's secret key. The SDK's clock
// is pinned to each vector's receivedAt; it allows 5 seconds after ts, the gateway the policy's Tolerance (5 minutes).
// Run: npm ci && node make-vectors.js > vectors.json
'use strict';
const { Paddle } = require('@paddle/paddle-node-sdk');
const v = require('../provider-vectors.js');

const SECRET = 'pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI';
const HEADER = 'Paddle-Signature';
const TS = v.NOW - 1;
const h1 = (ts, body, secret) => v.hmac('sha256', secret, `${ts}:${body}`, 'hex');
const sign = (body, secret) => ({ [HEADER]: `ts=${TS};h1=${h1(TS, body, secret)}` });

const EVENT_ID = 'evt_01h8441jx8x1q971q9ksksqh82';
const body = `{"event_id":"${EVENT_ID}","event_type":"subscription.created","occurred_at":"2023-08-21T11:57:47.390028Z","notification_id":"ntf_01h8441jz5c5x5b5fc5vbgdgcj","data":{"id":"sub_01h8441jx8x1q971q9ksksqh82","status":"active","custom_data":{"note":"caf\u00e9"}}}`;
const other = '{"event_id":"evt_2","event_type":"transaction.paid","data":{"id":"txn_2"}}';

const cases = v.standardCases({
  secret: SECRET,
  header: HEADER,
  prefix: `ts=${TS};h1=`,
  bodies: [
    { name: 'subscription created', body, identity: EVENT_ID },
    { name: 'transaction paid', body: other, identity: 'evt_2' },
  ],
  sign,
  malformed: [
    { name: 'no ts', value: `h1=${h1(TS, body, SECRET)}` },
    { name: 'no h1', value: `ts=${TS}` },
  ],
});
cases.push({
  ...cases.find((c) => c.name === 'malformed: no h1'),
  name: 'malformed: two ts',
  headers: { [HEADER]: `ts=${TS - 100};ts=${TS};h1=${h1(TS, body, SECRET)}` },
  gatewayDiffers: 'the SDK takes the last ts, another parser the first; the gateway refuses the ambiguity',
});
const base = cases[0];
const OLD = v.OTHER_SECRET;
const rotating = `ts=${TS};h1=${h1(TS, body, OLD)};h1=${h1(TS, body, SECRET)}`;
cases.push(
  { ...base, name: 'rotation: one h1 per secret, the new one configured', headers: { [HEADER]: rotating } },
  {
    ...base,
    name: 'rotation: one h1 per secret, only the old one configured',
    secrets: [OLD],
    headers: { [HEADER]: rotating },
    gatewayDiffers: 'the SDK reads only the last h1; Paddle sends one per active secret and any one is enough',
  },
  { ...base, name: 'stale: signed ten minutes before it arrived', headers: { [HEADER]: `ts=${v.NOW - 600};h1=${h1(v.NOW - 600, body, SECRET)}` }, expect: 'Stale', identity: undefined },
  { ...base, name: 'tampered: ts changed after signing', headers: { [HEADER]: `ts=${TS + 1};h1=${h1(TS, body, SECRET)}` }, expect: 'InvalidSignature', identity: undefined },
);

// The SDK reads the clock with new Date(); each vector is judged at its receivedAt.
async function atTime(seconds, action) {
  const RealDate = Date;
  global.Date = class extends RealDate {
    constructor(...args) {
      super(...(args.length > 0 ? args : [seconds * 1000]));
    }

    static now() {
      return seconds * 1000;
    }
  };
  try {
    return await action();
  } finally {
    global.Date = RealDate;
  }
}

// As an app uses it: the client (whose constructor sets up the Node runtime's crypto) and its webhooks helper.
const { webhooks } = new Paddle('pdl_sdbx_apikey_01_unused');
v.write({ generator: 'paddle/make-vectors.js', sdk: v.sdkVersion('@paddle/paddle-node-sdk') }, cases, async (c) => {
  for (const secret of c.secrets) {
    if (await atTime(c.receivedAt, () => webhooks.isSignatureValid(c.body, secret, c.headers[HEADER] ?? ''))) {
      return true;
    }
  }
  return false;
});
