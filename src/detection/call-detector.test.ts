import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { asrVariant } from './asr-noise.js';
import { analyzeCall, createCallDetector, type Turn } from './call-detector.js';
import { evaluateCalls } from './evaluation.js';
import { actionRank } from './stages.js';
import { type CallTranscript, parseCallLine } from './transcript.js';
import { parseDetectorModel } from './turn-classifier.js';

const repo = new URL('../../', import.meta.url);
const model = parseDetectorModel(
  JSON.parse(readFileSync(new URL('models/detector/detector-model.json', repo), 'utf8')),
);
const fixtures: CallTranscript[] = readFileSync(new URL('test/fixtures/detector/calls.jsonl', repo), 'utf8')
  .trim()
  .split('\n')
  .map(parseCallLine);

function fixture(id: string): CallTranscript {
  const call = fixtures.find((c) => c.id === id);
  assert.ok(call, `fixture ${id}`);
  return call;
}

function caller(text: string): Turn {
  return { speaker: 'caller', text };
}

test("alerts when the caller asks for the PIN as 'the four numbers you use at the cashpoint'", () => {
  const detector = createCallDetector(model);
  detector.addTurn(caller("Hello, it's DC Hughes from the Metropolitan Police fraud squad."));
  const after = detector.addTurn(caller('Read me the four numbers you use at the cashpoint.'));
  assert.ok(actionRank[after.action] >= actionRank.alert, after.action);
  assert.ok(after.stages.includes('credential-ask'));
  assert.ok(
    after.reasons.some((r) => r.text === 'The caller asked for your PIN. Police and banks never ask for a PIN.'),
  );
});

test('reports each stage of the script with the turn that showed it', () => {
  const verdict = analyzeCall(model, fixture('fx-police-courier').turns);
  for (const stage of ['impersonation', 'credential-ask', 'handover', 'secrecy', 'pressure'] as const) {
    assert.ok(verdict.stages.includes(stage), `${stage} in ${verdict.stages}`);
  }
  const pin = verdict.reasons.find((r) => r.stage === 'credential-ask');
  assert.equal(pin?.turn, 5);
});

test('ends the call once the fraud is clear', () => {
  const verdict = analyzeCall(model, fixture('fx-police-courier').turns);
  assert.equal(verdict.perTurn.at(-1)?.action, 'end');
});

test('alerts at or before the first harmful ask in every fixture scam, tidy and ASR-style', () => {
  for (const call of fixtures.filter((c) => c.label === 'scam')) {
    for (const turns of [call.turns, asrVariant(call.turns, 11)]) {
      const { alertTurn } = analyzeCall(model, turns);
      assert.ok(alertTurn !== null && alertTurn <= (call.firstAskTurn ?? 0), `${call.id}: alert at ${alertTurn}`);
    }
  }
});

test('catches a scammer who avoids the trigger words', () => {
  assert.equal(analyzeCall(model, fixture('fx-paraphrase').turns).verdict, 'scam');
});

for (const id of [
  'fx-real-bank',
  'fx-real-police',
  'fx-parcel',
  'fx-taxi',
  'fx-grandchild-loan',
  'fx-friends-news',
  'fx-customer-bank',
]) {
  test(`stays quiet on the hard negative ${id} (tidy and ASR-style)`, () => {
    const call = fixture(id);
    assert.equal(analyzeCall(model, call.turns).alertTurn, null);
    assert.equal(analyzeCall(model, asrVariant(call.turns, 5)).alertTurn, null);
  });
}

test('feeding turns one by one gives exactly the per-turn results of analyzing the whole call', () => {
  for (const call of fixtures) {
    const whole = analyzeCall(model, call.turns);
    const detector = createCallDetector(model);
    call.turns.forEach((turn, k) => {
      const live = detector.addTurn(turn);
      assert.deepEqual(live, whole.perTurn[k]);
    });
  }
});

test('never looks ahead: the assessment at turn k is the same whatever follows', () => {
  const turns = fixture('fx-police-courier').turns;
  const full = analyzeCall(model, turns).perTurn;
  for (let k = 0; k < turns.length; k++) {
    assert.deepEqual(analyzeCall(model, turns.slice(0, k + 1)).perTurn[k], full[k]);
  }
});

test('action levels never go down during a call, and risk stays within 0..1', () => {
  for (const call of fixtures) {
    let previous = 0;
    for (const a of analyzeCall(model, call.turns).perTurn) {
      assert.ok(actionRank[a.action] >= previous);
      previous = actionRank[a.action];
      assert.ok(a.risk >= 0 && a.risk <= 1);
    }
  }
});

test('ignores what the resident says: repeating "my PIN?" is not an ask', () => {
  const detector = createCallDetector(model);
  const a = detector.addTurn({ speaker: 'callee', text: 'Why would you need my PIN and card number?' });
  assert.equal(a.action, 'none');
});

test('keeps each call separate: two detectors share the model but not their state', () => {
  const scam = createCallDetector(model);
  const quiet = createCallDetector(model);
  scam.addTurn(caller('Read me your PIN and put your card in an envelope for the courier.'));
  assert.equal(quiet.addTurn(caller('Your taxi will be outside at ten.')).action, 'none');
  assert.ok(Object.isFrozen(model));
});

test('meets the recall and false-positive targets on dev-uk.jsonl, tidy and ASR-style', (t) => {
  const file = new URL('../shared/data/calls/dev-uk.jsonl', repo);
  if (!existsSync(file)) {
    t.skip('../shared/data is not available');
    return;
  }
  const calls = readFileSync(file, 'utf8').trim().split('\n').map(parseCallLine);
  const { tidy, asr } = evaluateCalls(model, calls);
  assert.ok((tidy.recall ?? 0) >= 0.95 && (tidy.falsePositiveRate ?? 1) <= 0.02, JSON.stringify(tidy));
  assert.ok((asr.recall ?? 0) >= 0.9 && (asr.falsePositiveRate ?? 1) <= 0.03, JSON.stringify(asr));
  assert.ok((tidy.alertedByFirstAsk ?? 0) >= 0.85);
});
