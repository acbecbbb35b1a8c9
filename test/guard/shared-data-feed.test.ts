/**
 * The transcript-feed engine on the held-out-style calls of `../shared/data/calls/` (the shared data set, not
 * committed here; skipped when it is absent): every call is streamed turn by turn over the WebSocket feed, the calls
 * of a file at the same time as a telephony platform would, each turn after the answer to the one before and a pause
 * (real time, compressed). The feed must give every turn the same action as `callwarden analyze` and flag the same
 * calls at the same alert turn.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { analyzeCall } from '../../src/detection/call-detector.js';
import { parseCallLine } from '../../src/detection/transcript.js';
import type { DetectorModel } from '../../src/detection/turn-classifier.js';
import { aGuardedApp } from '../../src/http/http-test-kit.js';
import { aFeedClient } from './feed-client.js';

const callsDir = new URL('../../../shared/data/calls/', import.meta.url);
/** Calls with both sides written out, as a platform's recogniser would give them. */
const files = ['dev-uk.jsonl', 'bothbosu-youtube-real.jsonl'];
const available = existsSync(new URL(files[0] as string, callsDir));
const turnGapMs = 5;
/** Concurrent calls on one socket each, so a file's calls are guarded side by side. */
const parallel = 8;

describe('transcript feed on the shared data set', { skip: available ? false : '../shared/data is not here' }, () => {
  let model: DetectorModel;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let admin: string;
  let url: string;

  before(async () => {
    const guarded = await aGuardedApp('cw-shared-feed-');
    ({ app, model, close } = guarded);
    await guarded.ops.addResident({
      number: '+441279555001',
      name: 'Ada Price',
      settings: { guard: { enabled: true } },
    });
    admin = (await guarded.store.createToken({ name: 'telephony', role: 'admin', residentIds: [] })).secret;
    url = `${(await app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/guard/feed`;
  });

  after(() => close());

  for (const file of files) {
    test(`${file}: every turn gets the action analyze gives it, and the same calls alert at the same turn`, async () => {
      const path = new URL(file, callsDir);
      if (!existsSync(path)) return;
      const calls = readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => parseCallLine(line));
      let flagged = 0;
      const queue = [...calls];
      const worker = async () => {
        const client = await aFeedClient(url, admin);
        for (let call = queue.shift(); call; call = queue.shift()) {
          const expected = analyzeCall(model, call.turns);
          const callId = `${file}:${call.id}`;
          const actions: string[] = [];
          for (const [index, turn] of call.turns.entries()) {
            const first = index === 0 ? { to: '+441279555001', from: '+447700900123' } : {};
            const answer = await client.ask({ callId, id: index, ...turn, ...first });
            assert.equal(answer.type, 'assessment', JSON.stringify(answer));
            actions.push(answer.action);
            await new Promise((resolve) => setTimeout(resolve, turnGapMs));
          }
          assert.deepEqual(
            actions,
            expected.perTurn.map((assessment) => assessment.action),
            call.id,
          );
          const ended = await client.ask({ type: 'end', callId, id: 'end' });
          assert.equal(ended.flagged, expected.alertTurn !== null, call.id);
          if (ended.flagged) flagged += 1;
        }
        client.socket.close();
        await client.closed;
      };
      await Promise.all(Array.from({ length: parallel }, worker));
      const scams = calls.filter((call) => call.label === 'scam').length;
      assert.ok(flagged > 0 || scams === 0, 'scam calls in the file are flagged');
    });
  }
});
