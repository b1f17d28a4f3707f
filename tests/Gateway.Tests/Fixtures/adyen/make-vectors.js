#!/usr/bin/env node
// Test vectors for the Adyen scheme, computed and checked with Adyen's own Node library (@adyen/api-library, pinned in
// package.json): HmacValidator.getDataToSign / calculateHmac sign each NotificationRequestItem, validateHMAC checks it.
//
// What the library signs for a payment notification item (lib/src/utils/hmacValidator.js):
//   [pspReference, originalReference, merchantAccountCode, merchantReference, amount.value, amount.currency, eventCode,
//    success].join(':')   (Array.join writes null and undefined as '', numbers as JavaScript prints them; no escaping)
//   HMAC-SHA256 keyed with the hex-decoded HMAC key, base64, in additionalData.hmacSignature.
// The ':'/'\' escaping in the same file applies only to flat key-value data (hosted payment pages), not to notifications.
//
// Run: npm install && node make-vectors.js > vectors.json   (deterministic; re-running gives the same file)
'use strict';
const { hmacValidator: HmacValidator } = require('@adyen/api-library');

const validator = new HmacValidator();
const KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056'; // the example key of Adyen's HMAC docs
const OTHER_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

function item(fields) {
  return {
    additionalData: { authCode: '58747', cardSummary: '1111', expiryDate: '8/2018' },
    amount: { currency: 'EUR', value: 1130 },
    eventCode: 'AUTHORISATION',
    eventDate: '2024-01-01T01:00:00+01:00',
    merchantAccountCode: 'TestMerchant',
    merchantReference: 'TestPayment-1407325143704',
    operations: ['CANCEL', 'CAPTURE', 'REFUND'],
    originalReference: '',
    paymentMethod: 'visa',
    pspReference: '7914073381342284',
    reason: '58747:1111:12/2012',
    success: 'true',
    ...fields,
  };
}

// Signs every item with the library and returns the notification body and what was signed.
function notification(items, key = KEY) {
  const signed = items.map((i) => {
    const copy = JSON.parse(JSON.stringify(i));
    copy.additionalData = { ...(copy.additionalData ?? {}), hmacSignature: validator.calculateHmac(copy, key) };
    return copy;
  });
  for (const i of signed) {
    if (!validator.validateHMAC(i, key)) {
      throw new Error('the library refuses its own signature');
    }
  }
  return {
    body: JSON.stringify({ live: 'false', notificationItems: signed.map((i) => ({ NotificationRequestItem: i })) }),
    dataToSign: signed.map((i) => validator.getDataToSign(i)),
  };
}

// The identity the gateway reports: pspReference, eventCode and success of each item as the signed string holds them, the
// items in UTF-16 code unit order (so the order of the items in the body does not matter), flattened.
function identity(items) {
  const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return items
    .map((i) => [String(i.pspReference), String(i.eventCode), String(i.success)])
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]) || compare(a[2], b[2]))
    .flat();
}

// expect: Verified with the identity (pspReference, eventCode, success of each item, as signed), or Malformed: a body the
// library accepts but that signs the same as a body with other identity fields, or that no Adyen sender writes.
function vector(name, items, options = {}) {
  const key = options.key ?? KEY;
  const { body, dataToSign } = notification(items, key);
  return {
    name,
    key,
    body,
    dataToSign,
    expect: options.refused ? 'Malformed' : 'Verified',
    refused: options.refused ?? null,
    identity: options.refused ? null : identity(items),
  };
}

const vectors = [
  vector("Adyen's documented example", [item({})]),
  vector('capture of an earlier authorisation', [item({ pspReference: '8825408195409505', originalReference: '7914073381342284', eventCode: 'CAPTURE', amount: { currency: 'USD', value: 20000 } })]),
  vector('failed authorisation', [item({ success: 'false', reason: 'Refused' })]),
  vector('two items, both signed', [item({}), item({ pspReference: '8835511210681234', eventCode: 'REFUND', amount: { currency: 'EUR', value: 500 } })]),
  vector('merchantReference holding colons', [item({ merchantReference: 'order:42:retry' })]),
  vector('missing originalReference and merchantReference', [item({ originalReference: undefined, merchantReference: undefined })]),
  vector('null originalReference', [item({ originalReference: null })]),
  vector('success as a JSON boolean', [item({ success: true })]),
  vector('amount value as a string', [item({ amount: { currency: 'EUR', value: '1130' } })]),
  vector('zero amount', [item({ amount: { currency: 'EUR', value: 0 }, eventCode: 'AUTHORISATION_ADJUSTMENT' })]),
  vector('non-ASCII merchant reference', [item({ merchantReference: 'Bestellung-é-中文-😀' })]),
  vector('escapes in the signed fields', [item({ merchantReference: 'a\\b"c/d\n' })]),
  vector('another HMAC key', [item({})], { key: OTHER_KEY }),
  vector('lowercase HMAC key', [item({ pspReference: '7914073381342285' })], { key: KEY.toLowerCase() }),
  vector('colon in pspReference', [item({ pspReference: 'P1::TestMerchant:order' })], { refused: 'a signed field other than merchantReference holds' }),
  vector('colon in eventCode', [item({ eventCode: 'AUTHORISATION:true' })], { refused: 'a signed field other than merchantReference holds' }),
  vector('colon in amount value', [item({ amount: { currency: 'EUR', value: '11:30' } })], { refused: 'a signed field other than merchantReference holds' }),
  vector('object in a signed field', [item({ merchantReference: { id: 1 } })], { refused: 'a signed field is not a string, number or boolean' }),
  vector('no pspReference', [item({ pspReference: '' })], { refused: 'item has no pspReference or eventCode' }),
];

