#!/usr/bin/env node
// Coinbase Commerce vectors, judged by coinbase-commerce-node's own Webhook.verifySigHeader (hex HMAC-SHA256 of the raw
// body in X-CC-Webhook-Signature; it throws when the signature does not match).
// Run: npm ci && node make-vectors.js > vectors.json
'use strict';
const { Webhook } = require('coinbase-commerce-node');
const v = require('../provider-vectors.js');

const HEADER = 'X-CC-Webhook-Signature';
const EVENT_ID = '24934862-d980-46cb-9402-43c81b0cdba6';
const event = (attempt) =>
  `{"attempt_number":${attempt},"event":{"api_version":"2018-03-22","created_at":"2024-01-10T10:00:00Z","data":{"code":"66BEOV2A","name":"The Sovereign Individual","pricing":{"local":{"amount":"100.00","currency":"USD"}}},"id":"${EVENT_ID}","resource":"event","type":"charge:confirmed"},"id":"f6ab7b26-a1b2-4ba9-8e8d-8a7a0a6d28e1","scheduled_for":"2024-01-10T10:00:00Z"}`;
const { cases } = v.bodyHmac({
  secret: 'coinbase-commerce-shared-secret',
  header: HEADER,
  algorithm: 'sha256',
  encoding: 'hex',
  label: 'charge confirmed, attempt',
  bodies: [[EVENT_ID, event(1)], [EVENT_ID, event(2)]],
  malformed: (good) => [{ name: 'not hex', value: 'g' + good.slice(1) }],
});

v.write({ generator: 'coinbase-commerce/make-vectors.js', sdk: v.sdkVersion('coinbase-commerce-node') }, cases, (c) =>
  c.secrets.some((s) => {
    try {
      return Webhook.verifySigHeader(c.body, c.headers[HEADER], s);
    } catch {
      return false;
    }
  }));
