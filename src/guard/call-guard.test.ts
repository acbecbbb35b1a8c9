import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { pino } from 'pino';
import { loadDetectorModel } from '../app/detector-model.js';
import { createOperations, type Operations } from '../app/operations.js';
import type { Turn } from '../detection/call-detector.js';
import { type CallTranscript, parseCallLine } from '../detection/transcript.js';
import type { DetectorModel } from '../detection/turn-classifier.js';
import type { Resident } from '../residents/resident.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { CallControl, ResidentWarning } from './call-control.js';
import { createGuardService, type GuardOptions, type GuardService } from './guard-service.js';

const fixtures = new Map(
  readFileSync(new URL('../../test/fixtures/detector/calls.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseCallLine(line))
    .map((call) => [call.id, call] as const),
);
function fixture(id: string): CallTranscript {
  const call = fixtures.get(id);
  if (!call) throw new Error(`no fixture ${id}`);
  return call;
}

/**
 * A recording CallControl: the B2BUA's implementation (playing into the resident's leg, tearing down both legs)
 * lives on the SIP side and is not reachable from these tests; this records what the guard asked of it.
 */
function aRecordingControl(): CallControl & { warnings: ResidentWarning[]; ended: ResidentWarning[] } {
  const warnings: ResidentWarning[] = [];
  const ended: ResidentWarning[] = [];
  return {
    warnings,
    ended,
    warnResident: async (warning) => {
      warnings.push(warning);
    },
    endCall: async (announcement) => {
      ended.push(announcement);
    },
  };
}

const scammer = '+442079460000';
const log = pino({ level: 'silent' });
let model: DetectorModel;

describe('call guard', () => {
  let dataDir: string;
  let store: Store;
  let ops: Operations;
  let ada: Resident;
  let guards: GuardService;

  const options: GuardOptions = {
    retentionDays: 90,
    dashboardUrl: 'https://dash.callwarden.test',
    webhookUrl: 'https://operator.callwarden.test/hook',
    channels: { webhook: true, email: true, bank: 'https://bank.callwarden.test/at-risk' },
  };

  async function setGuard(settings: Record<string, unknown>, bankAtRisk: Record<string, unknown> = {}) {
    ada = await ops.updateResidentSettings(ada.id, {
      guard: { ...ada.settings.guard, ...settings },
      bankAtRisk: { ...ada.settings.bankAtRisk, ...bankAtRisk },
    });
  }

  async function play(callId: string, turns: readonly Turn[], presented = scammer) {
    const control = aRecordingControl();
    const opened = await guards.open({ callId, resident: ada, presented, control });
    assert.ok(opened.guarded, opened.guarded ? '' : opened.why);
    const steps = [];
    for (const turn of turns) steps.push(await opened.guard.addTurn(turn));
    return { control, steps, guard: opened.guard };
  }

  beforeEach(async () => {
    model ??= await loadDetectorModel();
    dataDir = mkdtempSync(join(tmpdir(), 'cw-guard-'));
    store = await openStore({ dataDir });
    ops = createOperations({ store, region: 'GB' });
    ada = await ops.addResident({ number: '+441279555001', name: 'Ada Price', postcode: 'CM23 2AB' });
    guards = createGuardService({ store, ops, model, log, region: 'GB', options });
    await setGuard({ enabled: true, alertEmails: ['daughter@example.org'] });
  });
  afterEach(async () => {
    await guards.stop();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('leaves the call alone when the resident has not switched the guard on, or the caller is a contact', async () => {
    await setGuard({ enabled: false });
    assert.deepEqual(await guards.open({ callId: 'c1', resident: ada, presented: scammer }), {
      guarded: false,
      why: 'the call guard is off for this resident',
    });
    await setGuard({ enabled: true });
    await ops.addContact({ resident: ada, number: '07911 123456', name: 'Susan' });
    assert.deepEqual(await guards.open({ callId: 'c2', resident: ada, presented: '07911123456' }), {
      guarded: false,
      why: 'the caller is a trusted contact',
    });
    await setGuard({ onlyNonContacts: false });
    assert.equal((await guards.open({ callId: 'c3', resident: ada, presented: '07911123456' })).guarded, true);
  });

  test('warns once per stage, alerts the carer once, then ends the call, blocks the number and files a report', async () => {
    await setGuard({}, { optIn: true, customerReference: 'CUST-42' });
    const call = fixture('fx-police-courier');
    const { control, steps } = await play('courier-1', call.turns);
    const actions = steps.map((step) => step.actions);
    const expectedLevels = ['none', 'warn', 'warn', 'alert', 'alert', 'end', 'end', 'end'];
    assert.deepEqual(
      steps.map((step) => step.assessment.action),
      expectedLevels,
    );

    const warnTurns = steps.flatMap((step, turn) => (step.actions.includes('warn-resident') ? [turn] : []));
    assert.ok(warnTurns.length >= 1 && warnTurns[0] === 1, `warned first at turn 1 (${warnTurns.join(',')})`);
    const warnedStages = control.warnings.map((warning) => warning.stage);
    assert.equal(new Set(warnedStages).size, warnedStages.length, 'never the same stage twice');
    assert.ok(control.warnings.every((warning) => warning.prompt === 'warning-scam'));

    assert.deepEqual(actions[3], [
      ...(actions[3]?.includes('warn-resident') ? ['warn-resident'] : []),
      'notify-contacts',
      'notify-bank',
    ]);
    assert.deepEqual(actions[5], ['end-call', 'block-number', 'file-report', 'notify-contacts']);
    assert.deepEqual(actions[6], []);
    assert.deepEqual(actions[7], []);
    assert.equal(control.ended.length, 1);
    assert.equal(control.ended[0]?.prompt, 'ending-call');

    const block = await store.findBlock(scammer as never, ada.id);
    assert.equal(block?.source, 'guard');
    assert.equal(block?.residentId, ada.id, 'blocked for this resident only');
    assert.match(
      block?.reason ?? '',
      /^Call ended by CallWarden as a scam\. The caller /,
      'the reason is in plain words',
    );
    assert.doesNotMatch(block?.reason ?? '', /credential-ask|money-ask|account-threat/);
    assert.equal(await store.findBlock(scammer as never, null), null);

    const [report] = await store.listReports();
    assert.equal(report?.callId, 'courier-1');
    assert.equal(report?.residentId, ada.id);
    assert.equal(report?.type, 'courier-fraud');
    assert.match(report?.text ?? '', /Call ended by CallWarden's call guard/);

    const queued = await store.listNotifications({ callId: 'courier-1' });
    assert.deepEqual(queued.map((n) => n.key).sort(), [
      'courier-1:alert:email:daughter@example.org',
      'courier-1:alert:webhook:https://operator.callwarden.test/hook',
      'courier-1:bank',
      'courier-1:end:email:daughter@example.org',
      'courier-1:end:webhook:https://operator.callwarden.test/hook',
    ]);
    const bank = queued.find((n) => n.channel === 'bank')?.payload as { body: Record<string, unknown> };
    assert.deepEqual(Object.keys(bank.body).sort(), ['at', 'concern', 'customer', 'notice', 'type', 'version']);
    assert.equal(bank.body.concern, 'possible coercion: courier/bank impersonation');
    assert.deepEqual(bank.body.customer, { reference: 'CUST-42', name: 'Ada Price', phoneNumber: '+441279555001' });
    assert.doesNotMatch(JSON.stringify(bank), /Metropolitan|arrested/, 'no words of the call go to the bank');

    const email = queued.find((n) => n.key.startsWith('courier-1:alert:email'))?.payload as {
      subject: string;
      text: string;
    };
    assert.match(email.subject, /Ada Price is on a call that looks like a scam/);
    assert.match(email.text, /Who called: 020 7946 0000|Who called: \+442079460000/);
    assert.match(email.text, /https:\/\/dash\.callwarden\.test\/#\/calls\/courier-1/);
    assert.doesNotMatch(email.text, /Metropolitan Police fraud squad/, 'the email carries no transcript');
  });

  test('keeps only the cited turns of a flagged call, until the retention period ends', async () => {
    const call = fixture('fx-bank-safe-account');
    const { guard } = await play('bank-1', call.turns);
    assert.deepEqual(await guard.end(), { callId: 'bank-1', flagged: true, level: 'end', turns: call.turns.length });
    const evidence = await store.getGuardEvidence('bank-1');
    assert.ok(evidence);
    assert.equal(evidence.level, 'end');
    const cited = [...new Set(evidence.reasons.map((reason) => reason.turn))].sort((a, b) => a - b);
    assert.deepEqual(
      evidence.turns.map((turn) => turn.turn),
      cited,
    );
    for (const turn of evidence.turns) assert.equal(turn.text, call.turns[turn.turn]?.text);
    assert.ok(evidence.turns.length < call.turns.length, 'not the whole transcript');
    assert.equal(evidence.expiresAt.getTime() - evidence.flaggedAt.getTime(), 90 * 86_400_000);

    const later = createGuardService({
      store,
      ops,
      model,
      log,
      region: 'GB',
      options,
      now: () => new Date(evidence.expiresAt),
    });
    assert.deepEqual(await later.purge(), { evidence: 1, notifications: 0 });
    assert.equal(await store.getGuardEvidence('bank-1'), null);
  });

  test('keeps nothing of a call that ends clean, and refuses turns after the end', async () => {
    const call = fixture('fx-real-bank');
    const { control, steps, guard } = await play('clean-1', call.turns);
    assert.ok(steps.every((step) => step.actions.length === 0));
    assert.deepEqual(control.warnings, []);
    assert.deepEqual(await guards.end('clean-1'), {
      callId: 'clean-1',
      flagged: false,
      level: 'none',
      turns: call.turns.length,
    });
    assert.equal(await store.getGuardEvidence('clean-1'), null);
    assert.deepEqual(await store.listNotifications(), []);
    assert.deepEqual(await store.listReports(), []);
    await assert.rejects(guard.addTurn({ speaker: 'caller', text: 'hello' }), /no longer guarded/);
    assert.deepEqual(guards.find('clean-1'), { guarded: false, why: 'ended' });
  });

  test('does what the resident chose: no ending, no spoken warning, alerts only', async () => {
    await setGuard({ endCall: false, warnResident: false });
    const { control, steps } = await play('courier-2', fixture('fx-police-courier').turns);
    assert.deepEqual(control.warnings, []);
    assert.deepEqual(control.ended, []);
    assert.deepEqual(
      steps.flatMap((step) => step.actions),
      ['notify-contacts'],
    );
    assert.equal(await store.findBlock(scammer as never, ada.id), null);
    assert.deepEqual(await store.listReports(), []);
  });

  test('still ends the call when the store cannot block or report (the call comes first)', async () => {
    const broken = createGuardService({
      store,
      ops: { ...ops, addBlock: async () => Promise.reject(new Error('disk full')) },
      model,
      log,
      region: 'GB',
      options,
    });
    const control = aRecordingControl();
    const opened = await broken.open({ callId: 'courier-3', resident: ada, presented: scammer, control });
    assert.ok(opened.guarded);
    const steps = [];
    for (const turn of fixture('fx-hmrc-vouchers').turns) steps.push(await opened.guard.addTurn(turn));
    assert.equal(control.ended.length, 1);
    assert.ok(!steps.flatMap((step) => step.actions).includes('block-number'));
    await broken.stop();
  });

  test('handles concurrent turns of one call in the order they were given', async () => {
    const call = fixture('fx-police-courier');
    const opened = await guards.open({ callId: 'courier-4', resident: ada, presented: scammer });
    assert.ok(opened.guarded);
    const steps = await Promise.all(call.turns.map((turn) => opened.guard.addTurn(turn)));
    assert.deepEqual(
      steps.map((step) => step.assessment.turn),
      call.turns.map((_, index) => index),
    );
  });
});
