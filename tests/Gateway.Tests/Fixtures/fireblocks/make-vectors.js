#!/usr/bin/env node
// Test vectors for the gateway's Fireblocks scheme. Fireblocks publishes no SDK that verifies webhooks, so the vectors
// are made the two ways its validation page describes (developers.fireblocks.com/reference/validating-webhooks):
//   Fireblocks-Webhook-Signature (v2): a detached compact JWS, RS512, whose payload is the raw body. Made and checked
//     with `jose` (pinned in package.json), the JWS library Fireblocks' own example uses: CompactSign, then the payload
//     segment removed; verification re-inserts base64url(body) and calls compactVerify with algorithms ['RS512'].
//   Fireblocks-Signature (legacy): base64 RSA-SHA512 (PKCS#1 v1.5) of the raw body, made and checked with node:crypto,
//     as in Fireblocks' own Node example (crypto.createVerify('RSA-SHA512')).
// Fireblocks' private keys are not ours, so test keys stand in for them: keys/*.pem, made on the first run and reused
// after, so a re-run gives the same signatures (RSA PKCS#1 v1.5 is deterministic; only the PSS ones differ). Test keys only.
//
// Run: npm ci && node make-vectors.js > vectors.json
// Each vector says what Node/jose make of its signature (signatureValid) and what the gateway must answer (expect).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompactSign, compactVerify } from 'jose';

const here = path.dirname(fileURLToPath(import.meta.url));
const keyDir = path.join(here, 'keys');
fs.mkdirSync(keyDir, { recursive: true });

function keyPair(name, make) {
  const privatePath = path.join(keyDir, `${name}.key.pem`);
  const publicPath = path.join(keyDir, `${name}.pub.pem`);
  if (!fs.existsSync(privatePath)) {
    const { privateKey, publicKey } = make();
    fs.writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    fs.writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  return {
    privateKey: crypto.createPrivateKey(fs.readFileSync(privatePath)),
    publicKey: crypto.createPublicKey(fs.readFileSync(publicPath)),
  };
}

const rsa = (bits) => () => crypto.generateKeyPairSync('rsa', { modulusLength: bits });
const keys = {
  primary: keyPair('fireblocks-test-1', rsa(4096)), // Fireblocks' production key is RSA-4096
  rotated: keyPair('fireblocks-test-2', rsa(2048)),
  unpinned: keyPair('unpinned', rsa(2048)), // a key the gateway does not pin: an attacker's
  small: keyPair('rsa-1024', rsa(1024)), // for the load-time refusal of keys under 2048 bits
  ec: keyPair('ec-p256', () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })), // the wrong key type
};

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

async function detachedJws(body, key, header = { alg: 'RS512', kid: 'fireblocks-test-1' }) {
  const jws = await new CompactSign(Buffer.from(body, 'utf8')).setProtectedHeader(header).sign(key);
  const [protectedHeader, , signature] = jws.split('.');
  return `${protectedHeader}..${signature}`;
}

// A JWS made by hand, for what jose will not sign: RS512 claimed, the signature made otherwise.
function handmadeJws(body, key, sign, header = { alg: 'RS512', kid: 'fireblocks-test-1' }) {
  const protectedHeader = b64url(JSON.stringify(header));
  const input = Buffer.from(`${protectedHeader}.${b64url(Buffer.from(body, 'utf8'))}`, 'ascii');
  return `${protectedHeader}..${b64url(sign(input, key))}`;
}

const pkcs1 = (data, key) => crypto.sign('sha512', data, key);
const pss = (data, key) => crypto.sign('sha512', data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING });
const legacy = (body, key, sign = pkcs1) => sign(Buffer.from(body, 'utf8'), key).toString('base64');

// What a receiver following Fireblocks' page accepts, with the gateway's pinned keys (primary and rotated).
const pinned = [keys.primary.publicKey, keys.rotated.publicKey];

async function jwsValid(body, header) {
  const parts = header.split('.');
  if (parts.length !== 3 || parts[1] !== '') {
    return false;
  }
  const full = `${parts[0]}.${b64url(Buffer.from(body, 'utf8'))}.${parts[2]}`;
  for (const key of pinned) {
    try {
      await compactVerify(full, key, { algorithms: ['RS512'] });
      return true;
    } catch {
      // next key
    }
  }
  return false;
}

function legacyValid(body, header) {
  return pinned.some((key) => crypto.createVerify('RSA-SHA512').update(Buffer.from(body, 'utf8')).verify(key, header, 'base64'));
}

