#!/usr/bin/env node
// Test vectors for the gateway's PayPal scheme, made as PayPal's webhook guide describes self-verification
// (developer.paypal.com/api/rest/webhooks/rest, "Verify the signature yourself"):
//   signed    = transmissionId + "|" + transmissionTime + "|" + webhookId + "|" + crc32(raw body)   (unsigned decimal)
//   signature = base64(SHA256withRSA(signed))  in PAYPAL-TRANSMISSION-SIG, PAYPAL-AUTH-ALGO: SHA256withRSA
// verified with the certificate at PAYPAL-CERT-URL. PayPal's Node SDKs only call the verify-webhook-signature API, so
// node:crypto signs and checks each vector (zlib.crc32 for the CRC), and, where `php` is installed, PHP's crc32() and
// openssl_verify() check them too, as PayPal's PHP samples compose it. PayPal's key is not ours: self-signed test
// certificates (keys/*.cert.pem, made with the openssl CLI on the first run, valid 20 years) stand in. Test keys only.
//
// Run: node make-vectors.js > vectors.json   (the tests verify each vector at its transmission time)
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');

const keyDir = path.join(__dirname, 'keys');
fs.mkdirSync(keyDir, { recursive: true });

function certificate(name) {
  const keyPath = path.join(keyDir, `${name}.key.pem`);
  const certPath = path.join(keyDir, `${name}.cert.pem`);
  if (!fs.existsSync(certPath)) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-days', '7300', '-nodes',
      '-subj', `/CN=messageverificationcerts.${name}.test`, '-keyout', keyPath, '-out', certPath], { stdio: 'ignore' });
  }
  return { privateKey: crypto.createPrivateKey(fs.readFileSync(keyPath)), certPem: fs.readFileSync(certPath, 'utf8') };
}

const certs = { current: certificate('paypal-test-1'), next: certificate('paypal-test-2'), unpinned: certificate('unpinned') };
const pinned = [certs.current, certs.next];
const webhookId = '1JE4291016473214C';

const crc = (body) => String(zlib.crc32(Buffer.from(body, 'utf8')));
const signed = (id, time, body, hook = webhookId) => `${id}|${time}|${hook}|${crc(body)}`;
const sign = (text, key, options = {}) => crypto.sign(options.hash ?? 'sha256', Buffer.from(text, 'utf8'), { key, ...options }).toString('base64');

const php = (() => {
  try {
    execFileSync('php', ['-r', 'exit(0);']);
    return true;
  } catch {
    return false;
  }
})();
const PHP_VERIFY = `
[$id, $time, $sig, $body, $cert, $hook] = array_slice($argv, 1);
$data = $id . '|' . $time . '|' . $hook . '|' . crc32($body);
echo openssl_verify($data, base64_decode($sig), openssl_pkey_get_public($cert), 'sha256WithRSAEncryption') === 1 ? 'true' : 'false';`;

function signatureValid(body, headers) {
  const id = headers['PAYPAL-TRANSMISSION-ID'];
  const time = headers['PAYPAL-TRANSMISSION-TIME'];
  const signature = headers['PAYPAL-TRANSMISSION-SIG'];
  if (id === undefined || time === undefined || signature === undefined) {
    return false;
  }
  return pinned.some((cert) => {
    const node = crypto.verify('sha256', Buffer.from(signed(id, time, body), 'utf8'), crypto.createPublicKey(cert.certPem), Buffer.from(signature, 'base64'));
    if (php && execFileSync('php', ['-r', PHP_VERIFY, id, time, signature, body, cert.certPem, webhookId]).toString() !== String(node)) {
      throw new Error('PHP and Node disagree');
    }
    return node;
  });
}

// A PAYMENT.CAPTURE.COMPLETED event as PayPal's event-names page shows it (trimmed).
const body = JSON.stringify({
  id: 'WH-58D329510W468432D-8HN650336L201105X',
  event_version: '1.0',
  create_time: '2027-01-15T09:59:58.000Z',
  resource_type: 'capture',
  event_type: 'PAYMENT.CAPTURE.COMPLETED',
  summary: 'Payment completed for $ 2.51 USD',
  resource: { id: '42311647XV020574X', status: 'COMPLETED', amount: { currency_code: 'USD', value: '2.51' }, final_capture: true },
});
const id = '69cd13f0-d67a-11e5-baa3-778b53f4ae55';
const time = '2027-01-15T10:00:00Z';

const vectors = [];
function add(name, vectorBody, headers, expect, stricter = null) {
  const valid = signatureValid(vectorBody, headers);
  if (valid !== (expect === 'Verified' || expect === 'Stale') && !(valid && stricter)) {
    throw new Error(`${name}: Node says ${valid}, expected ${expect}`);
  }
  vectors.push({ name, body: vectorBody, headers, signatureValid: valid, expect, identity: expect === 'Verified' ? headers['PAYPAL-TRANSMISSION-ID'] : null, ...(stricter ? { stricter } : {}) });
}

const headers = (signature, over = {}) => ({
  'PAYPAL-TRANSMISSION-ID': id,
  'PAYPAL-TRANSMISSION-TIME': time,
  'PAYPAL-TRANSMISSION-SIG': signature,
  'PAYPAL-AUTH-ALGO': 'SHA256withRSA',
  'PAYPAL-CERT-URL': 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-test',
  ...over,
});
const good = sign(signed(id, time, body), certs.current.privateKey);

