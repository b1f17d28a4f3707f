#!/usr/bin/env node
// Twilio vectors, judged by the twilio SDK's own validateRequest / validateRequestWithBody: X-Twilio-Signature = base64
// HMAC-SHA1 (HMAC-SHA256 when X-Twilio-Webhooks-Signature-Settings says algorithm=HMAC_SHA256) of the full URL followed
// by the POST parameters sorted by name, each name then its value. The SDK is given the parameters as Express's
// urlencoded parser (node:querystring) reads them, and the URL the gateway signs: its NotificationUrl plus the query as
// received. The signer below is written from Twilio's description, independently of the SDK.
// identity: 'twilio:s256:' + the hex SHA-256 of that signed string under the configured URL.
// Run: npm ci && node make-vectors.js > vectors.json
'use strict';
const crypto = require('node:crypto');
const querystring = require('node:querystring');
const twilio = require('twilio');
const v = require('../provider-vectors.js');

const AUTH_TOKEN = '12345678901234567890123456789012';
const SHARED_KEY = 'webhooks_sharedkey_secret_0123456789';
const HEADER = 'X-Twilio-Signature';
const SETTINGS = 'X-Twilio-Webhooks-Signature-Settings';
const URL = 'https://hooks.example.com/callbacks/twilio';
const URI = '/callbacks/twilio';

// Form fields as a receiver decodes them: '+' is a space, %XX a UTF-8 byte.
const fields = (body) =>
  body === '' ? [] : body.split('&').map((pair) => pair.split('=', 2).map((part) => decodeURIComponent(part.replace(/\+/g, ' '))));
const signedString = (url, body) =>
  url + fields(body).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => name + value).join('');
const queryOf = (uri) => (uri.includes('?') ? uri.slice(uri.indexOf('?')) : '');
const identity = (uri, body) => 'twilio:s256:' + crypto.createHash('sha256').update(signedString(URL + queryOf(uri), body), 'utf8').digest('hex');
const signFor = (url, algorithm = 'sha1') => (body, secret) => ({ [HEADER]: v.hmac(algorithm, secret, signedString(url, body), 'base64') });
const sign = signFor(URL);

const status = 'AccountSid=AC00000000000000000000000000000000&ApiVersion=2010-04-01&From=%2B15550001111&MessageSid=SM11111111111111111111111111111111&MessageStatus=delivered&SmsSid=SM11111111111111111111111111111111&SmsStatus=delivered&To=%2B15550002222';
const inbound = 'AccountSid=AC00000000000000000000000000000000&Body=Caf%C3%A9+%F0%9F%98%80+a%26b%3Dc&From=%2B15550001111&MessageSid=SM22222222222222222222222222222222&NumMedia=0&To=%2B15550002222';
const repartitioned = inbound.replace('a%26b%3Dc&From=%2B15550001111', 'a%26b%3DcFrom%2B15550001111');

const settings = { NotificationUrl: URL };
const cases = v.standardCases({
  secret: AUTH_TOKEN,
  header: HEADER,
  settings,
  uri: URI,
  bodies: [
    { name: 'message status callback', body: status, identity: identity(URI, status) },
    { name: 'inbound message, escapes and UTF-8', body: inbound, identity: identity(URI, inbound) },
  ],
  sign,
  malformed: [{ name: 'not base64', value: '!' + sign(status, AUTH_TOKEN)[HEADER].slice(1) }],
});
const base = { ...cases[0], identity: undefined };
const json = '{"MessageSid":"SM33333333333333333333333333333333","Status":"delivered"}';
const bodyHash = crypto.createHash('sha256').update(json, 'utf8').digest('hex');
const jsonUri = `${URI}?bodySHA256=${bodyHash}`;
cases.push(
  {
    ...base,
    name: 'valid: the same signed string, parameters re-partitioned (same identity)',
    body: repartitioned,
    headers: sign(inbound, AUTH_TOKEN),
    identity: identity(URI, inbound),
  },
  { ...base, name: 'valid: the query signed as received', uri: `${URI}?order=42&x=a%20b`, headers: signFor(`${URL}?order=42&x=a%20b`)(status, AUTH_TOKEN), identity: identity(`${URI}?order=42&x=a%20b`, status) },
  { ...base, name: 'valid: signed with the default port', headers: signFor('https://hooks.example.com:443/callbacks/twilio')(status, AUTH_TOKEN), identity: identity(URI, status) },
  {
    ...base,
    name: 'valid: SharedKey signature, HMAC-SHA256',
    secrets: [AUTH_TOKEN, SHARED_KEY],
    headers: { ...signFor(URL, 'sha256')(status, SHARED_KEY), [SETTINGS]: 'key=webhooks_sharedkey_1,algorithm=HMAC_SHA256' },
    identity: identity(URI, status),
  },
  { ...base, name: 'valid: JSON body bound by bodySHA256', uri: jsonUri, body: json, headers: signFor(URL + jsonUri.slice(URI.length))('', AUTH_TOKEN), identity: identity(jsonUri, '') },
  { ...base, name: 'tampered: JSON body changed under the same bodySHA256', uri: jsonUri, body: json.replace('delivered', 'failed'), headers: signFor(URL + jsonUri.slice(URI.length))('', AUTH_TOKEN), expect: 'InvalidSignature' },
  { ...base, name: 'tampered: query changed', uri: `${URI}?order=43`, headers: signFor(`${URL}?order=42`)(status, AUTH_TOKEN), expect: 'InvalidSignature' },
  {
    ...base,
    name: 'tampered: signed for another endpoint of the account, sent with its Host',
    headers: { ...signFor('https://other.example.com/callbacks/twilio')(status, AUTH_TOKEN), Host: 'other.example.com' },
    expect: 'InvalidSignature',
  },
  { ...base, name: 'tampered: SHA-1 signature claimed as HMAC_SHA256', headers: { ...sign(status, AUTH_TOKEN), [SETTINGS]: 'algorithm=HMAC_SHA256' }, expect: 'InvalidSignature' },
  { ...base, name: 'malformed: unknown algorithm', headers: { ...sign(status, AUTH_TOKEN), [SETTINGS]: 'algorithm=HMAC_MD5' }, expect: 'Malformed' },
  {
    ...base,
    name: 'malformed: a parameter repeated',
    body: status + '&To=%2B15550003333',
    headers: sign(status + '&To=%2B15550003333', AUTH_TOKEN),
    expect: 'Malformed',
    gatewayDiffers: 'the SDK merges repeated values (deduplicated and sorted); a backend may read either, so the gateway refuses',
  },
  {
    ...base,
    name: 'malformed: a field without =',
    body: status + '&Extra',
    headers: sign(status, AUTH_TOKEN),
    expect: 'Malformed',
  },
);

const sdkAlgorithm = (c) => twilio.getSignatureAlgorithm(c.headers[SETTINGS]);
v.write({ generator: 'twilio/make-vectors.js', sdk: v.sdkVersion('twilio') }, cases, (c) => {
  const url = c.settings.NotificationUrl + queryOf(c.uri);
  return c.secrets.some((secret) =>
    url.includes('bodySHA256=')
      ? twilio.validateRequestWithBody(secret, c.headers[HEADER] ?? '', url, c.body, sdkAlgorithm(c))
      : twilio.validateRequest(secret, c.headers[HEADER] ?? '', url, querystring.parse(c.body), sdkAlgorithm(c)));
});
