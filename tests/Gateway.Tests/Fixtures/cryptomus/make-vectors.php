<?php
// Test vectors for the Cryptomus and Heleket schemes, made by PHP itself, because PHP's json_encode is what they sign.
// Cryptomus' webhook documentation (https://doc.cryptomus.com/merchant-api/payments/webhook, "Verifying webhook
// signature"; Heleket's docs are the same) checks a webhook with:
//
//   $data = json_decode(file_get_contents('php://input'), true);
//   $sign = $data['sign'];
//   unset($data['sign']);
//   $hash = md5(base64_encode(json_encode($data, JSON_UNESCAPED_UNICODE)) . $apiKey);
//   if (!hash_equals($hash, $sign)) { ... }
//
// json_encode escapes '/' as '\/' by default; with JSON_UNESCAPED_UNICODE non-ASCII stays as it is (but U+2028 and
// U+2029 are still escaped), without it every non-ASCII character is written \uXXXX. Both renderings are made here, so
// the gateway is checked against each. Every body below is checked with that documented code before it is written out.
//
// Run: php -n make-vectors.php > vectors.json   (-n: PHP's defaults, serialize_precision -1; deterministic)

const KEY = 'cryptomus-payment-api-key-0123456789abcdef';
const OTHER_KEY = 'heleket-payment-key-ÿ-2';

function render(array $data, string $flags): string
{
    $encoded = json_encode($data, $flags === 'unescaped-unicode' ? JSON_UNESCAPED_UNICODE : 0);
    if ($encoded === false) {
        throw new RuntimeException(json_last_error_msg());
    }
    return $encoded;
}

// The documented check, as a merchant's PHP backend runs it.
function verifies(string $body, string $key, string $flags): bool
{
    $data = json_decode($body, true);
    if (!is_array($data) || !isset($data['sign']) || !is_string($data['sign'])) {
        return false;
    }
    $sign = $data['sign'];
    unset($data['sign']);
    return hash_equals(md5(base64_encode(render($data, $flags)) . $key), $sign);
}

// $raw: the webhook body as written on the wire, without sign; sign is appended as the last field, as Cryptomus sends it.
function vector(string $name, string $raw, array $options = []): array
{
    $key = $options['key'] ?? KEY;
    $flags = $options['flags'] ?? 'unescaped-unicode';
    $data = json_decode($raw, true);
    if (!is_array($data)) {
        throw new RuntimeException("$name: " . json_last_error_msg());
    }
    $rendering = render($data, $flags);
    $sign = md5(base64_encode($rendering) . $key);
    $body = preg_replace('/\}\s*$/', ($data === [] ? '' : ',') . '"sign":"' . $sign . '"}', $raw, 1);
    if (!verifies($body, $key, $flags)) {
        throw new RuntimeException("$name: the documented check refuses it");
    }
    $refused = $options['refused'] ?? null;
    return [
        'name' => $name,
        'key' => $key,
        'flags' => $flags,
        'body' => $body,
        'renderingUtf8Base64' => base64_encode($rendering),
        'sign' => $sign,
        'expect' => $refused === null ? 'Verified' : 'Malformed',
        'refused' => $refused,
        'identity' => $refused === null ? [$data['uuid'], $data['status']] : null,
    ];
}

$documented = '{"type":"payment","uuid":"62f88b36-a9d5-4fa6-aa26-e040c3dbf26d","order_id":"97a75bf8eda5cca41ba9d2e104840fcd",'
    . '"amount":"3.00000000","payment_amount":"3.00000000","payment_amount_usd":"0.23","merchant_amount":"2.94000000",'
    . '"commission":"0.06000000","is_final":true,"status":"paid","from":"THgEWubVc8tPKXLJ4VZ5zbiiAK7AgqSeGH","wallet_address_uuid":null,'
    . '"network":"tron","currency":"TRX","payer_currency":"TRX","additional_data":null,'
    . '"convert":{"to_currency":"USDT","commission":null,"rate":"0.07700000","amount":"0.22638000"},'
    . '"txid":"6f0d9c8374db57cac0d806251473de754f361c83a03cd805f74aa9da3193486b"}';

