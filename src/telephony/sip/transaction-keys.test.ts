import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aCancel, anAck, anInvite, aResponse, aSipMessage, commonHeaders } from './fixtures/messages.js';
import { parseMessage, type SipMessage, type SipRequest } from './message.js';
import {
  cancelTargetKey,
  clientTransactionKey,
  isRetransmission,
  isRfc3261Branch,
  serverTransactionKey,
} from './transaction-keys.js';

function message(bytes: Buffer): SipMessage {
  const result = parseMessage(bytes);
  assert.ok(result.ok, result.ok ? '' : result.error.reason);
  return result.message;
}

function request(bytes: Buffer): SipRequest {
  const parsed = message(bytes);
  assert.ok(parsed.kind === 'request');
  return parsed;
}

describe('server transaction keys (RFC 3261 §17.2.3)', () => {
  test('a retransmitted INVITE has the key of the first one', () => {
    const invite = request(anInvite());
    const known = new Set([serverTransactionKey(invite) ?? '']);
    assert.equal(isRetransmission(request(anInvite()), known), true);
    assert.equal(isRetransmission(request(anInvite()), new Set()), false);
  });

  test('an ACK with the INVITE branch matches the INVITE transaction but is not a retransmission', () => {
    const inviteKey = serverTransactionKey(request(anInvite()));
    const ack = request(anAck());
    assert.equal(serverTransactionKey(ack), inviteKey);
    assert.equal(isRetransmission(ack, new Set([inviteKey ?? ''])), false);
  });

  test('a CANCEL is its own transaction but points at the INVITE it cancels', () => {
    const inviteKey = serverTransactionKey(request(anInvite()));
    const cancel = request(aCancel());
    assert.notEqual(serverTransactionKey(cancel), inviteKey);
    assert.equal(cancelTargetKey(cancel), inviteKey);
    assert.equal(cancelTargetKey(request(anInvite())), null);
  });

  test('a different branch or sent-by is a different transaction', () => {
    const inviteKey = serverTransactionKey(request(anInvite()));
    for (const [from, to] of [
      ['z9hG4bK776asdhds', 'z9hG4bKother'],
      ['pc33.atlanta.example.com;branch', 'pc34.atlanta.example.com;branch'],
    ] as const) {
      const edited = Buffer.from(anInvite().toString('latin1').replace(from, to), 'latin1');
      assert.notEqual(serverTransactionKey(request(edited)), inviteKey, to);
    }
  });

  test('falls back to RFC 2543 matching for a bare magic cookie or no branch (RFC 4475 §3.2.1)', () => {
    assert.equal(isRfc3261Branch('z9hG4bK'), false);
    assert.equal(isRfc3261Branch(null), false);
    const bare = (method: string, seq = 1) =>
      request(
        aSipMessage([
          `${method} sip:bob@biloxi.example.com SIP/2.0`,
          ...commonHeaders(method, { seq, branch: 'z9hG4bK' }),
        ]),
      );
    const key = serverTransactionKey(bare('INVITE'));
    assert.match(key ?? '', /^2543 /);
    assert.equal(serverTransactionKey(bare('INVITE')), key);
    assert.equal(serverTransactionKey(bare('ACK')), key);
    assert.notEqual(serverTransactionKey(bare('INVITE', 2)), key);
  });
});

describe('client transaction keys (RFC 3261 §17.1.3)', () => {
  test('a response matches the request we sent by top Via branch and CSeq method', () => {
    const sent = message(anInvite());
    const withoutProxyVia = aResponse(180, 'Ringing')
      .toString('latin1')
      .replace(/^Via: [^\r]*server10[^\r]*\r\n/m, '');
    assert.equal(clientTransactionKey(message(Buffer.from(withoutProxyVia, 'latin1'))), clientTransactionKey(sent));
    assert.notEqual(clientTransactionKey(message(aResponse(180, 'Ringing'))), clientTransactionKey(sent));
  });
});
