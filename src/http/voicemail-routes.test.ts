import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { E164 } from '../numbers/phone-number.js';
import { createVoicemailBox } from '../telephony/b2bua/voicemail-box.js';
import { readWav } from '../telephony/media/wav.js';
import { aHarness, type Harness, json } from './http-test-kit.js';

describe('voicemail messages', () => {
  let h: Harness;
  const dir = mkdtempSync(join(tmpdir(), 'cw-voicemail-'));
  const box = createVoicemailBox(join(dir, 'voicemail'));
  const tone = new Int16Array(12_000).map((_, i) => Math.round(8000 * Math.sin(i / 5)));

  before(async () => {
    h = await aHarness({ voicemail: box });
    const call = (callId: string, residentId: number, at: string) =>
      h.store.recordCall({
        callId,
        residentId,
        presented: '020 7946 0002',
        number: '+442079460002' as E164,
        at: new Date(at),
        action: 'voicemail',
        risk: 0.2,
        reasons: [],
        outcome: 'voicemail: message recorded (1.5 s)',
      });
    await call('ada-1@example', h.ada.id, '2026-08-01T21:30:00Z');
    await call('ada-2/odd id', h.ada.id, '2026-08-02T22:00:00Z');
    await call('bob-1', h.bob.id, '2026-08-01T23:00:00Z');
    await call('ada-no-message', h.ada.id, '2026-08-03T23:00:00Z');
    for (const id of ['ada-1@example', 'ada-2/odd id', 'bob-1']) await box.save(id, tone);
  });

  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("lists a resident's messages newest first, with caller, time, length and download route", async () => {
    const response = await h.call('carer', 'GET', `/api/residents/${h.ada.id}/voicemails`);
    assert.equal(response.statusCode, 200);
    const messages = json(response);
    assert.deepEqual(
      messages.map((m: { callId: string }) => m.callId),
      ['ada-2/odd id', 'ada-1@example'],
    );
    assert.deepEqual(messages[1], {
      callId: 'ada-1@example',
      residentId: h.ada.id,
      caller: '020 7946 0002',
      number: '+442079460002',
      at: '2026-08-01T21:30:00.000Z',
      durationMs: 1500,
      audio: '/api/voicemails/ada-1%40example',
    });
  });

  test('downloads a message as audio/wav, also for a Call-ID that is not a safe file name', async () => {
    const response = await h.call('carer', 'GET', '/api/voicemails/ada-2%2Fodd%20id');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'audio/wav');
    const wav = readWav(response.rawPayload);
    assert.ok(wav.ok);
    assert.equal(wav.wav.samples.length, tone.length);
  });

  test("a carer sees only their own residents' messages; unknown calls and calls without a message are 404", async () => {
    assert.equal((await h.call('carer', 'GET', `/api/residents/${h.bob.id}/voicemails`)).statusCode, 403);
    assert.equal((await h.call('carer', 'GET', '/api/voicemails/bob-1')).statusCode, 403);
    assert.equal((await h.call('carer', 'GET', '/api/voicemails/nope')).statusCode, 403);
    assert.equal((await h.call('admin', 'GET', '/api/voicemails/nope')).statusCode, 404);
    assert.equal((await h.call('admin', 'GET', '/api/voicemails/ada-no-message')).statusCode, 404);
    assert.equal((await h.call('admin', 'GET', '/api/residents/9999/voicemails')).statusCode, 404);
    assert.equal((await h.call('nobody', 'GET', `/api/residents/${h.ada.id}/voicemails`)).statusCode, 401);
    const analyst = json(await h.call('analyst', 'GET', `/api/residents/${h.bob.id}/voicemails`));
    assert.deepEqual(
      analyst.map((m: { callId: string }) => m.callId),
      ['bob-1'],
    );
  });
});