$vectors = [
    vector('documented payment webhook', $documented),
    vector('documented payment webhook, unicode escaped (PHP default flags)', $documented, ['flags' => 'default']),
    vector('slashes escaped as PHP writes them', '{"uuid":"u-1","status":"paid","url":"https:\/\/example.org\/a\/b"}'),
    vector('slashes unescaped on the wire', '{"uuid":"u-2","status":"paid","url":"https://example.org/a/b"}'),
    vector('whitespace on the wire', "{ \"uuid\" : \"u-3\",\n  \"status\": \"paid\",\t\"amount\" : \"1.5\" }"),
    vector('unicode: raw on the wire, JSON_UNESCAPED_UNICODE', '{"uuid":"u-4","status":"paid","additional_data":"Zahlung für Bestellung – 中文 😀"}'),
    vector('unicode: raw on the wire, default flags', '{"uuid":"u-5","status":"paid","additional_data":"Zahlung für Bestellung – 中文 😀"}', ['flags' => 'default']),
    vector('unicode: escaped on the wire, JSON_UNESCAPED_UNICODE', '{"uuid":"u-6","status":"paid","additional_data":"f\u00fcr \u4e2d\u6587 \ud83d\ude00"}'),
    vector('unicode: escaped on the wire, default flags', '{"uuid":"u-7","status":"paid","additional_data":"f\u00fcr \u4e2d\u6587 \ud83d\ude00"}', ['flags' => 'default']),
    vector('line separators escaped even with JSON_UNESCAPED_UNICODE', "{\"uuid\":\"u-8\",\"status\":\"paid\",\"note\":\"a\u{2028}b\u{2029}c\"}"),
    vector('control characters and quotes', '{"uuid":"u-9","status":"paid","note":"q\"b\\\\s\b\f\n\r\t\u0001\u001b\u001f\u007f"}'),
    vector('escapes in uuid and status', '{"uuid":"u\u002d10","status":"p\u0061id"}'),
    vector('numbers as PHP writes them', '{"uuid":"u-11","status":"paid","i":1130,"n":-5,"z":0,"f":0.1,"g":1.5e-7,"h":1.0e+25,"k":0.0001,"l":1.0e-5,"m":10000000000000000,"o":1.0e+17,"p":0.30000000000000004,"q":1.2345678901234568e+17,"r":-0.5,"big":9223372036854775807}'),
    vector('nested objects and lists', '{"uuid":"u-12","status":"paid","convert":{"b":{"y":1,"x":[1,2,{"k":"v"}]},"a":[]},"list":["a","b"],"sparse":{"1":"a","0":"b"},"named":{"x":null,"y":true,"z":false}}'),
    vector('integer-like keys PHP turns into integers', '{"uuid":"u-13","status":"paid","o":{"5":"a","-1":"b","01":"c","x":"d"}}'),
    vector('wallet webhook', '{"type":"wallet","uuid":"a3b1c2d4-0000-4000-8000-000000000001","order_id":"w-1","amount":"10.00000000","payment_amount":"10.00000000","merchant_amount":"9.80000000","commission":"0.20000000","is_final":true,"status":"paid","from":null,"wallet_address_uuid":"b1c2d3e4-0000-4000-8000-000000000002","network":"tron","currency":"USDT","payer_currency":"USDT","additional_data":null,"txid":"ab"}'),
    vector('another key (Heleket)', '{"uuid":"u-14","status":"paid"}', ['key' => OTHER_KEY]),
    vector('numbers: 1.10 is written 1.1 by PHP', '{"uuid":"u-15","status":"paid","amount":1.10}', ['refused' => 'body holds a number PHP would write otherwise']),
    vector('numbers: 1e3 is written 1000 by PHP', '{"uuid":"u-16","status":"paid","amount":1e3}', ['refused' => 'body holds a number PHP would write otherwise']),
    vector('numbers: 10.0 is written 10 by PHP', '{"uuid":"u-17","status":"paid","amount":10.0}', ['refused' => 'body holds a number PHP would write otherwise']),
    vector('numbers: -0 is written 0 by PHP', '{"uuid":"u-22","status":"paid","amount":-0}', ['refused' => 'body holds a number PHP would write otherwise']),
    vector('numbers: beyond 64 bits becomes a float', '{"uuid":"u-18","status":"paid","amount":12345678901234567890}', ['refused' => 'body holds a number PHP would write otherwise']),
    vector('empty object is written [] by PHP', '{"uuid":"u-19","status":"paid","convert":{}}', ['refused' => 'body holds an object PHP would write as a list']),
    vector('object keyed 0..n-1 is written as a list by PHP', '{"uuid":"u-20","status":"paid","o":{"0":"a","1":"b"}}', ['refused' => 'body holds an object PHP would write as a list']),
    vector('status not a string', '{"uuid":"u-21","status":1}', ['refused' => 'uuid and status must be strings']),
    vector('no uuid', '{"status":"paid","order_id":"x"}', ['refused' => 'uuid and status must be strings']),
];

// Bodies that PHP's documented check refuses (changed after signing): the gateway must refuse them too.
function tampered(string $name, array $of, string $body): array
{
    if (verifies($body, $of['key'], 'unescaped-unicode') || verifies($body, $of['key'], 'default')) {
        throw new RuntimeException("$name: PHP still accepts it");
    }
    return ['name' => $name, 'of' => $of['name'], 'key' => $of['key'], 'body' => $body];
}

$doc = $vectors[0];
$tampered = [
    tampered('status changed', $doc, str_replace('"status":"paid"', '"status":"paid_over"', $doc['body'])),
    tampered('amount changed', $doc, str_replace('"payment_amount":"3.00000000"', '"payment_amount":"30.00000000"', $doc['body'])),
    tampered('nested convert changed', $doc, str_replace('"rate":"0.07700000"', '"rate":"0.07700001"', $doc['body'])),
    tampered('field added', $doc, str_replace('{"type"', '{"extra":"x","type"', $doc['body'])),
    tampered('fields reordered', $doc, str_replace('"type":"payment","uuid":"62f88b36-a9d5-4fa6-aa26-e040c3dbf26d"', '"uuid":"62f88b36-a9d5-4fa6-aa26-e040c3dbf26d","type":"payment"', $doc['body'])),
    tampered('null became empty string', $doc, str_replace('"additional_data":null', '"additional_data":""', $doc['body'])),
    tampered('true became 1', $doc, str_replace('"is_final":true', '"is_final":1', $doc['body'])),
    tampered('sign of another key', $doc, str_replace($doc['sign'], md5(base64_encode(render(array_diff_key(json_decode($doc['body'], true), ['sign' => 0]), 'unescaped-unicode')) . OTHER_KEY), $doc['body'])),
    tampered('unicode changed', $vectors[5], str_replace('für', 'fur', $vectors[5]['body'])),
];

echo json_encode(['generator' => 'make-vectors.php', 'php' => PHP_VERSION, 'vectors' => $vectors, 'tampered' => $tampered],
    JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
