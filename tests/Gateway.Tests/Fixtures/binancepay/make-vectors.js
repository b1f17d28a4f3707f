#!/usr/bin/env node
// Test vectors for the gateway's BinancePay scheme, made as Binance's webhook page describes the signature
// (developers.binance.com/docs/binance-pay/webhook-common):
//   payload   = timestamp + "\n" + nonce + "\n" + body + "\n"      (BinancePay-Timestamp in ms, BinancePay-Nonce)
//   signature = base64(SHA256withRSA(payload))                     (BinancePay-Signature)
// with the key Binance's Query Certificate API returns as certPublic, named by certSerial in BinancePay-Certificate-SN.
// Binance publishes no Node SDK that verifies webhooks, so node:crypto signs and checks each vector, and, where `php` is
// installed, so does the PHP code printed on that page (openssl_verify with OPENSSL_ALGO_SHA256): a second, independent
// verifier. Binance's private key is not ours: test keys (keys/*.pem) stand in, made on the first run and reused after;
// RSA PKCS#1 v1.5 is deterministic, so only the PSS vector changes between runs. Test keys only.
//
// Run: node make-vectors.js > vectors.json
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const keyDir = path.join(__dirname, 'keys');
fs.mkdirSync(keyDir, { recursive: true });

function keyPair(name) {
  const privatePath = path.join(keyDir, `${name}.key.pem`);
  if (!fs.existsSync(privatePath)) {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(privatePath));
  const publicPem = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
  // certSerial: the page calls it the "MD5 hash value of public key".
  return { privateKey, publicPem, serial: crypto.createHash('md5').update(publicPem).digest('hex') };
}

const keys = { current: keyPair('binancepay-test-1'), next: keyPair('binancepay-test-2'), unpinned: keyPair('unpinned') };
const pinned = [keys.current, keys.next];

const payload = (ts, nonce, body) => `${ts}\n${nonce}\n${body}\n`;
const sign = (text, key, options = {}) => crypto.sign(options.hash ?? 'sha256', Buffer.from(text, 'utf8'), { key, ...options }).toString('base64');

const php = (() => {
  try {
    execFileSync('php', ['-r', 'exit(0);']);
    return true;
  } catch {
    return false;
  }
})();

// The PHP receiver of Binance's page, verbatim but for reading its inputs from argv.
const PHP_VERIFY = `
$headers = json_decode($argv[1], true); $entityBody = $argv[2]; $publicKey = $argv[3];
$payload = $headers['Binancepay-Timestamp'] . "\\n" . $headers['Binancepay-Nonce'] . "\\n" . $entityBody . "\\n";
$decodedSignature = base64_decode($headers['Binancepay-Signature']);
echo openssl_verify($payload, $decodedSignature, $publicKey, OPENSSL_ALGO_SHA256) === 1 ? 'true' : 'false';`;

function signatureValid(body, headers) {
  const key = pinned.find((k) => k.serial === headers['BinancePay-Certificate-SN']);
  const ts = headers['BinancePay-Timestamp'];
  const nonce = headers['BinancePay-Nonce'];
  const signature = headers['BinancePay-Signature'];
  if (!key || ts === undefined || nonce === undefined || signature === undefined) {
    return false;
  }
  const node = crypto.verify('sha256', Buffer.from(payload(ts, nonce, body), 'utf8'), crypto.createPublicKey(key.publicPem), Buffer.from(signature, 'base64'));
  if (php) {
    const phpHeaders = { 'Binancepay-Timestamp': ts, 'Binancepay-Nonce': nonce, 'Binancepay-Signature': signature };
    const viaPhp = execFileSync('php', ['-r', PHP_VERIFY, JSON.stringify(phpHeaders), body, key.publicPem]).toString() === 'true';
    if (viaPhp !== node) {
      throw new Error('PHP and Node disagree');
    }
  }
  return node;
}

