import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  aBye,
  aCancel,
  anAck,
  anInvite,
  anOptions,
  aRegisterWithDigest,
  aResponse,
  aSipMessage,
  commonHeaders,
  sdpOffer,
} from './fixtures/messages.js';
import {
  contactExpires,
  digestParams,
  getAddressList,
  getAuthValues,
  getCallId,
  getContacts,
  getCSeq,
  getFrom,
  getHeader,
  getPrivacy,
  getTo,
  getTopVia,
  type ParseResult,
  parseMessage,
  type SipMessage,
} from './message.js';

function ok(result: ParseResult): SipMessage {
  assert.ok(result.ok, result.ok ? '' : `rejected (${result.error.code}): ${result.error.reason}`);
  return result.message;
}

function rejected(result: ParseResult) {
  assert.ok(!result.ok, 'expected a rejection');
  return result.error;
}

function options(...extra: string[]): string[] {
  return ['OPTIONS sip:bob@biloxi.example.com SIP/2.0', ...commonHeaders('OPTIONS'), ...extra];
}

describe('parsing everyday requests and responses', () => {
  test('reads an INVITE with SDP: request line, dialog headers, identity headers and the body bytes', () => {
    const message = ok(parseMessage(anInvite()));
    assert.ok(message.kind === 'request');
    assert.equal(message.method, 'INVITE');
    assert.ok(message.uri.kind === 'sip');
    assert.deepEqual([message.uri.user, message.uri.host, message.uri.port], ['bob', 'biloxi.example.com', null]);
    assert.equal(getCallId(message), 'a84b4c76e66710@pc33.atlanta.example.com');
    assert.deepEqual(getCSeq(message), { seq: 314159, method: 'INVITE' });
    assert.equal(getFrom(message)?.displayName, 'Alice');
    assert.equal(getFrom(message)?.params.get('tag'), '1928301774');
    assert.equal(getTo(message)?.params.has('tag'), false);
    assert.equal(getTopVia(message)?.branch, 'z9hG4bK776asdhds');
    assert.equal(message.body.toString('utf8'), sdpOffer);
    const pai = getAddressList(message, 'P-Asserted-Identity') ?? [];
    assert.deepEqual(
      pai.map((entry) => entry.uri.kind),
      ['sip', 'tel'],
    );
    assert.equal(pai[1]?.uri.kind === 'tel' && pai[1].uri.number, '+441279555001');
    assert.deepEqual(getPrivacy(message), ['id']);
    assert.equal(getAddressList(message, 'Record-Route')?.[0]?.uri.raw, 'sip:p1.example.com;lr');
  });

  test('reads OPTIONS, BYE, CANCEL and ACK', () => {
    for (const [bytes, method] of [
      [anOptions(), 'OPTIONS'],
      [aBye(), 'BYE'],
      [aCancel(), 'CANCEL'],
      [anAck(), 'ACK'],
    ] as const) {
      const message = ok(parseMessage(bytes));
      assert.ok(message.kind === 'request');
      assert.equal(message.method, method);
      assert.equal(getCSeq(message)?.method, method);
    }
    assert.equal(getTo(ok(parseMessage(aBye())))?.params.get('tag'), 'a6c85cf');
  });

  test('reads a REGISTER with folded digest credentials and a Contact expiry', () => {
    const message = ok(parseMessage(aRegisterWithDigest()));
    const [credentials] = getAuthValues(message, 'Authorization');
    assert.ok(credentials);
    const digest = digestParams(credentials);
    assert.equal(digest?.username, 'bob');
    assert.equal(digest?.realm, 'biloxi.example.com');
    assert.equal(digest?.uri, 'sip:registrar.biloxi.example.com');
    assert.equal(digest?.qop, 'auth');
    assert.equal(digest?.nc, '00000001');
    assert.equal(digest?.response, '6629fae49393a05397450978507c4ef1');
    assert.equal(digest?.algorithm, 'MD5');
    const contacts = getContacts(message);
    assert.ok(contacts && !contacts.star && contacts.contacts[0]);
    assert.equal(contactExpires(contacts.contacts[0]), 7200);
    assert.equal(getTopVia(message)?.rport, true);
  });

  test('reads 100, 180, 200 (with SDP) and 603 responses', () => {
    for (const [status, reason] of [
      [100, 'Trying'],
      [180, 'Ringing'],
      [200, 'OK'],
      [603, 'Decline'],
    ] as const) {
      const message = ok(
        parseMessage(aResponse(status, reason, { toTag: 'a6c85cf', body: status === 200 ? sdpOffer : '' })),
      );
      assert.ok(message.kind === 'response');
      assert.deepEqual([message.status, message.reason], [status, reason]);
      assert.equal(getTopVia(message)?.received, '192.0.2.3');
    }
  });

  test('ignores CRLFs before the start-line and keeps NUL and high octets in the body', () => {
    const body = Buffer.from([0x00, 0xff, 0x0d, 0x00, 0x0a]);
    const bytes = Buffer.concat([
      Buffer.from('\r\n\r\n'),
      aSipMessage(options('Content-Type: application/octet-stream'), body),
    ]);
    assert.deepEqual(ok(parseMessage(bytes)).body, body);
  });

  test('decodes non-UTF-8 header octets as Latin-1 instead of failing', () => {
    const bytes = aSipMessage(options('Subject: caf\u00e9'));
    const latin1 = Buffer.from(bytes.toString('utf8').replace('café', 'caf\u00e9'), 'latin1');
    assert.equal(getHeader(ok(parseMessage(latin1)), 'Subject'), 'café');
  });
});

