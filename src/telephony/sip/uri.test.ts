import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatUri, parseUri, percentDecode, type Uri } from './uri.js';

function parsed(text: string): Uri {
  const result = parseUri(text);
  assert.ok(result.ok, `${text}: ${result.ok ? '' : result.error}`);
  return result.value;
}

describe('parseUri', () => {
  test('reads every part of a sip: URI, decoding the user and parameters', () => {
    const uri = parsed(
      'SIPS:alice%20smith:secret@Atlanta.Example.com:5071;transport=tls;%6C%72?subject=hi%20there&priority=urgent',
    );
    assert.ok(uri.kind === 'sip');
    assert.equal(uri.scheme, 'sips');
    assert.equal(uri.user, 'alice smith');
    assert.equal(uri.password, 'secret');
    assert.equal(uri.host, 'Atlanta.Example.com');
    assert.equal(uri.port, 5071);
    assert.deepEqual(
      [...uri.params],
      [
        ['transport', 'tls'],
        ['lr', null],
      ],
    );
    assert.deepEqual(
      [...uri.headers],
      [
        ['subject', 'hi there'],
        ['priority', 'urgent'],
      ],
    );
  });

  test('reads IPv6 references with and without a port, and URIs with no user', () => {
    const withPort = parsed('sip:[2001:db8::10]:5070');
    assert.ok(withPort.kind === 'sip');
    assert.deepEqual([withPort.user, withPort.host, withPort.port], [null, '[2001:db8::10]', 5070]);
    const without = parsed('sip:alice@[2001:db8::10];maddr=239.255.255.1');
    assert.ok(without.kind === 'sip');
    assert.deepEqual([without.host, without.port], ['[2001:db8::10]', null]);
  });

  test('reads tel: numbers and keeps other schemes opaque', () => {
    const tel = parsed('tel:+44-1279-555001;phone-context=example.com');
    assert.ok(tel.kind === 'tel');
    assert.equal(tel.number, '+44-1279-555001');
    assert.equal(tel.params.get('phone-context'), 'example.com');
    const other = parsed('urn:service:sos');
    assert.deepEqual(
      [other.kind, other.scheme, other.kind === 'other' && other.opaque],
      ['other', 'urn', 'service:sos'],
    );
  });

  test('rejects white space, brackets, bad escapes, bad ports and empty hosts', () => {
    for (const text of [
      'sip:bob@example.com; lr',
      '<sip:bob@example.com>',
      'sip:bob%zz@example.com',
      'sip:bob@example.com:99999',
      'sip:bob@',
      'sip:bob@example.com;;lr',
      'bob@example.com',
      'sip:',
    ]) {
      assert.equal(parseUri(text).ok, false, text);
    }
  });

  test('percent-decoding keeps %00 as a character rather than truncating', () => {
    assert.equal(percentDecode('a%00b%e2%82%ac'), 'a\u0000b€');
  });

  test('formatUri writes parts back, escaping what must be escaped', () => {
    const uri = parsed('sip:a%20b@example.com:5062;transport=tcp;lr?Subject=x%20y');
    assert.equal(formatUri(uri), 'sip:a%20b@example.com:5062;transport=tcp;lr?Subject=x%20y');
    const again = parsed(formatUri(uri));
    assert.ok(again.kind === 'sip' && again.user === 'a b');
  });
});
