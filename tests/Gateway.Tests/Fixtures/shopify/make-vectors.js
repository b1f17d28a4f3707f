#!/usr/bin/env node
// Shopify vectors, judged by @shopify/shopify-api's own shopify.webhooks.validate (base64 HMAC-SHA256 of the raw body in
// X-Shopify-Hmac-Sha256, keyed with the app's client secret), run offline with its Node adapter. The SDK also wants the
// topic, shop domain, API version and webhook id headers, which Shopify sends but does not sign; they are in every vector.
// Run: npm ci && node make-vectors.js > vectors.json
'use strict';
require('@shopify/shopify-api/adapters/node');
const { shopifyApi, ApiVersion, LogSeverity } = require('@shopify/shopify-api');
const v = require('../provider-vectors.js');

const { cases } = v.bodyHmac({
  secret: 'shpss_shopify_client_secret',
  header: 'X-Shopify-Hmac-Sha256',
  algorithm: 'sha256',
  encoding: 'base64',
  label: 'order',
  unsigned: {
    'X-Shopify-Topic': 'orders/create',
    'X-Shopify-Shop-Domain': 'example.myshopify.com',
    'X-Shopify-API-Version': '2025-01',
    'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
  },
  bodies: [
    [null, '{"id":820982911946154508,"email":"jon@example.com","created_at":"2024-01-10T10:00:00-05:00","total_price":"403.00","currency":"USD"}'],
    [null, '{"id":1,"note":"caf\u00e9 \u00a9 \ud83d\ude00","line_items":[]}'],
  ],
  malformed: (good) => [{ name: 'not base64', value: '!' + good.slice(1) }],
});

async function validate(c, secret) {
  const shopify = shopifyApi({
    apiKey: 'app-key',
    apiSecretKey: secret,
    scopes: [],
    hostName: 'gateway.example.com',
    apiVersion: ApiVersion.January25,
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error, log: () => {} },
  });
  const headers = Object.fromEntries(Object.entries(c.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const result = await shopify.webhooks.validate({ rawBody: c.body, rawRequest: { method: 'POST', url: c.uri, headers }, rawResponse: {} });
  return result.valid;
}

v.write({ generator: 'shopify/make-vectors.js', sdk: v.sdkVersion('@shopify/shopify-api') }, cases, async (c) => {
  for (const secret of c.secrets) {
    if (await validate(c, secret)) {
      return true;
    }
  }
  return false;
});
