// Shared by the providers' make-vectors.js (Fixtures/<provider>/): builds the standard cases around a provider's own
// sign() and the SDK's verify(), checks that the SDK's verdict agrees with the gateway's expected outcome, and writes
// vectors.json. Each vector is one request as the gateway sees it:
//   { name, secrets, settings, uri, headers, body, receivedAt, sdk, expect, identity? }
// sdk: what the provider's SDK says of the request (true = accepted); expect: the gateway's VerificationStatus;
// identity: the X-Callback-Event-Id the gateway must derive for an accepted one.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const NOW = 1700000000; // receivedAt of every vector unless a case moves it (VerifierHarness.Now)
const OTHER_SECRET = 'an-older-secret-still-configured';

const hmac = (algorithm, key, data, encoding) => crypto.createHmac(algorithm, key).update(data, 'utf8').digest(encoding);
const bodyHashIdentity = (body) => 'sha256:' + crypto.createHash('sha256').update(body, 'utf8').digest('hex');

// One character of the digest changed (to another valid hex and base64 character), after any prefix.
function flip(value, prefix = '') {
  const i = prefix.length;
  const c = value[i] === 'a' ? 'b' : 'a';
  return value.slice(0, i) + c + value.slice(i + 1);
}

// One byte of the body changed, away from the JSON structure (a letter or digit near the middle).
function tamper(body) {
  for (let i = Math.floor(body.length / 2); i < body.length; i++) {
    if (/[0-9a-z]/i.test(body[i])) {
      const c = body[i] === '1' ? '2' : body[i] === 'x' ? 'y' : /[0-9]/.test(body[i]) ? '1' : 'x';
      return body.slice(0, i) + c + body.slice(i + 1);
    }
  }
  throw new Error('nothing to tamper');
}

/**
 * The cases every header-HMAC provider gets.
 * provider: { secret, header, bodies: [{name, body, identity}], sign(body, secret, extra) -> headers,
 *             malformed: [{name, value}], prefix, settings?, uri?, extra? }
 */
function standardCases(provider) {
  const { secret, header, bodies, sign, prefix = '' } = provider;
  const base = { secrets: [secret], settings: provider.settings ?? {}, uri: provider.uri ?? '/callback', receivedAt: NOW };
  const cases = [];
  for (const { name, body, identity } of bodies) {
    cases.push({ ...base, name: `valid: ${name}`, headers: sign(body, secret), body, expect: 'Verified', identity });
  }
  const { body, identity } = bodies[0];
  const signed = sign(body, secret);
  cases.push(
    { ...base, name: 'rotation: the second secret signed', secrets: [OTHER_SECRET, secret], headers: signed, body, expect: 'Verified', identity },
    { ...base, name: 'tampered: one byte of the body', headers: signed, body: tamper(body), expect: 'InvalidSignature' },
    { ...base, name: 'tampered: signed with another secret', headers: sign(body, 'not-the-secret'), body, expect: 'InvalidSignature' },
    { ...base, name: 'tampered: one character of the digest', headers: { ...signed, [header]: flip(signed[header], prefix) }, body, expect: 'InvalidSignature' },
    { ...base, name: 'tampered: body with a trailing newline', headers: signed, body: body + '\n', expect: 'InvalidSignature' },
    { ...base, name: 'missing: no signature header', headers: without(signed, header), body, expect: 'InvalidSignature' },
  );
  for (const { name, value } of provider.malformed ?? []) {
    cases.push({ ...base, name: `malformed: ${name}`, headers: { ...signed, [header]: value }, body, expect: 'Malformed' });
  }
  return cases;
}

/**
 * A provider that signs the raw body alone: '{header}: {prefix}{digest}'. Returns its signer, the standard cases and the
 * documented check (for providers without an SDK). bodies: [[identity or null for the body hash, body], ...];
 * malformed(good): header values the gateway must refuse as Malformed, made from a good one.
 */
function bodyHmac({ secret, header, algorithm, encoding, prefix = '', label = 'event', bodies, malformed = () => [], unsigned = {} }) {
  const sign = (body, key) => ({ ...unsigned, [header]: prefix + hmac(algorithm, key, body, encoding) });
  const named = bodies.map(([identity, body], i) => ({ name: `${label} ${i + 1}`, body, identity: identity ?? bodyHashIdentity(body) }));
  const good = sign(named[0].body, secret)[header];
  const cases = standardCases({ secret, header, prefix, bodies: named, sign, malformed: malformed(good) });
  const check = (c) => c.secrets.some((s) => prefix + hmac(algorithm, s, c.body, encoding) === c.headers[header]);
  return { sign, cases, check };
}

function without(headers, name) {
  const copy = { ...headers };
  delete copy[name];
  return copy;
}

/** Asks the SDK about each case (verify(vector) -> bool or Promise<bool>), checks it agrees, and prints the file. */
async function write(meta, cases, verify) {
  const vectors = [];
  for (const c of cases) {
    let sdk;
    try {
      sdk = Boolean(await verify(c));
    } catch {
      sdk = false; // the SDKs throw for a missing or unreadable header
    }
    if ((c.expect === 'Verified') !== sdk && !c.gatewayDiffers) {
      throw new Error(`${c.name}: the SDK says ${sdk}, the gateway is expected to say ${c.expect}`);
    }
    vectors.push({ ...c, sdk });
  }
  process.stdout.write(JSON.stringify({ ...meta, node: process.version, vectors }, null, 2) + '\n');
}

/** name@version of an installed package, for the file's header. */
const sdkVersion = (name) =>
  `${name}@${JSON.parse(fs.readFileSync(path.join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')).version}`;

module.exports = { NOW, OTHER_SECRET, hmac, bodyHashIdentity, flip, tamper, standardCases, bodyHmac, without, write, sdkVersion };
