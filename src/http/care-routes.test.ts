import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { E164 } from '../numbers/phone-number.js';
import type { GuardEvidence } from '../store/store.js';
import { aHarness, type Harness, json } from './http-test-kit.js';

const day = 86_400_000;

function anEvidence(overrides: Partial<GuardEvidence> = {}): GuardEvidence {
  return {
    callId: 'ada-guarded',
    residentId: null,
    number: '+442079460011' as E164,
    presented: '020 7946 0011',
    level: 'end',
    risk: 0.97,
    stages: ['impersonation', 'credential-ask', 'handover'],
    reasons: [
      { turn: 1, stage: 'impersonation', text: 'The caller said they are a police officer.', source: 'police' },
      { turn: 3, stage: 'credential-ask', text: 'The caller asked for your PIN.', source: 'pin-ask' },
    ],
    turns: [
      { turn: 1, speaker: 'caller', text: 'This is Detective Sergeant Miles from the Metropolitan Police.' },
      { turn: 3, speaker: 'caller', text: 'Read me the PIN so we can protect your account.' },
    ],
    flaggedAt: new Date(Date.now() - 3_600_000),
    expiresAt: new Date(Date.now() + 90 * day),
    ...overrides,
  };
}

describe('guard evidence and campaign alerts for carers', () => {
  let h: Harness;
  before(async () => {
    h = await aHarness();
    const { store, ada, bob } = h;
    await store.saveGuardEvidence(anEvidence({ residentId: ada.id }));
    await store.saveGuardEvidence(
      anEvidence({
        callId: 'bob-guarded',
        residentId: bob.id,
        level: 'alert',
        flaggedAt: new Date(Date.now() - 60_000),
      }),
    );
    await store.saveGuardEvidence(
      anEvidence({ callId: 'ada-expired', residentId: ada.id, expiresAt: new Date(Date.now() - 1000) }),
    );
    // What the guard did for Ada's call, as the store keeps it: the block, the report, the carer's email.
    await store.addBlock({ number: '+442079460011' as E164, reason: 'ended', source: 'guard', residentId: ada.id });
    await store.addReport({
      number: '+442079460011' as E164,
      presented: '020 7946 0011',
      residentId: ada.id,
      reporter: `resident:${ada.id}`,
      reporterKind: 'verified-resident',
      type: 'courier-fraud',
      lossPence: 0,
      text: null,
      callId: 'ada-guarded',
    });
    await store.enqueueNotifications([
      {
        key: 'ada-guarded:end:email:daughter@example.org',
        channel: 'email',
        callId: 'ada-guarded',
        residentId: ada.id,
        payload: {},
      },
    ]);
  });
  after(() => h.close());

  test('shows a carer what was detected in their resident’s flagged call, why, the evidence and what was done', async () => {
    const response = await h.call('carer', 'GET', '/api/guard/evidence');
    assert.equal(response.statusCode, 200, response.body);
    const list = json(response);
    assert.deepEqual(
      list.map((e: { callId: string }) => e.callId),
      ['ada-guarded'],
      'only Ada’s, and not the expired one',
    );
    const [evidence] = list;
    assert.equal(evidence.residentName, 'Ada Lovelace');
    assert.deepEqual(evidence.stages, ['impersonation', 'credential-ask', 'handover']);
    assert.equal(evidence.reasons[1].text, 'The caller asked for your PIN.');
    assert.equal(evidence.turns[0].speaker, 'caller');
    assert.match(evidence.turns[1].text, /Read me the PIN/);
    assert.deepEqual(evidence.done, [
      'Warned Ada during the call (only Ada heard it).',
      'Ended the call.',
      "Blocked the caller's number for Ada.",
      'Filed a scam report.',
      "Told Ada's carers straight away (1 message).",
    ]);
    assert.ok(Date.parse(evidence.expiresAt) > Date.now() + 80 * day);
    const one = await h.call('carer', 'GET', '/api/guard/evidence/ada-guarded');
    assert.equal(one.statusCode, 200);
    assert.deepEqual(json(one), evidence);
  });

  test('refuses a carer another resident’s evidence with 403, whether it exists or not', async () => {
    assert.equal((await h.call('carer', 'GET', `/api/guard/evidence?residentId=${h.bob.id}`)).statusCode, 403);
    assert.equal((await h.call('carer', 'GET', '/api/guard/evidence/bob-guarded')).statusCode, 403);
    assert.equal((await h.call('carer', 'GET', '/api/guard/evidence/no-such-call')).statusCode, 403);
    assert.equal((await h.call('carer', 'GET', '/api/guard/evidence?residentId=99999')).statusCode, 403);
  });

  test('lets analysts and admins see every resident’s evidence; 404 once expired or unknown; 400 and 401', async () => {
    const all = json(await h.call('analyst', 'GET', '/api/guard/evidence'));
    assert.deepEqual(
      all.map((e: { callId: string }) => e.callId),
      ['bob-guarded', 'ada-guarded'],
    );
    const bobs = json(await h.call('admin', 'GET', `/api/guard/evidence?residentId=${h.bob.id}`));
    assert.deepEqual(
      bobs.map((e: { callId: string }) => e.callId),
      ['bob-guarded'],
    );
    assert.equal((await h.call('analyst', 'GET', '/api/guard/evidence/ada-expired')).statusCode, 404);
    assert.equal((await h.call('admin', 'GET', '/api/guard/evidence/no-such-call')).statusCode, 404);
    assert.equal((await h.call('admin', 'GET', '/api/guard/evidence?residentId=99999')).statusCode, 404);
    assert.equal((await h.call('admin', 'GET', '/api/guard/evidence?residentId=abc')).statusCode, 400);
    assert.equal((await h.call('admin', 'GET', '/api/guard/evidence?limit=0')).statusCode, 400);
    assert.equal((await h.call('nobody', 'GET', '/api/guard/evidence')).statusCode, 401);
    assert.equal((await h.call('nobody', 'GET', '/api/guard/evidence/ada-guarded')).statusCode, 401);
  });

  test('campaign alerts: a carer gets their resident’s, 403 for another resident, 404/400/401 as usual', async () => {
    const mine = await h.call('carer', 'GET', `/api/residents/${h.ada.id}/campaign-alerts`);
    assert.equal(mine.statusCode, 200);
    assert.deepEqual(json(mine), []);
    assert.equal((await h.call('carer', 'GET', `/api/residents/${h.bob.id}/campaign-alerts`)).statusCode, 403);
    assert.equal((await h.call('carer', 'GET', '/api/residents/99999/campaign-alerts')).statusCode, 403);
    assert.equal((await h.call('admin', 'GET', '/api/residents/99999/campaign-alerts')).statusCode, 404);
    assert.equal((await h.call('admin', 'GET', '/api/residents/x/campaign-alerts')).statusCode, 400);
    assert.equal((await h.call('nobody', 'GET', `/api/residents/${h.ada.id}/campaign-alerts`)).statusCode, 401);
  });
});
