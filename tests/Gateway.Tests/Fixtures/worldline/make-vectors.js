#!/usr/bin/env node
// Worldline Connect vectors, judged by connect-sdk-nodejs's own webhooks helper (webhooks.v1.init(store).unmarshal):
// base64 HMAC-SHA256 of the raw body in X-GCS-Signature, keyed with the secret key that X-GCS-KeyId names in the store.
// The gateway, which is given secrets without key ids, tries each of them.
// Run: npm ci && node make-vectors.js > vectors.json
'use strict';
const { webhooks } = require('connect-sdk-nodejs');
const v = require('../provider-vectors.js');

const KEY_ID = 'key-1';
const { cases } = v.bodyHmac({
  secret: 'worldline-webhooks-secret-key',
  header: 'X-GCS-Signature',
  algorithm: 'sha256',
  encoding: 'base64',
  unsigned: { 'X-GCS-KeyId': KEY_ID },
  bodies: [
    ['97a4fcdf-9a08-4a59-a0c0-69bfd7e1d59d', '{"apiVersion":"v1","id":"97a4fcdf-9a08-4a59-a0c0-69bfd7e1d59d","created":"2017-09-14T17:14:39.688+0200","merchantId":"20000","type":"payment.created","payment":{"id":"000002000020142549460000100001","status":"CREATED"}}'],
    ['8ee793f6-4553-4749-85dc-f2ef095c5ab0', '{"apiVersion":"v1","id":"8ee793f6-4553-4749-85dc-f2ef095c5ab0","created":"2017-02-02T11:24:14.040+0100","merchantId":"20000","type":"refund.refund_requested","refund":{"id":"00000085001000006995000-300001"}}'],
  ],
  malformed: (good) => [{ name: 'not base64', value: '!' + good.slice(1) }],
});

v.write({ generator: 'worldline/make-vectors.js', sdk: v.sdkVersion('connect-sdk-nodejs') }, cases, async (c) => {
  for (const secret of c.secrets) {
    const helper = webhooks.v1.init({ getSecretKey: (keyId) => (keyId === KEY_ID ? Promise.resolve(secret) : Promise.reject(new Error(keyId))) });
    try {
      await helper.unmarshal(c.body, c.headers);
      return true;
    } catch {
      // the next secret
    }
  }
  return false;
});
