import assert from 'node:assert/strict';
import { test } from 'node:test';
import { literalGated, requiredLiterals } from './regex-gate.js';

test("a regex's gate words are read off its start, and a pattern whose start is not literal has none", () => {
  assert.deepEqual(requiredLiterals('\\b(?:send|lend|pay)(?: me)? the money\\b'), ['send', 'lend', 'pay']);
  assert.deepEqual(requiredLiterals('\\bdont tell (?:the|your) bank\\b'), ['dont tell ']);
  assert.deepEqual(requiredLiterals('\\b(?<!\\bnot )cards? in an envelope'), ['card']);
  assert.equal(requiredLiterals('\\b(?:send )?money'), null);
  assert.equal(requiredLiterals('\\b(?:(?:a|the) courier|taxi)'), null);
  assert.equal(requiredLiterals('pin|code'), null);
});

test('a gated regex answers as the regex does, with or without its gate words in the text', () => {
  const regex = /\b(?:told|asked) (?:him|her) to (?:withdraw|take out)\b/;
  const gated = literalGated(regex);
  for (const text of ['they told him to withdraw it', 'she asked her to take out cash', 'nothing here', 'toldhim']) {
    assert.equal(gated.test(text), regex.test(text), text);
  }
  assert.equal(gated.exec('nothing here'), null);
  assert.equal(gated.exec('they told him to withdraw it')?.index, 5);
  assert.throws(() => literalGated(/pin/g), /keeps state/);
});
