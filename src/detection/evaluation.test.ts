import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CallOutcome, summarize } from './evaluation.js';
import { parseCallFile } from './transcript.js';

function anOutcome(overrides: Partial<CallOutcome>): CallOutcome {
  return { id: 'c', label: 'scam', type: 'police-courier', firstAskTurn: 5, alertTurn: 4, ...overrides };
}

test('computes recall, false-positive rate, earliness and the per-type breakdown', () => {
  const s = summarize([
    anOutcome({ alertTurn: 3 }),
    anOutcome({ alertTurn: 7 }),
    anOutcome({ alertTurn: null }),
    anOutcome({ label: 'legitimate', type: 'taxi', firstAskTurn: null, alertTurn: null }),
    anOutcome({ label: 'legitimate', type: 'taxi', firstAskTurn: null, alertTurn: 2 }),
  ]);
  assert.equal(s.recall, 2 / 3);
  assert.equal(s.falsePositiveRate, 0.5);
  assert.equal(s.alertedByFirstAsk, 1 / 3);
  assert.equal(s.medianAlertVsAsk, 0);
  assert.deepEqual(s.byType.taxi, { label: 'legitimate', calls: 2, flagged: 1, rate: 0.5 });
});

test('reports null rather than a number when a figure has no calls behind it', () => {
  const s = summarize([anOutcome({ firstAskTurn: null })]);
  assert.equal(s.falsePositiveRate, null);
  assert.equal(s.alertedByFirstAsk, null);
});

test('a transcript file with a broken line is refused, naming the file and the line', () => {
  const good = '{"id":"c1","turns":[{"speaker":"caller","text":"Hello"}]}';
  assert.equal(parseCallFile(`${good}\n\n${good.replace('c1', 'c2')}\n`, 'calls.jsonl').length, 2);
  assert.throws(
    () => parseCallFile(`${good}\n{"id":"c3","turns":[{"speaker":"robot"`, 'calls.jsonl'),
    /calls\.jsonl line 2: not valid JSON/,
  );
  assert.throws(() => parseCallFile('{"id":"c4"}', 'x.jsonl'), /x\.jsonl line 1: not a call transcript: turns/);
});