// Bodies shaped as in Fireblocks' docs: v2 (reference/webhook-notification-structure) and v1 (reference/verify-requests).
const v2Body = JSON.stringify({
  id: '7b1c6f1e-6c1f-4a58-9d2a-3f2b8c1d9e01',
  resourceId: '0b6a3e3c-2f6e-4b8a-8f3e-5d2c1b0a9e8f',
  workspaceId: 'c2a1e0d9-8b7c-4d6e-9f0a-1b2c3d4e5f60',
  eventType: 'transaction.status.updated',
  eventVersion: 1,
  createdAt: 1754229343763,
  data: { id: '0b6a3e3c-2f6e-4b8a-8f3e-5d2c1b0a9e8f', status: 'COMPLETED', assetId: 'XRP_TEST', amount: 1.5 },
});
const v1Body = JSON.stringify({
  type: 'TRANSACTION_STATUS_UPDATED',
  tenantId: 'c2a1e0d9-8b7c-4d6e-9f0a-1b2c3d4e5f60',
  timestamp: 1700000000000,
  data: { id: '0b6a3e3c-2f6e-4b8a-8f3e-5d2c1b0a9e8f', status: 'CONFIRMING', numOfConfirmations: 3 },
});
const tampered = v2Body.replace('"amount":1.5', '"amount":9.5');
const duplicateId = '{"id":"a","id":"b","eventType":"transaction.created"}';
const spaced = v2Body.replace('{"id"', '{ "id"'); // the same JSON, other bytes

const vectors = [];
// `stricter` names why the gateway refuses a signature that jose or node:crypto accept.
async function add(name, body, headers, expect, identity = null, stricter = null) {
  const jws = headers['Fireblocks-Webhook-Signature'];
  const old = headers['Fireblocks-Signature'];
  const signatureValid = (jws !== undefined && (await jwsValid(body, jws))) || (old !== undefined && legacyValid(body, old));
  if (signatureValid !== (expect === 'Verified') && !(signatureValid && stricter)) {
    throw new Error(`${name}: Node says ${signatureValid}, expected ${expect}`);
  }
  vectors.push({ name, body, headers, signatureValid, expect, identity, ...(stricter ? { stricter } : {}) });
}

const primary = keys.primary.privateKey;
const signedV2 = await detachedJws(v2Body, primary);
await add('v2 JWS', v2Body, { 'Fireblocks-Webhook-Signature': signedV2 }, 'Verified', '7b1c6f1e-6c1f-4a58-9d2a-3f2b8c1d9e01');
await add('v2 JWS, rotated key', v2Body, { 'Fireblocks-Webhook-Signature': await detachedJws(v2Body, keys.rotated.privateKey, { alg: 'RS512', kid: 'fireblocks-test-2' }) }, 'Verified', '7b1c6f1e-6c1f-4a58-9d2a-3f2b8c1d9e01');
await add('v2 JWS without kid', v2Body, { 'Fireblocks-Webhook-Signature': await detachedJws(v2Body, primary, { alg: 'RS512' }) }, 'Verified', '7b1c6f1e-6c1f-4a58-9d2a-3f2b8c1d9e01');
await add('migration: both headers', v2Body, { 'Fireblocks-Webhook-Signature': signedV2, 'Fireblocks-Signature': legacy(v2Body, primary) }, 'Verified', '7b1c6f1e-6c1f-4a58-9d2a-3f2b8c1d9e01');
await add('legacy v1', v1Body, { 'Fireblocks-Signature': legacy(v1Body, primary) }, 'Verified', null);
await add('legacy v1, rotated key', v1Body, { 'Fireblocks-Signature': legacy(v1Body, keys.rotated.privateKey) }, 'Verified', null);
await add('migration: JWS by an unpinned key, legacy valid', v2Body, { 'Fireblocks-Webhook-Signature': await detachedJws(v2Body, keys.unpinned.privateKey), 'Fireblocks-Signature': legacy(v2Body, primary) }, 'Verified', '7b1c6f1e-6c1f-4a58-9d2a-3f2b8c1d9e01');

