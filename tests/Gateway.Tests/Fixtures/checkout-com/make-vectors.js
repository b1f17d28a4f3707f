#!/usr/bin/env node
// Checkout.com vectors. Checkout.com publishes no npm SDK that verifies webhooks (checkout-sdk-node has none), so the
// verdict is the documented check written with node:crypto: "Hash the contents in the webhook body with the SHA-256 hash
// function, using your webhook's signature key as the hash key. Compare the resulting HMAC with the one received in the
// Cko-Signature header" (hex-encoded), https://www.checkout.com/docs/developer-resources/webhooks/manage-webhooks/set-up-your-webhook-receiver
// Run: node make-vectors.js > vectors.json
'use strict';
const v = require('../provider-vectors.js');

const { cases, check } = v.bodyHmac({
  secret: 'checkout-webhook-signature-key',
  header: 'Cko-Signature',
  algorithm: 'sha256',
  encoding: 'hex',
  bodies: [
    ['evt_az5sblvku4ge3dwpztvyizgcau', '{"id":"evt_az5sblvku4ge3dwpztvyizgcau","type":"payment_approved","version":"1.0.33","created_on":"2024-01-10T10:00:00Z","data":{"id":"pay_mbabizu24mvu3mela5njyhpit4","amount":6540,"currency":"GBP"}}'],
    ['evt_x', '{"id":"evt_x","type":"payment_captured","data":{"id":"pay_y","reference":"caf\u00e9 \u00a9\u00ae\u2122"}}'],
  ],
  malformed: (good) => [{ name: 'with a sha256= prefix', value: 'sha256=' + good }],
});

v.write({ generator: 'checkout-com/make-vectors.js', sdk: 'none (documented check, node:crypto)' }, cases, check);
