import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digitsToWords, normalizeText, numberToWords } from './text-normalizer.js';

test('lower-cases, strips punctuation and writes a PIN read out as digits the way a recogniser does', () => {
  assert.equal(normalizeText("Um, I'll need your PIN: 1234!"), 'i will need your pin one two three four');
});

test('writes money amounts as words, with the currency after them', () => {
  assert.equal(normalizeText('£7,000 in cash'), 'seven thousand pounds in cash');
  assert.equal(numberToWords(1850), 'one thousand eight hundred and fifty');
  assert.equal(digitsToWords('999').trim(), 'nine hundred and ninety nine');
});

test('drops fillers and stutters', () => {
  assert.equal(normalizeText('uh so um the the courier will erm come'), 'so the courier will come');
});

test('joins spelled-out letters and split words, and repairs misheard key terms', () => {
  assert.equal(normalizeText('t s b security'), 'tsb security');
  assert.equal(normalizeText('a re fund via any desk'), 'a refund via anydesk');
  assert.equal(normalizeText('the currier will come'), 'the courier will come');
  assert.equal(normalizeText('a cash ear at the branch'), 'a cashier at the branch');
});

test('leaves everyday words alone', () => {
  assert.equal(normalizeText('the warranty on your policy'), 'the warranty on your policy');
});

test('a key term is not made from a word and a little word beside it ("cash for me" stays as it is)', () => {
  assert.equal(normalizeText('put the cash for me in an envelope'), 'put the cash for me in an envelope');
  assert.equal(normalizeText('cash ear'), 'cashier');
});

test('a word next to "I" is never joined into a key term ("his office, I\'ll send" stays an office)', () => {
  assert.equal(
    normalizeText("post it to his office, I'll send you the address"),
    'post it to his office i will send you the address',
  );
  assert.equal(normalizeText('a re fund'), 'a refund');
});
