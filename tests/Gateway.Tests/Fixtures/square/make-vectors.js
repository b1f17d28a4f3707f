#!/usr/bin/env node
// Square vectors, judged by the square SDK's own WebhooksHelper.verifySignature: x-square-hmacsha256-signature = base64
// HMAC-SHA256 of notificationUrl + body, keyed with the subscription's signature key. The gateway's policy names the
// public URL (NotificationUrl) and appends the query the request arrived with; the SDK is given that same URL. A request
// signed for another URL (another endpoint of the same account, or a Host an attacker sets) must not verify.
// Run: npm ci && node make-vectors.js > vectors.json
'use strict';
const { WebhooksHelper } = require('square');
const v = require('../provider-vectors.js');

const SECRET = 'square-subscription-signature-key';
const HEADER = 'x-square-hmacsha256-signature';
const URL = 'https://hooks.example.com/callbacks/square';
const signFor = (url) => (body, secret) => ({ [HEADER]: v.hmac('sha256', secret, url + body, 'base64') });

const EVENT_ID = '6a8f5f28-54a1-4eb0-a98a-3111513fd4fc';
const body = `{"merchant_id":"6SSW7HV8K2ST5","type":"payment.updated","event_id":"${EVENT_ID}","created_at":"2024-01-10T10:00:00.000Z","data":{"type":"payment","id":"hYy9pRFVxpDsO1FB05SunFWUe9JZY","object":{"payment":{"note":"caf\u00e9","amount_money":{"amount":100,"currency":"USD"}}}}}`;

const settings = { NotificationUrl: URL };
const cases = v.standardCases({
  secret: SECRET,
  header: HEADER,
  settings,
  uri: '/callbacks/square',
  bodies: [{ name: 'payment updated', body, identity: EVENT_ID }],
  sign: signFor(URL),
  malformed: [{ name: 'not base64', value: '!' + signFor(URL)(body, SECRET)[HEADER].slice(1) }],
});
const base = cases[0];
cases.push(
  { ...base, name: 'valid: the query signed as received', uri: '/callbacks/square?shop=1', headers: signFor(URL + '?shop=1')(body, SECRET) },
  {
    ...base,
    name: 'valid: the route path differs from the public one',
    uri: '/internal/square',
    headers: signFor(URL)(body, SECRET),
  },
  { ...base, name: 'tampered: query changed', uri: '/callbacks/square?shop=2', headers: signFor(URL + '?shop=1')(body, SECRET), expect: 'InvalidSignature', identity: undefined },
  {
    ...base,
    name: 'tampered: signed for another endpoint, sent with its Host',
    headers: { ...signFor('https://other.example.com/callbacks/square')(body, SECRET), Host: 'other.example.com' },
    expect: 'InvalidSignature',
    identity: undefined,
  },
  { ...base, name: 'tampered: signed over the body alone', headers: { [HEADER]: v.hmac('sha256', SECRET, body, 'base64') }, expect: 'InvalidSignature', identity: undefined },
);

v.write({ generator: 'square/make-vectors.js', sdk: v.sdkVersion('square') }, cases, async (c) => {
  const query = c.uri.indexOf('?') < 0 ? '' : c.uri.slice(c.uri.indexOf('?'));
  for (const signatureKey of c.secrets) {
    const ok = await WebhooksHelper.verifySignature({
      requestBody: c.body,
      signatureHeader: c.headers[HEADER] ?? '',
      signatureKey,
      notificationUrl: c.settings.NotificationUrl + query,
    });
    if (ok) {
      return true;
    }
  }
  return false;
});
