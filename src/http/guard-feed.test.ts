/**
 * The WebSocket transcript feed with a real WebSocket client (`ws`, the library @fastify/websocket itself uses)
 * against the app listening on a loopback port.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { aFeedClient, refusedWith } from '../../test/guard/feed-client.js';
import type { Operations } from '../app/operations.js';
import { analyzeCall } from '../detection/call-detector.js';
import { parseCallLine } from '../detection/transcript.js';
import type { DetectorModel } from '../detection/turn-classifier.js';
import type { GuardService } from '../guard/guard-service.js';
import { eventually } from '../notifications/test-receivers.js';
import type { Resident } from '../residents/resident.js';
import type { Store } from '../store/store.js';
import { aGuardedApp } from './http-test-kit.js';

const fixtureCalls = readFileSync(new URL('../../test/fixtures/detector/calls.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => parseCallLine(line));

describe('transcript feed over a WebSocket', () => {
  let store: Store;
  let ops: Operations;
  let model: DetectorModel;
  let app: FastifyInstance;
  let guard: GuardService;
  let close: () => Promise<void>;
  let ada: Resident;
  let admin: string;
  let carer: string;
  let analyst: string;
  let url: string;

  before(async () => {
    ({ app, store, ops, model, guard, close } = await aGuardedApp('cw-guard-ws-'));
    ada = await ops.addResident({
      number: '+441279555001',
      name: 'Ada Price',
      settings: { guard: { enabled: true } },
    });
    admin = (await store.createToken({ name: 'telephony', role: 'admin', residentIds: [] })).secret;
    carer = (await store.createToken({ name: 'daughter', role: 'carer', residentIds: [ada.id] })).secret;
    analyst = (await store.createToken({ name: 'desk', role: 'analyst', residentIds: [] })).secret;
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    url = `${address.replace(/^http/, 'ws')}/api/guard/feed`;
  });

  after(() => close());

  test('refuses the upgrade with 401 without a token or with an unknown one, and 403 for carers and analysts', async () => {
    assert.equal(await refusedWith(url, {}), 401);
    assert.equal(await refusedWith(url, { authorization: 'Bearer cw_unknown' }), 401);
    assert.equal(await refusedWith(url, { authorization: `Bearer ${carer}` }), 403);
    assert.equal(await refusedWith(url, { authorization: `Bearer ${analyst}` }), 403);
    const plain = await app.inject({
      method: 'GET',
      url: '/api/guard/feed',
      headers: { authorization: `Bearer ${admin}` },
    });
    assert.equal(plain.statusCode, 426, 'a request that does not upgrade is told to');
    const openapi = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.match(openapi.paths['/api/guard/feed'].get.description, /WebSocket/, 'the feed is in the OpenAPI document');
  });

  test('answers each turn exactly as the HTTP feed does, and alerts on the same turn as analyze', async () => {
    const call = fixtureCalls.find((c) => c.id === 'fx-police-courier');
    assert.ok(call);
    const expected = analyzeCall(model, call.turns);
    const client = await aFeedClient(url, admin);
    for (const [index, turn] of call.turns.entries()) {
      const first = index === 0 ? { to: '01279 555001', from: '+442079460001' } : {};
      const answer = await client.ask({ id: index, callId: 'ws-police', ...turn, ...first });
      const posted = await app.inject({
        method: 'POST',
        url: '/api/guard/calls/http-police/turns',
        headers: { authorization: `Bearer ${admin}` },
        payload: { ...turn, ...first },
      });
      const { type, id, callId, ...rest } = answer;
      assert.deepEqual([type, id, callId], ['assessment', index, 'ws-police']);
      const { callId: _other, ...same } = posted.json();
      assert.deepEqual(rest, same, `turn ${index}`);
      assert.equal(answer.action, expected.perTurn[index]?.action);
    }
    const alertTurn = expected.alertTurn;
    assert.notEqual(alertTurn, null);
    const ended = await client.ask({ type: 'end', callId: 'ws-police', id: 'bye' });
    assert.deepEqual(
      { type: ended.type, id: ended.id, flagged: ended.flagged, turns: ended.turns },
      { type: 'ended', id: 'bye', flagged: true, turns: call.turns.length },
    );
    assert.ok(await store.getGuardEvidence('ws-police'), 'a flagged call keeps its evidence');
    const late = await client.ask({ callId: 'ws-police', speaker: 'caller', text: 'Are you still there?' });
    assert.deepEqual([late.type, late.error], ['error', 'conflict']);
    client.socket.close();
    await client.closed;
  });

  test('answers bad JSON, invalid messages and unknown residents with an error naming the problem, and stays open', async () => {
    const client = await aFeedClient(url, admin);
    const bad = await client.ask('{"callId": "x", ');
    assert.deepEqual([bad.type, bad.error], ['error', 'invalid']);
    assert.match(bad.message, /not valid JSON/);
    const notObject = await client.ask('[1, 2]');
    assert.match(notObject.message, /one JSON object/);
    const noSpeaker = await client.ask({ callId: 'x', text: 'hello', to: '01279 555001' });
    assert.equal(noSpeaker.error, 'invalid');
    assert.match(noSpeaker.message, /^speaker: /);
    const robot = await client.ask({ callId: 'x', speaker: 'robot', text: 'beep', to: '01279 555001' });
    assert.match(robot.message, /^speaker: /);
    const extra = await client.ask({ callId: 'x', speaker: 'caller', text: 'hi', to: '01279 555001', colour: 'red' });
    assert.match(extra.message, /colour/);
    const kind = await client.ask({ type: 'dance', callId: 'x' });
    assert.match(kind.message, /type must be turn, turns or end/);
    const noCall = await client.ask({ speaker: 'caller', text: 'hi', to: '01279 555001' });
    assert.match(noCall.message, /^callId: callId is required/);
    const nobody = await client.ask({ id: 7, callId: 'x', speaker: 'caller', text: 'hi' });
    assert.deepEqual([nobody.type, nobody.id, nobody.error], ['error', 7, 'invalid']);
    assert.match(nobody.message, /residentId or to/);
    const unknown = await client.ask({ callId: 'x', speaker: 'caller', text: 'hi', residentId: 9999 });
    assert.deepEqual([unknown.error, unknown.callId], ['not-found', 'x']);
    const stranger = await client.ask({ callId: 'x', speaker: 'caller', text: 'hi', to: '01279 555999' });
    assert.equal(stranger.error, 'not-found');
    const neverOpened = await client.ask({ type: 'end', callId: 'never-opened' });
    assert.equal(neverOpened.error, 'not-found');
    // Still open, and still working.
    const batch = await client.ask({
      callId: 'ok-1',
      residentId: ada.id,
      turns: [{ speaker: 'callee', text: 'Hello?' }],
    });
    assert.deepEqual([batch.type, batch.guarded, batch.steps.length], ['assessment', true, 1]);
    await client.ask({ type: 'end', callId: 'ok-1' });
    client.socket.close();
    await client.closed;
  });

  test('ends the sessions a connection opened when it closes without their end, and leaves others alone', async () => {
    const posted = await app.inject({
      method: 'POST',
      url: '/api/guard/calls/via-http/turns',
      headers: { authorization: `Bearer ${admin}` },
      payload: { speaker: 'callee', text: 'Hello?', residentId: ada.id },
    });
    assert.equal(posted.statusCode, 200);
    const client = await aFeedClient(url, admin);
    for (const callId of ['drop-1', 'drop-2']) {
      const answer = await client.ask({ callId, residentId: ada.id, speaker: 'callee', text: 'Hello?' });
      assert.equal(answer.guarded, true);
    }
    // Turns for a session the socket did not open are fed, but the socket does not own it.
    assert.equal((await client.ask({ callId: 'via-http', speaker: 'caller', text: 'Hello' })).type, 'assessment');
    const active = guard.active;
    client.socket.close();
    await client.closed;
    await eventually(() => guard.active === active - 2);
    assert.deepEqual(guard.find('drop-1'), { guarded: false, why: 'ended' });
    assert.deepEqual(guard.find('drop-2'), { guarded: false, why: 'ended' });
    assert.equal(guard.find('via-http')?.guarded, true);
    await guard.end('via-http');
  });
});
