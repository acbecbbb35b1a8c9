import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CallOutcome, summarize } from './evaluation.js';

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
