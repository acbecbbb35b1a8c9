import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allFixtures, anInvite, sdpOffer } from './fixtures/messages.js';
import {
  createResponse,
  generateBranch,
  generateCallId,
  generateTag,
  getHeader,
  getHeaderValues,
  getTo,
  parseMessage,
  type SipMessage,
  type SipRequest,
  serializeMessage,
  serializeRequest,
} from './message.js';

function parsed(bytes: Buffer): SipMessage {
  const result = parseMessage(bytes);
  assert.ok(result.ok, result.ok ? '' : result.error.reason);
  return result.message;
}

function anInviteRequest(): SipRequest {
  const message = parsed(anInvite());
  assert.ok(message.kind === 'request');
  return message;
}

describe('serializing', () => {
  test('parse → serialize → parse gives the same message for every fixture', () => {
    for (const [name, bytes] of Object.entries(allFixtures())) {
      const first = parsed(bytes);
      assert.deepEqual(parsed(serializeMessage(first)), first, name);
    }
  });

  test('writes fixtures back byte for byte when they are already in canonical form', () => {
    for (const [name, bytes] of Object.entries(allFixtures())) {
      if (name === 'register') continue; // folded Authorization is written unfolded
      assert.deepEqual(serializeMessage(parsed(bytes)), bytes, name);
    }
  });

  test('always writes one Content-Length equal to the body, whatever the headers said', () => {
    const invite = anInviteRequest();
    const edited: SipRequest = {
      ...invite,
      headers: [...invite.headers, { name: 'l', value: '9999' }],
      body: Buffer.from('x'),
    };
    const text = serializeRequest(edited).toString('utf8');
    assert.equal(text.match(/Content-Length: /g)?.length, 1);
    assert.match(text, /Content-Length: 1\r\n\r\nx$/);
    const noLength: SipRequest = { ...invite, headers: invite.headers.filter((h) => h.name !== 'Content-Length') };
    assert.match(
      serializeRequest(noLength).toString('utf8'),
      new RegExp(`Content-Length: ${sdpOffer.length}\\r\\n\\r\\n`),
    );
  });

  test('refuses to write a header value containing CR or LF (header injection)', () => {
    const invite = anInviteRequest();
    const evil: SipRequest = { ...invite, headers: [...invite.headers, { name: 'Subject', value: 'hi\r\nVia: x' }] };
    assert.throws(() => serializeRequest(evil), TypeError);
  });
});

describe('building responses (RFC 3261 §8.2.6)', () => {
  test('copies Via, From, To, Call-ID and CSeq and adds a To tag above 100', () => {
    const invite = anInviteRequest();
    const ringing = createResponse(invite, 180, 'Ringing', [{ name: 'Contact', value: '<sip:b2bua@192.0.2.10>' }], {
      toTag: 'cw1',
    });
    for (const name of ['Via', 'From', 'Call-ID', 'CSeq']) {
      assert.deepEqual(getHeaderValues(ringing, name), getHeaderValues(invite, name), name);
    }
    assert.equal(getTo(ringing)?.params.get('tag'), 'cw1');
    assert.equal(getHeader(ringing, 'Contact'), '<sip:b2bua@192.0.2.10>');
    const reparsed = parsed(serializeMessage(ringing));
    assert.ok(reparsed.kind === 'response');
    assert.deepEqual([reparsed.status, reparsed.reason], [180, 'Ringing']);
  });

  test('adds no To tag to 100 Trying, and keeps an existing tag', () => {
    const invite = anInviteRequest();
    assert.equal(getTo(createResponse(invite, 100, 'Trying'))?.params.has('tag'), false);
    const inDialog: SipRequest = {
      ...invite,
      headers: invite.headers.map((h) => (h.name === 'To' ? { name: 'To', value: `${h.value};tag=abc` } : h)),
    };
    assert.equal(getHeader(createResponse(inDialog, 603, 'Decline'), 'To')?.match(/tag=/g)?.length, 1);
  });

  test('generates a random To tag when none is given, and carries a body with its length', () => {
    const ok = createResponse(anInviteRequest(), 200, 'OK', [{ name: 'Content-Type', value: 'application/sdp' }], {
      body: Buffer.from(sdpOffer),
    });
    assert.match(getTo(ok)?.params.get('tag') ?? '', /^[0-9a-f]{16}$/);
    assert.match(serializeMessage(ok).toString(), new RegExp(`Content-Length: ${sdpOffer.length}\\r\\n`));
  });

  test('can answer 400 from the headers of a request that did not parse', () => {
    const bad = parseMessage(Buffer.from(anInvite().toString('latin1').replace('CSeq: 314159 INVITE', 'CSeq: 1 BYE')));
    assert.ok(!bad.ok && bad.error.headers);
    const response = createResponse({ headers: bad.error.headers }, 400, 'Bad Request');
    assert.equal(getHeader(response, 'Call-ID'), 'a84b4c76e66710@pc33.atlanta.example.com');
  });
});

describe('identifiers', () => {
  test('branches carry the magic cookie and identifiers do not repeat', () => {
    const branches = new Set(Array.from({ length: 1000 }, generateBranch));
    assert.equal(branches.size, 1000);
    for (const branch of branches) assert.match(branch, /^z9hG4bK[A-Za-z0-9_-]{16}$/);
    assert.notEqual(generateTag(), generateTag());
    assert.match(generateCallId('b2bua.example.net'), /^[0-9a-f]{32}@b2bua\.example\.net$/);
  });
});