// Two bodies the library accepts with the same signature, because nothing in the signed string is escaped: the second
// re-partitions the first's merchantReference into other fields, with another eventCode. The gateway verifies the first
// and refuses the second.
const original = item({ merchantReference: 'r:1:EUR:REFUND:false' });
const repartitioned = item({ merchantReference: 'r', amount: { currency: 'EUR', value: 1 }, eventCode: 'REFUND', success: 'false:1130:EUR:AUTHORISATION:true' });
if (validator.getDataToSign(original) !== validator.getDataToSign(repartitioned)) {
  throw new Error('the re-partition does not sign the same');
}
vectors.push(vector('merchantReference re-partitioned: the original', [original]));
vectors.push(vector('merchantReference re-partitioned: another eventCode, same signature', [repartitioned], { refused: 'a signed field other than merchantReference holds' }));

// Bodies changed after signing, each refused by the library's validateHMAC; the gateway must refuse them too.
function tampered(name, of, change) {
  const source = vectors.find((v) => v.name === of);
  const body = JSON.parse(source.body);
  change(body.notificationItems[body.notificationItems.length - 1].NotificationRequestItem, body);
  for (const { NotificationRequestItem: i } of body.notificationItems) {
    if (!validator.validateHMAC(i, source.key)) {
      return { name, of, key: source.key, body: JSON.stringify(body) };
    }
  }
  throw new Error(`${name}: the library still accepts every item`);
}

const tamperedVectors = [
  tampered('amount value changed', "Adyen's documented example", (i) => { i.amount.value = 1131; }),
  tampered('currency changed', "Adyen's documented example", (i) => { i.amount.currency = 'USD'; }),
  tampered('success flipped', "Adyen's documented example", (i) => { i.success = 'false'; }),
  tampered('eventCode changed', "Adyen's documented example", (i) => { i.eventCode = 'CANCELLATION'; }),
  tampered('pspReference changed', "Adyen's documented example", (i) => { i.pspReference = '7914073381342285'; }),
  tampered('merchantReference changed', "Adyen's documented example", (i) => { i.merchantReference = 'TestPayment-1'; }),
  tampered('merchantAccountCode changed', "Adyen's documented example", (i) => { i.merchantAccountCode = 'OtherMerchant'; }),
  tampered('originalReference added', "Adyen's documented example", (i) => { i.originalReference = '1234'; }),
  tampered('signature of another item', 'two items, both signed', (i, b) => { i.additionalData.hmacSignature = b.notificationItems[0].NotificationRequestItem.additionalData.hmacSignature; }),
  tampered('second of two items changed', 'two items, both signed', (i) => { i.amount.value = 501; }),
  tampered('signed with another key', 'another HMAC key', (i) => { i.additionalData.hmacSignature = validator.calculateHmac(i, KEY); }),
];

// Fields outside the signed string: the library still accepts the changed body, and so does the gateway, with the same
// identity (so a replay with such changes is a duplicate). The backend must not trust these fields.
function unsigned(name, change) {
  const source = vectors[0];
  const body = JSON.parse(source.body);
  change(body.notificationItems[0].NotificationRequestItem, body);
  if (!validator.validateHMAC(body.notificationItems[0].NotificationRequestItem, source.key)) {
    throw new Error(`${name}: the library refuses it`);
  }
  return { name, of: source.name, key: source.key, body: JSON.stringify(body) };
}

const unsignedChanges = [
  unsigned('reason changed', (i) => { i.reason = 'anything'; }),
  unsigned('additionalData field added', (i) => { i.additionalData.shopperEmail = 'x@example.org'; }),
  unsigned('live flag changed', (i, b) => { b.live = 'true'; }),
  unsigned('eventDate changed', (i) => { i.eventDate = '2030-01-01T00:00:00+01:00'; }),
];

process.stdout.write(
  JSON.stringify({ generator: 'make-vectors.js', library: '@adyen/api-library@32.1.0', node: process.version, vectors, tampered: tamperedVectors, unsigned: unsignedChanges }, null, 2) + '\n',
);
