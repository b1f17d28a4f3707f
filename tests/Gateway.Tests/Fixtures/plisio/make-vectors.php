<?php
// Test vectors for the Plisio scheme, made and checked by PHP with Plisio's own SDK code: verifyCallbackData from
// Plisio/plisio-api-php (src/ClientAPI.php, commit 1956fdc0e525d8e60b076bf880184a5a33e3fc0d), copied verbatim below.
// A Plisio callback is a form POST whose verify_hash = hex HMAC-SHA1(secret key, serialize(the other POST fields, sorted
// by ksort, expire_utc as a string, tx_urls through html_entity_decode)). PHP parses the body into $_POST with parse_str.
//
// Run: php -n make-vectors.php > vectors.json   (deterministic)

const SECRET = 'plisio-secret-key-0123456789';

// Plisio's SDK, verbatim (a method of ClientAPI there).
function verifyCallbackData($data, $secretKey)
{
    if (!isset($data['verify_hash'])) {
        return false;
    }

    $post = $data;
    $verifyHash = $post['verify_hash'];
    unset($post['verify_hash']);
    ksort($post);
    if (isset($post['expire_utc'])){
        $post['expire_utc'] = (string)$post['expire_utc'];
    }
    if (isset($post['tx_urls'])){
        $post['tx_urls'] = html_entity_decode($post['tx_urls']);
    }
    $postString = serialize($post);
    $checkKey = hash_hmac('sha1', $postString, $secretKey);

    if ($checkKey != $verifyHash) {
        return false;
    }

    return true;
}

// What Plisio signs for a body, read as the SDK reads it.
function signedString(string $body): string
{
    parse_str($body, $post);
    ksort($post);
    if (isset($post['expire_utc'])) {
        $post['expire_utc'] = (string)$post['expire_utc'];
    }
    if (isset($post['tx_urls'])) {
        $post['tx_urls'] = html_entity_decode($post['tx_urls']);
    }
    return serialize($post);
}

// $form: the callback as sent, without verify_hash, which is appended (Plisio sends it among the fields).
function vector(string $name, string $form, array $options = []): array
{
    $secret = $options['secret'] ?? SECRET;
    $signed = signedString($form);
    $hash = hash_hmac('sha1', $signed, $secret);
    $body = $form . '&verify_hash=' . $hash;
    parse_str($body, $post);
    if (!verifyCallbackData($post, $secret)) {
        throw new RuntimeException("$name: the SDK refuses it");
    }
    $refused = $options['refused'] ?? null;
    return [
        'name' => $name,
        'secret' => $secret,
        'body' => $body,
        'signedStringBase64' => base64_encode($signed),
        'verifyHash' => $hash,
        'expect' => $refused === null ? 'Verified' : 'Malformed',
        'refused' => $refused,
        'identity' => $refused === null ? [$post['txn_id'], $post['status']] : null,
    ];
}

$callback = http_build_query([
    'txn_id' => '6256a8e4a6b2c0f5b7e1d2c3', 'ipn_type' => 'invoice', 'merchant' => 'Example shop', 'merchant_id' => '6256a7b3a6b2c0f5b7e1d2a1',
    'amount' => '0.00027811', 'currency' => 'BTC', 'order_number' => '42', 'order_name' => 'Order #42 / Café', 'confirmations' => '2',
    'status' => 'completed', 'source_currency' => 'USD', 'source_amount' => '10.00', 'source_rate' => '35956.88', 'comment' => 'Plisio.net payment',
    'psys_cid' => 'BTC', 'invoice_commission' => '0.00000139', 'invoice_sum' => '0.00027672', 'invoice_total_sum' => '0.00027811',
    'expire_utc' => '1700003600',
]);

