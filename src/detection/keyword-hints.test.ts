import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { asrVariant } from './asr-noise.js';
import { analyzeCall, createCallDetector, type Turn } from './call-detector.js';
import { createKeywordHints, keywordHint, keywordHints, maxKeywordLogit } from './keyword-hints.js';
import { actionRank } from './stages.js';
import { parseCallLine } from './transcript.js';
import { type DetectorModel, parseDetectorModel } from './turn-classifier.js';

const repo = new URL('../../', import.meta.url);
const modelFile = JSON.parse(readFileSync(new URL('models/detector/detector-model.json', repo), 'utf8'));
const model = parseDetectorModel(modelFile);
/** The committed model with other thresholds (the turn heads and the combiner stay as trained). */
function withThresholds(thresholds: { warn: number; alert: number; end: number }): DetectorModel {
  return parseDetectorModel({ ...modelFile, thresholds });
}
const fixtures = ['calls.jsonl', 'support-calls.jsonl'].flatMap((name) =>
  readFileSync(new URL(`test/fixtures/detector/${name}`, repo), 'utf8')
    .trim()
    .split('\n')
    .map(parseCallLine),
);
/** Every keyword of `keywords-courier-fraud.txt`. */
const allKeywords = [...keywordHints.keys()];

function caller(text: string, keywords?: readonly string[]): Turn {
  return keywords === undefined ? { speaker: 'caller', text } : { speaker: 'caller', text, keywords };
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

test('reads a keyword in any spelling the guard may pass, and ignores names it does not know', () => {
  for (const raw of ['BANK_CARD', '@BANK_CARD', 'bank card', 'Bank-Card', ' bank_card ']) {
    assert.equal(keywordHint(raw)?.name, 'BANK_CARD', raw);
  }
  assert.equal(keywordHint("don't tell")?.name, "DON'T_TELL");
  assert.equal(keywordHint('LIGHT_UP'), undefined);
  assert.equal(keywordHints.size, 38);
});

test('counts each keyword once per call and caps the nudge', () => {
  const hints = createKeywordHints();
  assert.deepEqual(
    hints.add(['PIN_NUMBER', 'pin number', 'NOT_A_KEYWORD']).map((h) => h.name),
    ['PIN_NUMBER'],
  );
  assert.equal(hints.add(['PIN_NUMBER']).length, 0);
  assert.ok(hints.logit > 0 && hints.logit < maxKeywordLogit);
  hints.add(allKeywords);
  assert.equal(hints.logit, maxKeywordLogit);
});

test('keyword hints alone never take a call past warn, however many and whatever the thresholds', () => {
  const turns = Array.from({ length: 30 }, (_, i) =>
    caller(['Hello.', 'Are you there?', ''][i % 3] ?? '', allKeywords),
  );
  for (const m of [model, withThresholds({ warn: 0.001, alert: 0.002, end: 0.003 })]) {
    const verdict = analyzeCall(m, turns);
    assert.equal(verdict.alertTurn, null);
    for (const a of verdict.perTurn) assert.ok(actionRank[a.action] <= actionRank.warn, a.action);
  }
});

test("a keyword hint shows as a reason ('The keyword spotter heard …') and nudges the risk up, but adds no stage", () => {
  const text = 'Hello, is that Mrs Ellis? I am calling about your account.';
  const plain = createCallDetector(model).addTurn(caller(text));
  const hinted = createCallDetector(model).addTurn(caller(text, ['BANK_CARD', 'COURIER']));
  assert.ok(hinted.risk > plain.risk, `${hinted.risk} > ${plain.risk}`);
  assert.ok(
    hinted.reasons.some((r) => r.text === "The keyword spotter heard 'bank card'." && r.source === 'keyword-spotter'),
  );
  assert.ok(hinted.reasons.some((r) => r.text === "The keyword spotter heard 'courier'." && r.stage === 'handover'));
  assert.deepEqual(hinted.stages, plain.stages);
  assert.deepEqual(hinted.evidence, plain.evidence);
});

test('keyword hints plus a genuinely suspicious turn can tip the call into an alert earlier', () => {
  const turns = [
    caller('Hello, is that Mrs Ellis?'),
    caller('Please keep this between us for now and do not tell anyone at the branch.'),
  ];
  // Thresholds placed around the trained model's own risk after the secrecy turn: its words alone warn.
  const textRisk = analyzeCall(model, turns).perTurn[1]?.risk ?? 0;
  assert.ok(textRisk > 0.05 && textRisk < 1, String(textRisk));
  const m = withThresholds({
    warn: Math.min(0.5, textRisk * 0.9),
    alert: 1 / (1 + Math.exp(-(logit(textRisk) + 0.4))),
    end: 1,
  });
  const plain = analyzeCall(m, turns);
  assert.equal(plain.perTurn[1]?.action, 'warn');
  const hinted = analyzeCall(m, [turns[0] as Turn, caller(turns[1]?.text ?? '', ['DO_NOT_TELL', 'ENVELOPE'])]);
  assert.equal(hinted.perTurn[1]?.action, 'alert');
  assert.equal(hinted.alertTurn, 1);
  assert.ok(plain.alertTurn === null || plain.alertTurn > 1);
});

test('ignores keywords heard on the resident side and in a description of someone else’s scam', () => {
  const detector = createCallDetector(model);
  const resident = detector.addTurn({ speaker: 'callee', text: 'Why would you want my PIN?', keywords: ['YOUR_PIN'] });
  assert.equal(resident.reasons.length, 0);
  const news = detector.addTurn(
    caller('Did you see on the news, they told her to put cash in an envelope for a courier.', ['CASH', 'ENVELOPE']),
  );
  assert.ok(!news.reasons.some((r) => r.source === 'keyword-spotter'));
});

test('turns without keywords, or with none heard, are assessed exactly as from their words alone', () => {
  for (const call of fixtures) {
    const plain = analyzeCall(model, call.turns);
    const empty = analyzeCall(
      model,
      call.turns.map((t) => ({ ...t, keywords: [] })),
    );
    assert.deepEqual(empty, plain, call.id);
  }
});

test('with keywords, feeding turns one by one still equals analyze, and nothing looks ahead (tidy and ASR-style)', () => {
  for (const call of fixtures) {
    for (const base of [call.turns, asrVariant(call.turns, 13)]) {
      const turns = base.map((t, i) => ({ ...t, keywords: i % 2 === 0 ? ['POLICE', 'CASH'] : ['PIN_NUMBER'] }));
      const whole = analyzeCall(model, turns);
      const detector = createCallDetector(model);
      turns.forEach((turn, k) => {
        assert.deepEqual(detector.addTurn(turn), whole.perTurn[k]);
        assert.deepEqual(analyzeCall(model, turns.slice(0, k + 1)).perTurn[k], whole.perTurn[k]);
      });
    }
  }
});

test('keyword hints never lower what the words alone showed', () => {
  for (const call of fixtures) {
    const plain = analyzeCall(model, call.turns);
    const hinted = analyzeCall(
      model,
      call.turns.map((t) => ({ ...t, keywords: allKeywords })),
    );
    plain.perTurn.forEach((a, k) => {
      assert.ok(actionRank[hinted.perTurn[k]?.action ?? 'none'] >= actionRank[a.action], `${call.id} turn ${k}`);
    });
  }
});
