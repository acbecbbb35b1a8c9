import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  canonicalHeaderName,
  parseAuth,
  parseContact,
  parseContentType,
  parseCSeq,
  parseMaxForwards,
  parseNameAddr,
  parseNameAddrList,
  parsePrivacy,
  parseSipDate,
  parseVia,
  splitList,
  viaPort,
} from './message.js';

describe('header names', () => {
  test('expands compact forms and spells known names canonically, leaving unknown names alone', () => {
    const pairs = { i: 'Call-ID', m: 'Contact', e: 'Content-Encoding', l: 'Content-Length', c: 'Content-Type' };
    for (const [compact, full] of Object.entries(pairs)) assert.equal(canonicalHeaderName(compact), full);
    for (const [compact, full] of Object.entries({ f: 'From', s: 'Subject', k: 'Supported', t: 'To', v: 'Via' })) {
      assert.equal(canonicalHeaderName(compact.toUpperCase()), full);
    }
    assert.equal(canonicalHeaderName('o'), 'Event');
    assert.equal(canonicalHeaderName('u'), 'Allow-Events');
    assert.equal(canonicalHeaderName('CSEQ'), 'CSeq');
    assert.equal(canonicalHeaderName('www-authenticate'), 'WWW-Authenticate');
    assert.equal(canonicalHeaderName('X-Screening'), 'X-Screening');
  });
});

describe('Via', () => {
  test('reads sent-by, branch, received and rport, with IPv6 and LWS around separators', () => {
    const parsed = parseVia('SIP / 2.0 / udp [2001:db8::9]:5070 ; branch = z9hG4bKx ; received=2001:db8::1;rport=5071');
    assert.ok(parsed.ok);
    const [via] = parsed.value;
    assert.deepEqual(
      [via?.transport, via?.host, via?.port, via?.branch, via?.received, via?.rport],
      ['UDP', '[2001:db8::9]', 5070, 'z9hG4bKx', '2001:db8::1', 5071],
    );
  });

  test('defaults the port by transport and rejects empty parameters', () => {
    const tls = parseVia('SIP/2.0/TLS a.example.com');
    assert.ok(tls.ok && tls.value[0]);
    assert.equal(viaPort(tls.value[0]), 5061);
    assert.equal(parseVia('SIP/2.0/UDP 192.0.2.15;;').ok, false);
    assert.equal(parseVia('SIP/2.0/UDP 192.0.2.15;branch=').ok, false);
    assert.equal(parseVia('SIP/2.0/UDP').ok, false);
    assert.equal(parseVia('SIP/2.0/UDP a.example.com,').ok, false);
  });
});

describe('addresses', () => {
  test('tells header parameters (after >) from URI parameters (inside <>)', () => {
    const parsed = parseNameAddr('"Bob \\"B\\"" <sip:bob@example.com;transport=tcp>;tag=a6c85cf');
    assert.ok(parsed.ok);
    assert.equal(parsed.value.displayName, 'Bob "B"');
    assert.equal(parsed.value.params.get('tag'), 'a6c85cf');
    assert.ok(parsed.value.uri.kind === 'sip');
    assert.equal(parsed.value.uri.params.get('transport'), 'tcp');
    const bare = parseNameAddr('sip:bob@example.com;tag=x');
    assert.ok(bare.ok);
    assert.equal(bare.value.params.get('tag'), 'x');
  });

  test('rejects unquoted display names with commas, unterminated quotes and spaces inside <>', () => {
    assert.equal(parseNameAddr('Bell, Alexander <sip:a.g.bell@example.com>').ok, false);
    assert.equal(parseNameAddr('"Mr. J. User <sip:j.user@example.com>').ok, false);
    assert.equal(parseNameAddr('< sip:t.watson@example.org >').ok, false);
    assert.equal(parseNameAddr('sip:a@example.com?Route=x').ok, false);
  });

  test('reads Contact lists, the * form and Route sets', () => {
    assert.deepEqual(parseContact(' * '), { ok: true, value: { star: true } });
    const contacts = parseContact('<sip:a@192.0.2.4>;expires=60;q=0.5, "B" <sip:b@[2001:db8::1]:5080>');
    assert.ok(contacts.ok && !contacts.value.star);
    assert.equal(contacts.value.contacts.length, 2);
    assert.equal(contacts.value.contacts[1]?.uri.kind === 'sip' && contacts.value.contacts[1].uri.port, 5080);
    const routes = parseNameAddrList('<sip:p1.example.com;lr>,<sip:p2.example.com;lr>');
    assert.ok(routes.ok);
    assert.deepEqual(
      routes.value.map((route) => route.uri.kind === 'sip' && route.uri.host),
      ['p1.example.com', 'p2.example.com'],
    );
  });
});

describe('scalar and list headers', () => {
  test('CSeq and Max-Forwards enforce their ranges', () => {
    assert.deepEqual(parseCSeq('4294967295 INVITE'), { ok: true, value: { seq: 4294967295, method: 'INVITE' } });
    assert.equal(parseCSeq('4294967296 INVITE').ok, false);
    assert.equal(parseCSeq('1').ok, false);
    assert.deepEqual(parseMaxForwards('255'), { ok: true, value: 255 });
    assert.equal(parseMaxForwards('256').ok, false);
  });

  test('Content-Type, Privacy, Date and list splitting', () => {
    const type = parseContentType('Multipart/Mixed ; boundary="abc"');
    assert.ok(type.ok);
    assert.equal(type.value.mediaType, 'multipart/mixed');
    assert.equal(type.value.params.get('boundary'), 'abc');
    assert.deepEqual(parsePrivacy('id; Header'), { ok: true, value: ['id', 'header'] });
    assert.equal(parseSipDate('Sat, 13 Nov 2010 23:29:00 GMT').ok, true);
    assert.equal(parseSipDate('Fri, 01 Jan 2010 16:00:00 EST').ok, false);
    assert.deepEqual(splitList('a, "x,y" <sip:a@b;p=1,2>, ,b'), ['a', '"x,y" <sip:a@b;p=1,2>', 'b']);
  });

  test('authorization values: digest params with quoted commas, token68 and unknown schemes', () => {
    const challenge = parseAuth(
      'Digest realm="atlanta.example.com", qop="auth,auth-int", nonce="84a4cc6f", stale=FALSE',
    );
    assert.ok(challenge.ok);
    assert.equal(challenge.value.params.get('qop'), 'auth,auth-int');
    const basic = parseAuth('Basic dXNlcjpwYXNz');
    assert.ok(basic.ok);
    assert.equal(basic.value.token68, 'dXNlcjpwYXNz');
    const unknown = parseAuth('NoOneKnowsThisScheme opaque-data=here');
    assert.ok(unknown.ok);
    assert.equal(unknown.value.params.get('opaque-data'), 'here');
    assert.equal(parseAuth('Digest realm=').ok, false);
  });
});