add('current certificate', body, headers(good), 'Verified');
add('next certificate (rotation)', body, headers(sign(signed(id, time, body), certs.next.privateKey)), 'Verified');
add('certificate URL of an attacker (never fetched)', body, headers(good, { 'PAYPAL-CERT-URL': 'https://attacker.example/cert.pem' }), 'Verified');
const fraction = '2027-01-15T10:00:00.123Z';
add('transmission time with fractions', body, headers(sign(signed(id, fraction, body), certs.current.privateKey), { 'PAYPAL-TRANSMISSION-TIME': fraction }), 'Verified');

add('tampered body byte', body.replace('2.51', '2.52'), headers(good), 'Invalid');
add('other transmission id', body, headers(good, { 'PAYPAL-TRANSMISSION-ID': '79cd13f0-d67a-11e5-baa3-778b53f4ae55' }), 'Invalid');
add('other transmission time', body, headers(good, { 'PAYPAL-TRANSMISSION-TIME': '2027-01-15T10:00:01Z' }), 'Invalid');
add('signed for another webhook id', body, headers(sign(signed(id, time, body, 'OTHERWEBHOOK1234'), certs.current.privateKey)), 'Invalid');
add('signed with the event id instead of the webhook id', body, headers(sign(signed(id, time, body, JSON.parse(body).id), certs.current.privateKey)), 'Invalid');
add('unpinned certificate', body, headers(sign(signed(id, time, body), certs.unpinned.privateKey)), 'Invalid');
add('RSA-PSS instead of PKCS#1 v1.5', body, headers(sign(signed(id, time, body), certs.current.privateKey, { padding: crypto.constants.RSA_PKCS1_PSS_PADDING })), 'Invalid');
add('CRC in hex instead of decimal', body, headers(sign(`${id}|${time}|${webhookId}|${Number(crc(body)).toString(16)}`, certs.current.privateKey)), 'Invalid');
add('other auth algorithm named', body, headers(good, { 'PAYPAL-AUTH-ALGO': 'SHA1withRSA' }), 'Invalid', 'the signature verifies, but the gateway refuses any algorithm PayPal does not use');
const pipeId = `${id}|${time}`;
add('transmission id holding a pipe', body, headers(sign(signed(pipeId, time, body), certs.current.privateKey), { 'PAYPAL-TRANSMISSION-ID': pipeId }), 'Malformed', 'a pipe inside an item lets the signed string split another way');
add('transmission time not RFC 3339', body, headers(sign(signed(id, '15 Jan 2027 10:00', body), certs.current.privateKey), { 'PAYPAL-TRANSMISSION-TIME': '15 Jan 2027 10:00' }), 'Malformed', 'the time must be read to be checked');
const staleTime = '2027-01-15T09:40:00Z';
add('transmission 20 minutes before the check', body, headers(sign(signed(id, staleTime, body), certs.current.privateKey), { 'PAYPAL-TRANSMISSION-TIME': staleTime }), 'Stale');

// CRC-32 is affine over GF(2): four appended bytes can give any CRC. Solve for them from the CRCs of the 32 unit bits.
function forgeCrc(prefix, target) {
  const crcOf = (tail) => zlib.crc32(Buffer.concat([prefix, Buffer.from(tail)])) >>> 0;
  const base = crcOf([0, 0, 0, 0]);
  const rows = [];
  for (let bit = 0; bit < 32; bit++) {
    const tail = [0, 0, 0, 0];
    tail[bit >> 3] = 1 << (bit & 7);
    rows.push({ delta: (crcOf(tail) ^ base) >>> 0, mask: (2 ** bit) >>> 0 });
  }
  let want = (target ^ base) >>> 0;
  let chosen = 0;
  for (let col = 31; col >= 0; col--) { // Gaussian elimination on the CRC bits, keeping which unit bits were combined
    const pivot = rows.findIndex((r, i) => i >= 31 - col && (r.delta >>> col) & 1);
    if (pivot < 0) continue;
    [rows[31 - col], rows[pivot]] = [rows[pivot], rows[31 - col]];
    const p = rows[31 - col];
    rows.forEach((r, i) => { if (i !== 31 - col && (r.delta >>> col) & 1) { r.delta = (r.delta ^ p.delta) >>> 0; r.mask = (r.mask ^ p.mask) >>> 0; } });
    if ((want >>> col) & 1) { want = (want ^ p.delta) >>> 0; chosen = (chosen ^ p.mask) >>> 0; }
  }
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(chosen);
  return Buffer.concat([prefix, tail]);
}
const forged = forgeCrc(Buffer.from(body.replace('"2.51"', '"9999.99"'), 'utf8'), zlib.crc32(Buffer.from(body, 'utf8')));
if (zlib.crc32(forged) !== zlib.crc32(Buffer.from(body, 'utf8'))) {
  throw new Error('CRC forgery failed');
}
// The forged bytes are not UTF-8 text, so this vector carries its body as base64.
vectors.push({
  name: 'CRC-32 collision: other bytes under a captured transmission',
  body: '',
  bodyBase64: forged.toString('base64'),
  headers: headers(good),
  signatureValid: true,
  expect: 'Verified',
  identity: id,
  note: 'PayPal signs only the CRC, so this verifies; the identity (the transmission id) makes it a duplicate of the real delivery',
});

process.stdout.write(JSON.stringify({
  source: `make-vectors.js: node:crypto SHA256withRSA and zlib.crc32${php ? ', each vector also checked with PHP crc32() and openssl_verify()' : ''}, openssl CLI test certificates in keys/`,
  webhookId,
  checkedAt: time,
  certificates: pinned.map((c) => c.certPem),
  vectors,
}, null, 2) + '\n');