describe('rejecting what RFC 3261 forbids', () => {
  test('answers 505 to another SIP version and drops responses with one', () => {
    const bytes = aSipMessage(['OPTIONS sip:bob@biloxi.example.com SIP/3.0', ...commonHeaders('OPTIONS')]);
    assert.equal(rejected(parseMessage(bytes)).code, 505);
    const response = Buffer.from(
      aResponse(200, 'OK').toString('latin1').replace('SIP/2.0 200', 'SIP/3.0 200'),
      'latin1',
    );
    assert.equal(rejected(parseMessage(response)).code, 'drop');
  });

  test('answers 413 to a request over maxSize and drops an oversized response', () => {
    assert.equal(rejected(parseMessage(anInvite(), { maxSize: 100 })).code, 413);
    assert.equal(rejected(parseMessage(aResponse(180, 'Ringing'), { maxSize: 100 })).code, 'drop');
  });

  test('answers 400 to a request missing Via, From, To, Call-ID or CSeq, but tolerates a missing Max-Forwards', () => {
    for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
      const lines = options().filter((line) => !line.startsWith(`${name}:`));
      const error = rejected(parseMessage(aSipMessage(lines)));
      assert.equal(error.code, 400);
      assert.match(error.reason, new RegExp(name));
    }
    ok(parseMessage(aSipMessage(options().filter((line) => !line.startsWith('Max-Forwards')))));
  });

  test('answers 400 when the CSeq method differs from the request method', () => {
    const lines = options().map((line) => (line.startsWith('CSeq') ? 'CSeq: 1 INVITE' : line));
    assert.match(rejected(parseMessage(aSipMessage(lines))).reason, /CSeq method/);
  });

  test('answers 400 to bad Content-Length framing: too long, negative, conflicting', () => {
    const tooLong = aSipMessage([...options(), 'Content-Length: 50'], 'short', { contentLength: false });
    assert.match(rejected(parseMessage(tooLong)).reason, /exceeds/);
    const negative = aSipMessage([...options(), 'Content-Length: -1'], '', { contentLength: false });
    assert.equal(rejected(parseMessage(negative)).code, 400);
    const conflicting = aSipMessage([...options(), 'l: 5', 'Content-Length: 4'], 'hello', { contentLength: false });
    assert.match(rejected(parseMessage(conflicting)).reason, /conflicting/);
    const repeated = aSipMessage([...options(), 'l: 5', 'Content-Length: 5'], 'hello', { contentLength: false });
    assert.equal(ok(parseMessage(repeated)).body.toString(), 'hello');
  });

  test('answers 400 to malformed start-lines and header lines', () => {
    for (const start of [
      'OPTIONS sip:bob@biloxi.example.com SIP/2.0 ',
      'OPTIONS  sip:bob@biloxi.example.com SIP/2.0',
      'OPTIONS <sip:bob@biloxi.example.com> SIP/2.0',
      'OPTIONS sip:bob@biloxi.example.com?Subject=x SIP/2.0',
      'OPTIONS sip:bob@biloxi.example.com SIP/2',
      'OPT(IONS sip:bob@biloxi.example.com SIP/2.0',
    ]) {
      const bytes = aSipMessage([start, ...commonHeaders('OPTIONS')]);
      assert.equal(rejected(parseMessage(bytes)).code, start.startsWith('OPT(') ? 'drop' : 400, start);
    }
    assert.match(rejected(parseMessage(aSipMessage(options('Foobar roobar')))).reason, /malformed header line/);
    assert.match(rejected(parseMessage(aSipMessage(options('Max-Forwards: 256')))).reason, /Max-Forwards/);
  });

  test('drops input that is not SIP at all, and a response with a bad status code', () => {
    assert.equal(rejected(parseMessage(Buffer.from(''))).code, 'drop');
    assert.equal(rejected(parseMessage(Buffer.from('\r\n\r\n'))).code, 'drop');
    assert.equal(rejected(parseMessage(Buffer.from([0x16, 0x03, 0x01, 0x00]))).code, 'drop');
    const response = Buffer.from(aResponse(180, 'Ringing').toString('latin1').replace(' 180 ', ' 18 '), 'latin1');
    assert.equal(rejected(parseMessage(response)).code, 'drop');
  });
});
