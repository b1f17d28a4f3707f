<?php
// Test vectors for the CoinPayments scheme (legacy IPN), made and checked by PHP with the code CoinPayments documents
// (https://www.coinpayments.net/merchant-tools-ipn, "Authenticating IPNs"): the IPN secret is the HMAC key, the HMAC
// header is hash_hmac('sha512', <raw POST data>, secret), the POST's merchant field must be the merchant's ID and ipn_mode
// must be 'hmac'. The IPN is a standard application/x-www-form-urlencoded POST.
//
// Run: php -n make-vectors.php > vectors.json   (deterministic)

const SECRET = 'coinpayments-ipn-secret';
const MERCHANT = '0f2b6b0c5b3e4f1a9c8d7e6f5a4b3c2d';

// The documented check, as a merchant's PHP backend runs it; $post is what PHP parses the raw body into.
function documentedCheck(string $request, string $hmacHeader, string $merchantId, string $secret): ?string
{
    parse_str($request, $post);
    if (!isset($post['ipn_mode']) || $post['ipn_mode'] != 'hmac') {
        return 'IPN Mode is not HMAC';
    }
    if ($hmacHeader === '') {
        return 'No HMAC signature sent.';
    }
    if (!isset($post['merchant']) || $post['merchant'] != trim($merchantId)) {
        return 'No or incorrect Merchant ID passed';
    }
    if (!hash_equals(hash_hmac('sha512', $request, trim($secret)), $hmacHeader)) {
        return 'HMAC signature does not match';
    }
    return null;
}

function ipn(array $fields): string
{
    return http_build_query($fields + ['ipn_version' => '1.0', 'ipn_type' => 'api', 'ipn_mode' => 'hmac', 'merchant' => MERCHANT]);
}

function vector(string $name, string $body, array $options = []): array
{
    $secret = $options['secret'] ?? SECRET;
    $hmac = hash_hmac('sha512', $body, $secret);
    $phpSays = documentedCheck($body, $hmac, MERCHANT, $secret);
    $expect = $options['expect'] ?? 'Verified';
    if (($phpSays === null) !== ($expect === 'Verified')) {
        throw new RuntimeException("$name: the documented check says " . ($phpSays ?? 'ok'));
    }
    parse_str($body, $post);
    return [
        'name' => $name,
        'secret' => $secret,
        'body' => $body,
        'hmac' => $hmac,
        'expect' => $expect,
        'documentedCheck' => $phpSays,
        'identity' => $expect === 'Verified' ? [$post['txn_id'], $post['status']] : null,
    ];
}

$payment = ipn([
    'ipn_id' => '5c7fb1c8e21d1f4c7e5fbd2d37f48b1e', 'txn_id' => 'CPFB1ABCDEFGHIJKLMNOPQRSTU', 'status' => '100',
    'status_text' => 'Complete', 'currency1' => 'USD', 'currency2' => 'BTC', 'amount1' => '10.00', 'amount2' => '0.00023000',
    'fee' => '0.00000115', 'buyer_name' => 'CoinPayments API', 'email' => 'buyer@example.org', 'item_name' => 'Order #42 / Café',
    'invoice' => 'INV-42', 'custom' => 'a=b&c=d', 'received_amount' => '0.00023000', 'received_confirms' => '3',
]);

$vectors = [
    vector('payment complete', $payment),
    vector('payment pending (status 0)', ipn(['ipn_id' => 'i-2', 'txn_id' => 'CPFB2PENDING', 'status' => '0', 'status_text' => 'Waiting for buyer funds...'])),
    vector('payment in the queue (status 2)', ipn(['ipn_id' => 'i-3', 'txn_id' => 'CPFB2PENDING', 'status' => '2', 'status_text' => 'Queued for nightly payout'])),
    vector('deposit IPN', ipn(['ipn_type' => 'deposit', 'ipn_id' => 'i-4', 'txn_id' => '4f6e0b1c2d3a', 'status' => '100', 'address' => '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', 'currency' => 'BTC', 'amount' => '0.5', 'confirms' => '6'])),
    vector('spaces, plus signs and unicode encoded', ipn(['ipn_id' => 'i-5', 'txn_id' => 'CPFB5', 'status' => '100', 'item_name' => 'a b+c é 中文 😀', 'custom' => '%&=?/#'])),
    vector('another secret', ipn(['ipn_id' => 'i-6', 'txn_id' => 'CPFB6', 'status' => '-1', 'status_text' => 'Cancelled / Timed Out']), ['secret' => 'rotated-ipn-secret']),
    vector('another merchant', http_build_query(['ipn_version' => '1.0', 'ipn_type' => 'api', 'ipn_mode' => 'hmac', 'merchant' => 'someone-else', 'txn_id' => 'CPFB7', 'status' => '100']), ['expect' => 'InvalidSignature']),
    vector('ipn_mode httpauth', http_build_query(['ipn_version' => '1.0', 'ipn_type' => 'api', 'ipn_mode' => 'httpauth', 'merchant' => MERCHANT, 'txn_id' => 'CPFB8', 'status' => '100']), ['expect' => 'InvalidSignature']),
];

// Bodies changed after signing: the documented check refuses each.
function tampered(string $name, array $of, string $body): array
{
    if (documentedCheck($body, $of['hmac'], MERCHANT, $of['secret']) === null) {
        throw new RuntimeException("$name: PHP still accepts it");
    }
    return ['name' => $name, 'of' => $of['name'], 'secret' => $of['secret'], 'body' => $body, 'hmac' => $of['hmac']];
}

$doc = $vectors[0];
$tampered = [
    tampered('status changed', $doc, str_replace('status=100', 'status=101', $doc['body'])),
    tampered('amount changed', $doc, str_replace('amount1=10.00', 'amount1=100.00', $doc['body'])),
    tampered('field appended', $doc, $doc['body'] . '&status=100'),
    tampered('same fields, other encoding', $doc, str_replace('%2F', '/', $doc['body'])),
    tampered('fields reordered', $doc, implode('&', array_reverse(explode('&', $doc['body'])))),
];

echo json_encode(['generator' => 'make-vectors.php', 'php' => PHP_VERSION, 'merchant' => MERCHANT, 'vectors' => $vectors, 'tampered' => $tampered],
    JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
