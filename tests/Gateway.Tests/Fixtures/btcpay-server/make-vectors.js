#!/usr/bin/env node
// BTCPay Server vectors. No npm SDK verifies webhooks, so the verdict is the Greenfield API's documented format written
// with node:crypto: "BTCPay Server includes the BTCPay-Sig HTTP header, whose format is sha256=HMAC256(UTF8(webhook's
// secret), body)" (Greenfield API, WebhookDataCreate.secret, https://docs.btcpayserver.org/API/Greenfield/v1/#operation/Webhooks_CreateWebhook).
// The identity is originalDeliveryId: BTCPay sets it to the delivery's own id, and a redelivery keeps it.
// Run: node make-vectors.js > vectors.json
'use strict';
const v = require('../provider-vectors.js');

const delivery = (id, original, redelivery, timestamp) =>
  `{"deliveryId":"${id}","webhookId":"Ytzo3VuXYKxzxmJuNKB9fN","originalDeliveryId":"${original}","isRedelivery":${redelivery},"type":"InvoiceSettled","timestamp":${timestamp},"storeId":"9CiNzKoANXxmk5ayZngSXrHTiVvvgCrwrpFQd4m2K776","invoiceId":"Q6hsXxwJ3GCePYLpDQBE1k","manuallyMarked":false}`;
const { cases, check } = v.bodyHmac({
  secret: 'btcpay-webhook-secret',
  header: 'BTCPay-Sig',
  algorithm: 'sha256',
  encoding: 'hex',
  prefix: 'sha256=',
  label: 'delivery (first, then a redelivery of it)',
  bodies: [
    ['KYzGs2ehe1e1d4mfkUqd6p', delivery('KYzGs2ehe1e1d4mfkUqd6p', 'KYzGs2ehe1e1d4mfkUqd6p', false, 1700000000)],
    ['KYzGs2ehe1e1d4mfkUqd6p', delivery('3wvj4SfBnYzN1uxAXpnq1t', 'KYzGs2ehe1e1d4mfkUqd6p', true, 1700000600)],
  ],
  malformed: (good) => [
    { name: 'no sha256= prefix', value: good.slice('sha256='.length) },
    { name: 'sha1= prefix', value: 'sha1=' + good.slice('sha256='.length) },
  ],
});

v.write({ generator: 'btcpay-server/make-vectors.js', sdk: 'none (documented format, node:crypto)' }, cases, check);
