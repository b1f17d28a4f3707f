#!/usr/bin/env node
// Slack vectors, judged by @slack/bolt's own verifySlackRequest: X-Slack-Signature = v0=<hex HMAC-SHA256 of
// "v0:{X-Slack-Request-Timestamp}:{body}"> keyed with the signing secret, the timestamp no more than five minutes old
// (nowMilliseconds pins the SDK's clock to each vector's receivedAt).
// Run: npm ci && node make-vectors.js > vectors.json
'use strict';
const { verifySlackRequest } = require('@slack/bolt');
const v = require('../provider-vectors.js');

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const HEADER = 'X-Slack-Signature';
const TIMESTAMP = 'X-Slack-Request-Timestamp';
const signAt = (ts) => (body, secret) => ({ [TIMESTAMP]: String(ts), [HEADER]: 'v0=' + v.hmac('sha256', secret, `v0:${ts}:${body}`, 'hex') });
const sign = signAt(v.NOW - 1);

const events = '{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","team_id":"T061EG9RZ","api_app_id":"A0FFV41KK","event":{"type":"app_mention","text":"<@U0LAN0Z89> caf\u00e9"},"type":"event_callback","event_id":"Ev0PV52K21","event_time":1700000000}';
const command = 'token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&channel_id=C2147483705&user_id=U2147483697&command=%2Fweather&text=94070&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0';
const bodies = [
  { name: 'Events API callback', body: events, identity: v.bodyHashIdentity(events) },
  { name: 'slash command (form)', body: command, identity: v.bodyHashIdentity(command) },
];

const cases = v.standardCases({
  secret: SECRET,
  header: HEADER,
  prefix: 'v0=',
  bodies,
  sign,
  malformed: [{ name: 'v1= instead of v0=', value: 'v1=' + sign(events, SECRET)[HEADER].slice(3) }],
});
const base = cases[0];
cases.push(
  { ...base, name: 'stale: signed ten minutes before it arrived', headers: signAt(v.NOW - 600)(events, SECRET), expect: 'Stale', identity: undefined },
  {
    ...base,
    name: 'future: signed ten minutes after it arrived',
    headers: signAt(v.NOW + 600)(events, SECRET),
    expect: 'Stale',
    identity: undefined,
    gatewayDiffers: 'the SDK refuses only old timestamps; the gateway keeps the tolerance both ways',
  },
  { ...base, name: 'tampered: timestamp changed after signing', headers: { ...base.headers, [TIMESTAMP]: String(v.NOW) }, expect: 'InvalidSignature', identity: undefined },
  { ...base, name: 'malformed: no timestamp header', headers: v.without(base.headers, TIMESTAMP), expect: 'Malformed', identity: undefined },
);

v.write({ generator: 'slack/make-vectors.js', sdk: v.sdkVersion('@slack/bolt') }, cases, (c) =>
  c.secrets.some((signingSecret) => {
    try {
      verifySlackRequest({
        signingSecret,
        body: c.body,
        headers: { 'x-slack-signature': c.headers[HEADER], 'x-slack-request-timestamp': Number(c.headers[TIMESTAMP]) },
        nowMilliseconds: c.receivedAt * 1000,
      });
      return true;
    } catch {
      return false;
    }
  }));
