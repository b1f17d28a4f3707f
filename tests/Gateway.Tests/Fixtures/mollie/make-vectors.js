#!/usr/bin/env node
// Mollie next-gen webhook vectors. Mollie's npm client (@mollie/api-client) has no webhook verification; its PHP SDK does
// (mollie/mollie-api-php src/Webhooks/SignatureValidator.php): the X-Mollie-Signature value with a leading "sha256="
// removed when present, compared with hash_equals to hash_hmac('sha256', $payload, $secret), any configured secret
// matching. That check is written here with node:crypto. Classic webhooks (a form post of an id) are not signed.
// Run: node make-vectors.js > vectors.json
'use strict';
const v = require('../provider-vectors.js');

const PREFIX = 'sha256=';
const SECRET = 'mollie-webhook-signing-secret';
const HEADER = 'X-Mollie-Signature';
const { cases } = v.bodyHmac({
  secret: SECRET,
  header: HEADER,
  algorithm: 'sha256',
  encoding: 'hex',
  prefix: PREFIX,
  bodies: [
    ['event_GvJ8WHrp5isUdRub9CJyH', '{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment-link.paid","entityId":"pl_qng5gbbv8NAZ5gpM5ZYgx","createdAt":"2024-12-16T15:57:04.0Z","_links":{"self":{"href":"https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH","type":"application/hal+json"}}}'],
    ['event_2', '{"resource":"event","id":"event_2","type":"sales-invoice.paid","entityId":"invoice_\u00e9"}'],
  ],
  malformed: () => [{ name: 'not hex', value: PREFIX + 'xyz' }],
});
cases.push({ ...cases[0], name: 'valid: bare hex without sha256=', headers: { [HEADER]: v.hmac('sha256', SECRET, cases[0].body, 'hex') } });

const extract = (header) => (header.startsWith(PREFIX) ? header.slice(PREFIX.length) : header);
v.write({ generator: 'mollie/make-vectors.js', sdk: 'none (mollie-api-php SignatureValidator logic, node:crypto)' }, cases, (c) =>
  c.secrets.some((s) => v.hmac('sha256', s, c.body, 'hex') === extract(c.headers[HEADER])));