await add('tampered body byte (JWS)', tampered, { 'Fireblocks-Webhook-Signature': signedV2 }, 'Invalid');
await add('tampered body byte (legacy)', v1Body.replace('"numOfConfirmations":3', '"numOfConfirmations":4'), { 'Fireblocks-Signature': legacy(v1Body, primary) }, 'Invalid');
await add('same JSON, other spacing', spaced, { 'Fireblocks-Webhook-Signature': signedV2 }, 'Invalid');
await add('unpinned key (JWS)', v2Body, { 'Fireblocks-Webhook-Signature': await detachedJws(v2Body, keys.unpinned.privateKey) }, 'Invalid');
await add('unpinned key (legacy)', v1Body, { 'Fireblocks-Signature': legacy(v1Body, keys.unpinned.privateKey) }, 'Invalid');
await add('RSA-PSS signature under an RS512 header', v2Body, { 'Fireblocks-Webhook-Signature': handmadeJws(v2Body, primary, pss) }, 'Invalid');
await add('RSA-PSS signature (legacy)', v1Body, { 'Fireblocks-Signature': legacy(v1Body, primary, pss) }, 'Invalid');
await add('PS512 JWS', v2Body, { 'Fireblocks-Webhook-Signature': await detachedJws(v2Body, primary, { alg: 'PS512' }) }, 'Malformed');
await add('RS256 JWS', v2Body, { 'Fireblocks-Webhook-Signature': await detachedJws(v2Body, primary, { alg: 'RS256' }) }, 'Malformed');
await add('JWS with b64:false', v2Body, { 'Fireblocks-Webhook-Signature': handmadeJws(v2Body, primary, pkcs1, { alg: 'RS512', b64: false, crit: ['b64'] }) }, 'Malformed', null,
  'jose reads the payload segment as raw bytes, which here are the base64url body again; Fireblocks never sets b64, so the gateway refuses any header that does');
await add('JWS with its payload attached', v2Body, { 'Fireblocks-Webhook-Signature': signedV2.replace('..', `.${b64url(Buffer.from(v2Body))}.`) }, 'Malformed');
await add('JWS signed over another body, header swapped in', v2Body, { 'Fireblocks-Webhook-Signature': await detachedJws(tampered, primary) }, 'Invalid');
await add('legacy header not base64', v1Body, { 'Fireblocks-Signature': 'not*base64' }, 'Malformed');
await add('no signature header', v2Body, {}, 'Invalid');
await add('duplicate top-level id', duplicateId, { 'Fireblocks-Webhook-Signature': await detachedJws(duplicateId, primary) }, 'Malformed', null,
  'signed, but readers disagree on which id counts, so it cannot identify the event');

const documentedProductionKey = [
  // The production (US) legacy key printed on developers.fireblocks.com/reference/validating-webhooks, to check that a
  // real Fireblocks key loads (RSA-4096, SubjectPublicKeyInfo PEM).
  '-----BEGIN PUBLIC KEY-----',
  'MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA0+6wd9OJQpK60ZI7qnZG',
  'jjQ0wNFUHfRv85Tdyek8+ahlg1Ph8uhwl4N6DZw5LwLXhNjzAbQ8LGPxt36RUZl5',
  'YlxTru0jZNKx5lslR+H4i936A4pKBjgiMmSkVwXD9HcfKHTp70GQ812+J0Fvti/v',
  '4nrrUpc011Wo4F6omt1QcYsi4GTI5OsEbeKQ24BtUd6Z1Nm/EP7PfPxeb4CP8KOH',
  'clM8K7OwBUfWrip8Ptljjz9BNOZUF94iyjJ/BIzGJjyCntho64ehpUYP8UJykLVd',
  'CGcu7sVYWnknf1ZGLuqqZQt4qt7cUUhFGielssZP9N9x7wzaAIFcT3yQ+ELDu1SZ',
  'dE4lZsf2uMyfj58V8GDOLLE233+LRsRbJ083x+e2mW5BdAGtGgQBusFfnmv5Bxqd',
  'HgS55hsna5725/44tvxll261TgQvjGrTxwe7e5Ia3d2Syc+e89mXQaI/+cZnylNP',
  'SwCCvx8mOM847T0XkVRX3ZrwXtHIA25uKsPJzUtksDnAowB91j7RJkjXxJcz3Vh1',
  '4k182UFOTPRW9jzdWNSyWQGl/vpe9oQ4c2Ly15+/toBo4YXJeDdDnZ5c/O+KKadc',
  'IMPBpnPrH/0O97uMPuED+nI6ISGOTMLZo35xJ96gPBwyG5s2QxIkKPXIrhgcgUnk',
  'tSM7QYNhlftT4/yVvYnk0YcCAwEAAQ==',
  '-----END PUBLIC KEY-----',
].join('\n');
if (crypto.createPublicKey(documentedProductionKey).asymmetricKeyDetails.modulusLength !== 4096) {
  throw new Error('the documented key is not RSA-4096');
}

process.stdout.write(JSON.stringify({
  source: 'make-vectors.js: jose@6.2.19 (JWS) and node:crypto (legacy), test keys in keys/',
  pinnedKeys: ['keys/fireblocks-test-1.pub.pem', 'keys/fireblocks-test-2.pub.pem'],
  documentedProductionKey,
  vectors,
}, null, 2) + '\n');
