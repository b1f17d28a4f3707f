#!/usr/bin/env node
// Razorpay vectors, judged by the razorpay SDK's own validateWebhookSignature (hex HMAC-SHA256 of the raw body).
// Run: npm ci && node make-vectors.js > vectors.json
'use strict';
const { validateWebhookSignature } = require('razorpay/dist/utils/razorpay-utils');
const v = require('../provider-vectors.js');

const HEADER = 'X-Razorpay-Signature';
const { cases } = v.bodyHmac({
  secret: 'razorpay-webhook-secret',
  header: HEADER,
  algorithm: 'sha256',
  encoding: 'hex',
  label: 'payment event',
  bodies: [
    [null, '{"entity":"event","account_id":"acc_BFQ7uQEaa7j2z7","event":"payment.captured","contains":["payment"],"payload":{"payment":{"entity":{"id":"pay_DESlfW9H8K9uqM","amount":100,"currency":"INR","status":"captured"}}},"created_at":1567674606}'],
    [null, '{"entity":"event","event":"payment.failed","payload":{"payment":{"entity":{"id":"pay_X","description":"caf\u00e9 \u20b9 \ud83d\ude00"}}},"created_at":1567674607}'],
  ],
  malformed: (good) => [
    { name: 'not hex', value: 'zz' + good.slice(2) },
    { name: 'odd length', value: good.slice(1) },
  ],
});

v.write({ generator: 'razorpay/make-vectors.js', sdk: v.sdkVersion('razorpay') }, cases, (c) =>
  c.secrets.some((s) => validateWebhookSignature(c.body, c.headers[HEADER], s)));