// The PAY notification of Binance's docs (order-notification): data is a JSON string, bizId also as bizIdStr.
const body = JSON.stringify({
  bizType: 'PAY',
  data: JSON.stringify({ merchantTradeNo: '9825382937292', productType: 'Food', productName: 'Ice Cream', tradeType: 'WEB', totalFee: 0.88, currency: 'EUR', transactTime: 1619508939664, openUserId: '1211HS10K81f4273ac031', commission: 0, paymentInfo: { payerId: 1, payMethod: 'funding' } }),
  bizIdStr: '29383937493038367292',
  bizId: 29383937493038367292,
  bizStatus: 'PAY_SUCCESS',
});
const ts = '1700000000000'; // the tests verify at this instant (VerifierHarness.Now)
const nonce = 'WaNqsvDxRuQBSmXhYAjZoFTVeBmlpCwI';

const vectors = [];
function add(name, vectorBody, headers, expect) {
  const valid = signatureValid(vectorBody, headers);
  if (valid !== (expect === 'Verified' || expect === 'Stale')) {
    throw new Error(`${name}: Node says ${valid}, expected ${expect}`);
  }
  vectors.push({ name, body: vectorBody, headers, signatureValid: valid, expect, identity: null });
}

const headers = (key, signature, over = {}) => ({
  'BinancePay-Timestamp': ts,
  'BinancePay-Nonce': nonce,
  'BinancePay-Certificate-SN': key.serial,
  'BinancePay-Signature': signature,
  ...over,
});
const good = sign(payload(ts, nonce, body), keys.current.privateKey);

add('current certificate', body, headers(keys.current, good), 'Verified');
add('next certificate (rotation)', body, headers(keys.next, sign(payload(ts, nonce, body), keys.next.privateKey)), 'Verified');
const refund = body.replace('PAY_SUCCESS', 'REFUND_SUCCESS');
add('refund of the same order', refund, headers(keys.current, sign(payload(ts, nonce, refund), keys.current.privateKey)), 'Verified');
const stale = '1699999000000';
add('timestamp 1000 s old', body, headers(keys.current, sign(payload(stale, nonce, body), keys.current.privateKey), { 'BinancePay-Timestamp': stale }), 'Stale');

add('tampered body byte', body.replace('0.88', '0.89'), headers(keys.current, good), 'Invalid');
add('other nonce', body, headers(keys.current, good, { 'BinancePay-Nonce': 'XaNqsvDxRuQBSmXhYAjZoFTVeBmlpCwI' }), 'Invalid');
add('other timestamp', body, headers(keys.current, good, { 'BinancePay-Timestamp': '1700000000001' }), 'Invalid');
add('serial of another pinned certificate', body, headers(keys.next, good), 'Invalid');
add('unpinned key, unknown serial', body, headers(keys.unpinned, sign(payload(ts, nonce, body), keys.unpinned.privateKey)), 'Invalid');
add('unpinned key under a pinned serial', body, headers(keys.current, sign(payload(ts, nonce, body), keys.unpinned.privateKey)), 'Invalid');
add('RSA-PSS instead of PKCS#1 v1.5', body, headers(keys.current, sign(payload(ts, nonce, body), keys.current.privateKey, { padding: crypto.constants.RSA_PKCS1_PSS_PADDING })), 'Invalid');
add('SHA-512 instead of SHA-256', body, headers(keys.current, sign(payload(ts, nonce, body), keys.current.privateKey, { hash: 'sha512' })), 'Invalid');
add('signed without the final newline', body, headers(keys.current, sign(payload(ts, nonce, body).slice(0, -1), keys.current.privateKey)), 'Invalid');
const noNonce = headers(keys.current, good);
delete noNonce['BinancePay-Nonce'];
add('missing nonce', body, noNonce, 'Malformed');

process.stdout.write(JSON.stringify({
  source: `make-vectors.js: node:crypto SHA256withRSA${php ? ', each vector also checked by the PHP code of Binance\'s page' : ''}, test keys in keys/`,
  publicKeys: Object.fromEntries(pinned.map((k) => [k.serial, k.publicPem])),
  vectors,
}, null, 2) + '\n');
