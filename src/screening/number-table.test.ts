import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NumberTable } from './number-table.js';

test('finds, overwrites and deletes numbers before and after they are folded into the compact arrays', () => {
  const table = new NumberTable(4);
  const numbers = Array.from({ length: 25 }, (_, i) => `+4474000000${String(i).padStart(2, '0')}`);
  for (const [i, number] of numbers.entries()) table.set(number, i);
  assert.equal(table.size, 25);
  for (const [i, number] of numbers.entries()) assert.equal(table.get(number), i);
  table.set(numbers[3]!, 99);
  table.delete(numbers[7]!);
  table.fold();
  assert.equal(table.get(numbers[3]!), 99);
  assert.equal(table.get(numbers[7]!), undefined);
  assert.equal(table.size, 24);
  assert.equal(table.get('+447400000099'), undefined);
  table.set(numbers[7]!, 7);
  assert.equal(table.get(numbers[7]!), 7);
  assert.equal(table.size, 25);
});

test('never confuses numbers of different lengths or accepts keys that are not E.164', () => {
  const table = new NumberTable();
  table.set('+4412', 1);
  assert.equal(table.get('+44012'), undefined);
  assert.equal(table.set('GB:999', 1), false);
  assert.equal(table.set('+0123', 1), false);
  assert.equal(table.get('GB:999'), undefined);
  assert.equal(table.size, 1);
});
