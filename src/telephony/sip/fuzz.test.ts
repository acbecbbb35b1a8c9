import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allFixtures } from './fixtures/messages.js';
import { parseMessage, serializeMessage } from './message.js';
import { createStreamFramer } from './stream-framer.js';

// mulberry32: small seeded PRNG so a failure reproduces from its iteration number.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const interesting = [
  ':',
  ';',
  ',',
  '"',
  '\\',
  '<',
  '>',
  '@',
  '%',
  ' ',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\r\n ',
  '=',
  '/',
  '[',
  ']',
  '\0',
];

function mutate(seed: Buffer, random: () => number): Buffer {
  const int = (n: number) => Math.floor(random() * n);
  let bytes = Buffer.from(seed);
  const rounds = 1 + int(6);
  for (let i = 0; i < rounds; i++) {
    const at = int(bytes.length + 1);
    switch (int(7)) {
      case 0:
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = int(256);
        break;
      case 1:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(interesting[int(interesting.length)] ?? '')]);
        bytes = Buffer.concat([bytes, seed.subarray(at)]);
        break;
      case 2:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + int(40))]);
        break;
      case 3:
        bytes = bytes.subarray(0, at);
        break;
      case 4:
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          bytes.subarray(int(bytes.length), int(bytes.length)),
          bytes.subarray(at),
        ]);
        break;
      case 5:
        bytes = Buffer.from(
          bytes.toString('latin1').replace(/[0-9]+/, String(int(2) ? -int(1e6) : int(1e12))),
          'latin1',
        );
        break;
      default:
        bytes = Buffer.concat([bytes, Buffer.from(Array.from({ length: int(64) }, () => int(256)))]);
    }
  }
  return bytes;
}

describe('fuzzing the parser', () => {
  test('5,000 random and mutated inputs never throw and always give a tagged result', () => {
    const random = prng(4475);
    const seeds = Object.values(allFixtures());
    const codes = new Set([400, 413, 505, 'drop']);
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const input =
        i % 10 === 0
          ? Buffer.from(Array.from({ length: Math.floor(random() * 512) }, () => Math.floor(random() * 256)))
          : mutate(seeds[i % seeds.length] as Buffer, random);
      let result: ReturnType<typeof parseMessage>;
      try {
        result = parseMessage(input, { maxSize: 4096 });
      } catch (error) {
        assert.fail(`iteration ${i} threw ${String(error)} on ${JSON.stringify(input.toString('latin1'))}`);
      }
      if (result.ok) {
        accepted++;
        assert.ok(result.message.kind === 'request' || result.message.kind === 'response');
        const again = parseMessage(serializeMessage(result.message), { maxSize: 8192 });
        assert.ok(again.ok, `iteration ${i}: accepted input did not re-parse after serializing`);
        // A message that arrived without Content-Length gains one on output; nothing else may change.
        const headers = again.message.headers.filter(
          (h, index) => h.name !== 'Content-Length' || result.message.headers[index]?.name === 'Content-Length',
        );
        assert.deepEqual({ ...again.message, headers }, result.message, `iteration ${i}: round trip changed it`);
      } else {
        assert.ok(codes.has(result.error.code), `iteration ${i}: code ${String(result.error.code)}`);
        assert.equal(typeof result.error.reason, 'string');
        assert.doesNotMatch(result.error.reason, /internal parser error/, `iteration ${i}`);
      }
    }
    // Mutations are mostly small, so a fair share still parses: the fuzz exercises both paths.
    assert.ok(accepted > 250 && accepted < 4750, `accepted ${accepted}`);
  });

  test('the stream framer never throws on the same kind of input', () => {
    const random = prng(5626);
    const seeds = Object.values(allFixtures());
    for (let i = 0; i < 500; i++) {
      const framer = createStreamFramer({ maxMessageSize: 4096 });
      const input = mutate(
        Buffer.concat([seeds[i % seeds.length] as Buffer, seeds[(i + 1) % seeds.length] as Buffer]),
        random,
      );
      for (let at = 0; at < input.length; at += 1 + Math.floor(random() * 200)) {
        assert.doesNotThrow(() => framer.push(input.subarray(at, at + 1 + Math.floor(random() * 200))));
      }
    }
  });
});
