import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { digestParams, parseAuth, parseMessage, type SipResponse } from '../sip/message.js';
import { answerChallenge } from './trunk-auth.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function aChallenge(status: 401 | 407, ...authenticate: string[]): SipResponse {
  const name = status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  const text = [
    `SIP/2.0 ${status} ${status === 401 ? 'Unauthorized' : 'Proxy Authentication Required'}`,
    'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc',
    'From: <sip:+441279555012@127.0.0.1>;tag=f1',
    'To: <sip:101@trunk.example>;tag=t1',
    'Call-ID: out-1',
    'CSeq: 1 INVITE',
    ...authenticate.map((value) => `${name}: ${value}`),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const parsed = parseMessage(Buffer.from(text));
  assert.ok(parsed.ok && parsed.message.kind === 'response');
  return parsed.message as SipResponse;
}

function fieldsOf(value: string) {
  const parsed = parseAuth(value);
  assert.ok(parsed.ok, value);
  const digest = digestParams(parsed.value);
  assert.ok(digest);
  return digest;
}

test('computes the RFC 2617 §3.5 example response (MD5, qop=auth), echoing opaque', () => {
  const answer = answerChallenge(
    aChallenge(
      401,
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    ),
    { method: 'GET', uri: '/dir/index.html' },
    { username: 'Mufasa', password: 'Circle Of Life' },
    { cnonce: '0a4f113b' },
  );
  assert.ok(answer.ok, JSON.stringify(answer));
  assert.equal(answer.header.name, 'Authorization');
  const fields = fieldsOf(answer.header.value);
  assert.equal(fields.response, '6629fae49393a05397450978507c4ef1');
  assert.equal(fields.qop, 'auth');
  assert.equal(fields.nc, '00000001');
  assert.equal(fields.opaque, '5ccc069c403ebaf9f0171e9517f40e41');
  assert.equal(fields.username, 'Mufasa');
});

test('answers a proxy challenge with Proxy-Authorization for the INVITE’s Request-URI; without qop, RFC 2069 form', () => {
  const uri = 'sip:101@203.0.113.5:5060';
  const answer = answerChallenge(
    aChallenge(407, 'Digest realm="trunk.example", nonce="n-1", algorithm=MD5, stale=TRUE'),
    { method: 'INVITE', uri },
    { username: 'callwarden', password: 'trunk-secret' },
  );
  assert.ok(answer.ok);
  assert.equal(answer.header.name, 'Proxy-Authorization');
  assert.equal(answer.stale, true);
  const fields = fieldsOf(answer.header.value);
  const ha1 = md5('callwarden:trunk.example:trunk-secret');
  assert.equal(fields.response, md5(`${ha1}:n-1:${md5(`INVITE:${uri}`)}`));
  assert.equal(fields.uri, uri);
  assert.equal(fields.qop, null);
});

test('supports SHA-256, skips challenges it cannot answer, and refuses when none is answerable', () => {
  const credentials = { username: 'cw', password: 'pw' };
  const request = { method: 'INVITE', uri: 'sip:999@trunk.example' };
  const sha = answerChallenge(
    aChallenge(
      401,
      'Digest realm="r", nonce="n", algorithm=MD5-sess, qop="auth"',
      'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"',
    ),
    request,
    credentials,
    { cnonce: 'c' },
  );
  assert.ok(sha.ok);
  const h = (text: string) => createHash('sha256').update(text).digest('hex');
  const expected = h(`${h('cw:r:pw')}:n:00000001:c:auth:${h('INVITE:sip:999@trunk.example')}`);
  assert.equal(fieldsOf(sha.header.value).response, expected);

  for (const [challenge, reason] of [
    ['Digest realm="r", nonce="n", qop="auth-int"', /qop/],
    ['Digest realm="r", nonce="n", algorithm=MD5-sess', /algorithm/],
    ['Basic realm="r"', /not a Digest/],
    ['Digest realm="r"', /nonce/],
  ] as const) {
    const answer = answerChallenge(aChallenge(401, challenge), request, credentials);
    assert.equal(answer.ok, false, challenge);
    if (!answer.ok) assert.match(answer.reason, reason);
  }
  assert.equal(answerChallenge(aChallenge(407), request, credentials).ok, false, 'no authenticate header');
});

test('escapes quotes in credentials so a username cannot add digest fields', () => {
  const answer = answerChallenge(
    aChallenge(401, 'Digest realm="r", nonce="n"'),
    { method: 'INVITE', uri: 'sip:101@t' },
    { username: 'a", response="0', password: 'p' },
  );
  assert.ok(answer.ok);
  assert.equal(fieldsOf(answer.header.value).username, 'a", response="0');
});
