import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildKeywordAutomaton } from './keyword-automaton.js';

function found(keywords: readonly string[], text: string): string[] {
  const automaton = buildKeywordAutomaton(keywords);
  const indices = new Int32Array(automaton.keywordCount);
  const count = automaton.scan(text, indices);
  return Array.from(indices.subarray(0, count), (k) => keywords[k] as string).sort();
}

test('every keyword that occurs is found once, overlapping, nested and inside words included', () => {
  const keywords = ['pin', 'pin number', 'owe', 'number', 'cash', 'she'];
  assert.deepEqual(found(keywords, 'tell me your pin number and the pin'), ['number', 'pin', 'pin number']);
  assert.deepEqual(found(keywords, 'the power went off'), ['owe']);
  assert.deepEqual(found(keywords, 'cashier she said'), ['cash', 'she']);
  assert.deepEqual(found(keywords, 'nothing here'), []);
});

test('the scan sees the text padded with a space at both ends, and keywords with other characters never match', () => {
  assert.deepEqual(found([' pay ', "don't"], 'pay'), [' pay ']);
  assert.deepEqual(found([' pay ', "don't"], 'repay'), []);
  assert.deepEqual(found([' pay ', "don't"], "don't pay"), [' pay ']);
});

test('a scan matches a plain substring search on every keyword', () => {
  const keywords = ['send', 'lend', 'end', 'ten', 'tend', 'attend', 'a', 'at'];
  for (const text of ['attendance at ten', 'lend me ten', 'extended', 'x']) {
    const expected = keywords.filter((k) => ` ${text} `.includes(k)).sort();
    assert.deepEqual(found(keywords, text), expected, text);
  }
});