$vectors = [
    vector('invoice completed', $callback),
    vector('invoice pending', 'txn_id=t-2&ipn_type=invoice&status=pending&amount=1&currency=LTC&order_number=7'),
    vector('fields in any order are sorted', 'status=mismatch&order_number=8&txn_id=t-3&amount=2&currency=ETH&comment=z&Zeta=1&_under=2'),
    vector('tx_urls entity-encoded', 'txn_id=t-4&status=completed&tx_urls=' . urlencode(htmlspecialchars('["https://blockchair.com/bitcoin/transaction/ab?x=1&y=2","it\'s"]', ENT_QUOTES))),
    vector('tx_urls plain', 'txn_id=t-5&status=completed&tx_urls=' . urlencode('https://blockchair.com/bitcoin/transaction/ab')),
    vector('spaces, plus and unicode encoded', 'txn_id=t-6&status=completed&order_name=' . urlencode('a b+c é 中文 😀') . '&comment=a+b%20c'),
    vector('empty values and a field without =', 'txn_id=t-7&status=completed&comment=&flag'),
    vector('percent sequences PHP leaves as they are', 'txn_id=t-8&status=completed&comment=100%25+%zz+%4'),
    vector('another secret', 'txn_id=t-9&status=expired', ['secret' => 'rotated-secret-key']),
    vector('field name PHP rewrites (dot)', 'txn_id=t-10&status=completed&order.name=x', ['refused' => 'a field name is not a plain PHP variable name']),
    vector('field name PHP rewrites (space)', 'txn_id=t-11&status=completed&order+name=x', ['refused' => 'a field name is not a plain PHP variable name']),
    vector('field name PHP reads as an array', 'txn_id=t-12&status=completed&comment[]=x', ['refused' => 'a field name is not a plain PHP variable name']),
    vector('numeric field name', 'txn_id=t-13&status=completed&5=x', ['refused' => 'a field name is not a plain PHP variable name']),
    vector('field repeated', 'txn_id=t-14&status=pending&status=completed', ['refused' => 'a field appears more than once']),
    vector('tx_urls with a bare ampersand PHP keeps', 'txn_id=t-16&status=completed&tx_urls=' . urlencode('https://x.example/?a=1&b=2&#39')),
    vector('tx_urls with an unknown &name; (PHP keeps it; refused all the same)', 'txn_id=t-18&status=completed&tx_urls=' . urlencode('a&b;c'), ['refused' => 'tx_urls holds an HTML entity']),
    vector('tx_urls with an entity beyond the supported ones', 'txn_id=t-15&status=completed&tx_urls=' . urlencode('caf&eacute;'), ['refused' => 'tx_urls holds an HTML entity']),
    vector('tx_urls with a hex entity', 'txn_id=t-17&status=completed&tx_urls=' . urlencode('it&#x27;s'), ['refused' => 'tx_urls holds an HTML entity']),
    vector('no txn_id', 'status=completed&amount=1', ['refused' => 'txn_id and status must each be present']),
];

// Bodies changed after signing: the SDK refuses each.
function tampered(string $name, array $of, string $body): array
{
    parse_str($body, $post);
    if (verifyCallbackData($post, $of['secret'])) {
        throw new RuntimeException("$name: the SDK still accepts it");
    }
    return ['name' => $name, 'of' => $of['name'], 'secret' => $of['secret'], 'body' => $body];
}

$doc = $vectors[0];
$tampered = [
    tampered('status changed', $doc, str_replace('status=completed', 'status=mismatch', $doc['body'])),
    tampered('amount changed', $doc, str_replace('amount=0.00027811', 'amount=0.00127811', $doc['body'])),
    tampered('field added', $doc, 'extra=1&' . $doc['body']),
    tampered('field removed', $doc, str_replace('&comment=Plisio.net+payment', '', $doc['body'])),
    tampered('tx_urls changed', $vectors[3], str_replace('blockchair', 'blockchain', $vectors[3]['body'])),
    tampered('hash of another secret', $vectors[8], str_replace($vectors[8]['verifyHash'], hash_hmac('sha1', signedString('txn_id=t-9&status=expired'), SECRET), $vectors[8]['body'])),
];

echo json_encode(['generator' => 'make-vectors.php', 'php' => PHP_VERSION, 'vectors' => $vectors, 'tampered' => $tampered],
    JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
