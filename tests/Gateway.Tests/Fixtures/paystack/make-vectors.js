#!/usr/bin/env node
// Paystack vectors. Paystack publishes no npm SDK with a verify function, so the verdict is its documented check,
// written here with node:crypto as https://paystack.com/docs/payments/webhooks/#verify-event-origin shows it:
//   const hash = crypto.createHmac('sha512', secret).update(JSON.stringify(req.body)).digest('hex');
//   if (hash == req.headers['x-paystack-signature']) { ... }
// (over the raw body here: JSON.stringify of the parsed body equals it for the compact bodies Paystack sends).
// Run: node make-vectors.js > vectors.json
'use strict';
const v = require('../provider-vectors.js');

const { cases, check } = v.bodyHmac({
  secret: 'sk_test_paystack_secret_key',
  header: 'x-paystack-signature',
  algorithm: 'sha512',
  encoding: 'hex',
  bodies: [
    [null, '{"event":"charge.success","data":{"id":302961,"domain":"live","status":"success","reference":"qTPrJoy9Bx","amount":10000,"currency":"NGN","customer":{"email":"customer@email.com"}}}'],
    [null, '{"event":"transfer.success","data":{"amount":30000,"currency":"NGN","reference":"tr_\u00e9\u20a6","status":"success"}}'],
  ],
  malformed: (good) => [{ name: 'base64 instead of hex', value: Buffer.from(good, 'hex').toString('base64') }],
});

v.write({ generator: 'paystack/make-vectors.js', sdk: 'none (documented check, node:crypto)' }, cases, check);
