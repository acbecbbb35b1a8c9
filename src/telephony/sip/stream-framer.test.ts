import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { anInvite, anOptions, aSipMessage, commonHeaders } from './fixtures/messages.js';
import { parseMessage } from './message.js';
import { createStreamFramer } from './stream-framer.js';

describe('framing SIP over a byte stream', () => {
  test('cuts back-to-back messages by Content-Length, whatever the chunk boundaries', () => {
    const stream = Buffer.concat([anInvite(), anOptions(), anInvite()]);
    for (const size of [1, 7, 64, stream.length]) {
      const framer = createStreamFramer();
      const messages: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) {
        const result = framer.push(stream.subarray(at, at + size));
        assert.equal(result.error, null);
        messages.push(...result.messages);
      }
      assert.deepEqual(messages, [anInvite(), anOptions(), anInvite()], `chunk size ${size}`);
      assert.equal(framer.buffered, 0);
      for (const message of messages) assert.ok(parseMessage(message).ok);
    }
  });

  test('skips CRLF keep-alives and counts double-CRLF pings', () => {
    const framer = createStreamFramer();
    assert.deepEqual(framer.push(Buffer.from('\r\n\r\n')), { messages: [], pings: 1, error: null });
    const result = framer.push(Buffer.concat([Buffer.from('\r\n'), anOptions(), Buffer.from('\r\n\r\n')]));
    assert.equal(result.messages.length, 1);
    assert.equal(result.pings, 1);
  });

  test('waits for the rest of a body that has not arrived yet (RFC 4475 §3.1.2.2 on TCP)', () => {
    const framer = createStreamFramer();
    const invite = anInvite();
    const first = framer.push(invite.subarray(0, invite.length - 10));
    assert.deepEqual([first.messages.length, first.error], [0, null]);
    assert.equal(framer.buffered, invite.length - 10);
    assert.deepEqual(framer.push(invite.subarray(invite.length - 10)).messages, [invite]);
  });

  test('asks to close the connection on garbage, negative or conflicting Content-Length, and oversize', () => {
    const lines = ['OPTIONS sip:bob@biloxi.example.com SIP/2.0', ...commonHeaders('OPTIONS')];
    const cases: [string, Buffer, number?][] = [
      ['garbage', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
      ['binary', Buffer.alloc(2000, 0x41)],
      ['negative', aSipMessage([...lines, 'Content-Length: -999'], '', { contentLength: false })],
      ['conflicting', aSipMessage([...lines, 'Content-Length: 13', 'l: 5'], '', { contentLength: false })],
      ['oversize', aSipMessage(lines, 'x'.repeat(500)), 400],
      ['endless headers', Buffer.from(`OPTIONS sip:b@example.com SIP/2.0\r\n${'X: y\r\n'.repeat(100)}`), 300],
    ];
    for (const [name, bytes, max] of cases) {
      const framer = createStreamFramer(max ? { maxMessageSize: max } : {});
      const result = framer.push(bytes);
      assert.equal(result.error?.close, true, name);
      assert.deepEqual(framer.push(anOptions()).messages, [], `${name}: dead after an error`);
    }
  });
});
