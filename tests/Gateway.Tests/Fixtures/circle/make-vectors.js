#!/usr/bin/env node
// Test vectors for the gateway's Circle scheme, made with node:crypto as Circle's verification page describes it
// (developers.circle.com/api-reference/verify-webhook-signatures): X-Circle-Signature is base64 of an ECDSA_SHA_256
// signature of the raw body; X-Circle-Key-Id names the key, which Circle serves as base64 DER (SubjectPublicKeyInfo) from
// /v2/notifications/publicKey/{id}. The page's example signature ("MEYCIQ…") is DER, so DER is the encoding; the page
// prints no body for it, so it cannot be a vector itself, but its public key is kept here to check that a real Circle
// key loads. Circle's Node SDKs only fetch the key, so node:crypto both signs (dsaEncoding 'der') and checks each vector.
//
// Circle's private keys are not ours: test keys (keys/*.pem) stand in, made on the first run and reused after. ECDSA
// signatures are randomised, so each run writes other (equally valid) signatures. Test keys only.
//
// Run: node make-vectors.js > vectors.json
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const keyDir = path.join(__dirname, 'keys');
fs.mkdirSync(keyDir, { recursive: true });

function keyPair(name, make) {
  const privatePath = path.join(keyDir, `${name}.key.pem`);
  if (!fs.existsSync(privatePath)) {
    fs.writeFileSync(privatePath, make().privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(privatePath));
  return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
}

const ec = (namedCurve) => () => crypto.generateKeyPairSync('ec', { namedCurve });
const keys = {
  current: keyPair('circle-test-1', ec('P-256')),
  next: keyPair('circle-test-2', ec('P-256')),
  unpinned: keyPair('unpinned', ec('P-256')),
  p384: keyPair('ec-p384', ec('P-384')), // the wrong curve, refused when the policy loads
};

// The ids the test policy pins the keys under, as Circle names them (UUIDs).
const ids = { current: '879dc113-5ca4-4ff7-a6b7-54652083fcf8', next: '0c3f5a2e-1b4d-4e6f-8a9b-7c6d5e4f3a21' };
// The DER SubjectPublicKeyInfo in base64, as Circle's publicKey endpoint returns it.
const circleForm = (key) => key.export({ type: 'spki', format: 'der' }).toString('base64');

const sign = (body, key, dsaEncoding = 'der') => crypto.sign('sha256', Buffer.from(body, 'utf8'), { key, dsaEncoding }).toString('base64');

// What a receiver following Circle's page accepts: the key the header names, DER signature.
const pinned = { [ids.current]: keys.current.publicKey, [ids.next]: keys.next.publicKey };
function signatureValid(body, headers) {
  const key = pinned[headers['X-Circle-Key-Id']?.toLowerCase()]; // UUIDs compare ignoring case (RFC 9562)
  const signature = headers['X-Circle-Signature'];
  return key !== undefined && signature !== undefined
    && crypto.verify('sha256', Buffer.from(body, 'utf8'), { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
}

// A v2 notification as Circle documents it (wallets/webhook-notifications): subscriptionId, notificationId,
// notificationType, notification, timestamp, version.
const body = JSON.stringify({
  subscriptionId: 'd4c07d5f-f05f-4fe4-853d-4dd434806dfb',
  notificationId: '5c5eea9f-3a8a-4a31-8b5d-6e1f4d0a7b21',
  notificationType: 'transactions.inbound',
  notification: { id: 'ad3f40ae-9a5b-5b9e-9c3a-2b1d7a1f0c11', state: 'COMPLETE', amounts: ['1.23'], tokenId: '7adb2b7d-c9cd-5164-b2d4-b73b088274dc' },
  timestamp: '2026-01-15T21:47:35.107250Z',
  version: 2,
});
const tampered = body.replace('"1.23"', '"9.23"');

const vectors = [];
function add(name, vectorBody, headers, expect) {
  const valid = signatureValid(vectorBody, headers);
  if (valid !== (expect === 'Verified')) {
    throw new Error(`${name}: Node says ${valid}, expected ${expect}`);
  }
  vectors.push({ name, body: vectorBody, headers, signatureValid: valid, expect, identity: expect === 'Verified' ? JSON.parse(vectorBody).notificationId : null });
}

const signature = sign(body, keys.current.privateKey);
add('current key', body, { 'X-Circle-Signature': signature, 'X-Circle-Key-Id': ids.current }, 'Verified');
add('next key (rotation)', body, { 'X-Circle-Signature': sign(body, keys.next.privateKey), 'X-Circle-Key-Id': ids.next }, 'Verified');
add('key id in upper case', body, { 'X-Circle-Signature': signature, 'X-Circle-Key-Id': ids.current.toUpperCase() }, 'Verified');
const other = body.replace('5c5eea9f', '6d6ffb0a');
add('another notification', other, { 'X-Circle-Signature': sign(other, keys.current.privateKey), 'X-Circle-Key-Id': ids.current }, 'Verified');

add('tampered body byte', tampered, { 'X-Circle-Signature': signature, 'X-Circle-Key-Id': ids.current }, 'Invalid');
add('key id of another pinned key', body, { 'X-Circle-Signature': signature, 'X-Circle-Key-Id': ids.next }, 'Invalid');
add('unknown key id', body, { 'X-Circle-Signature': signature, 'X-Circle-Key-Id': 'b3d9d2d5-4c12-4946-a09d-953e82fae2b0' }, 'Invalid');
add('unpinned key under a pinned id', body, { 'X-Circle-Signature': sign(body, keys.unpinned.privateKey), 'X-Circle-Key-Id': ids.current }, 'Invalid');
add('P1363 (r||s) signature instead of DER', body, { 'X-Circle-Signature': sign(body, keys.current.privateKey, 'ieee-p1363'), 'X-Circle-Key-Id': ids.current }, 'Invalid');
add('SHA-512 instead of SHA-256', body, { 'X-Circle-Signature': crypto.sign('sha512', Buffer.from(body), keys.current.privateKey).toString('base64'), 'X-Circle-Key-Id': ids.current }, 'Invalid');
add('missing key id', body, { 'X-Circle-Signature': signature }, 'Invalid');
add('missing signature', body, { 'X-Circle-Key-Id': ids.current }, 'Invalid');
add('signature not base64', body, { 'X-Circle-Signature': 'MEYCIQ*', 'X-Circle-Key-Id': ids.current }, 'Malformed');

process.stdout.write(JSON.stringify({
  source: 'make-vectors.js: node:crypto ECDSA P-256 SHA-256 (DER), test keys in keys/',
  publicKeys: { [ids.current]: circleForm(keys.current.publicKey), [ids.next]: circleForm(keys.next.publicKey) },
  wrongCurveKey: circleForm(keys.p384.publicKey),
  documentedKey: {
    // developers.circle.com/api-reference/verify-webhook-signatures, step 2 (no body is printed for its signature).
    id: '879dc113-5ca4-4ff7-a6b7-54652083fcf8',
    publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAESl76SZPBJemW0mJNN4KTvYkLT8bOT4UGhFhzNk3fJqf6iuPlLQLq533FelXwczJbjg2U1PHTvQTK7qOQnDL2Tg==',
    signature: 'MEYCIQCA9EvPbdEJiy7Cw0eY+KQZA/oFi5ZEInPs8CYpyaJexgIhAKtRNnDz9QRQmFKx8QFrvawp+8b9Bs2dQ03xD+XaWVDE',
  },
  vectors,
}, null, 2) + '\n');
