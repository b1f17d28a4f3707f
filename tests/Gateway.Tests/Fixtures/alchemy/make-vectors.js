#!/usr/bin/env node
// Alchemy Notify vectors. Alchemy's npm alchemy-sdk has no verify function; the verdict is the documented check
// (isValidSignatureForStringBody in https://www.alchemy.com/docs/reference/notify-api-quickstart) with node:crypto:
//   const hmac = crypto.createHmac("sha256", signingKey); hmac.update(body, "utf8");
//   return signature === hmac.digest("hex");
// Run: node make-vectors.js > vectors.json
'use strict';
const v = require('../provider-vectors.js');

const { cases, check } = v.bodyHmac({
  secret: 'whsec_alchemy_signing_key',
  header: 'X-Alchemy-Signature',
  algorithm: 'sha256',
  encoding: 'hex',
  bodies: [
    ['whevt_vq499kv7elmlbp2v', '{"webhookId":"wh_v394g727u681i5rj","id":"whevt_vq499kv7elmlbp2v","createdAt":"2022-02-28T17:48:53.306Z","type":"ADDRESS_ACTIVITY","event":{"network":"MATIC_MAINNET","activity":[{"fromAddress":"0x503828976d22510aad0201ac7ec88293211d23da","toAddress":"0xbe3f4b43db5eb49d1f48f53443b9abce45da3b79","value":293.092129}]}}'],
    ['whevt_2', '{"webhookId":"wh_2","id":"whevt_2","createdAt":"2024-01-01T00:00:00Z","type":"GRAPHQL","event":{"data":{"block":{"number":1}}}}'],
  ],
  malformed: (good) => [{ name: 'odd number of hex digits', value: good.slice(1) }],
});

v.write({ generator: 'alchemy/make-vectors.js', sdk: 'none (documented check, node:crypto)' }, cases, check);
