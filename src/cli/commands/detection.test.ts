import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../test/fixtures/detector/calls.jsonl', import.meta.url));

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repo,
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });
}

test('analyze prints one verdict per call, in input order, in the contract shape', () => {
  const result = cli(['analyze', fixtures]);
  assert.equal(result.status, 0, result.stderr);
  const ids = readFileSync(fixtures, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).id);
  const verdicts = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    verdicts.map((v) => v.id),
    ids,
  );
  for (const v of verdicts) {
    assert.equal(v.verdict === 'scam', v.alertTurn !== null);
    assert.ok(v.risk >= 0 && v.risk <= 1);
    assert.ok(Array.isArray(v.stages) && Array.isArray(v.reasons));
  }
  assert.equal(verdicts.find((v) => v.id === 'fx-police-courier').verdict, 'scam');
  assert.equal(verdicts.find((v) => v.id === 'fx-taxi').verdict, 'legitimate');
});

test('analyze reads stdin, reports a bad line by number on stderr, keeps going and exits non-zero', () => {
  const good = JSON.stringify({ id: 'a', turns: [{ speaker: 'caller', text: 'What is your PIN?' }] });
  const result = cli(['analyze', '-'], `${good}\n{not json\n${good.replace('"a"', '"b"')}\n`);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /line 2/);
  assert.deepEqual(
    result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id),
    ['a', 'b'],
  );
});

test('analyze names a missing file', () => {
  const result = cli(['analyze', 'no-such-file.jsonl']);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /no such file: no-such-file\.jsonl/);
});

test('eval --json reports figures for the text as given and for its ASR-style variant', () => {
  const result = cli(['eval', fixtures, '--json']);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  for (const variant of [report.tidy, report.asr]) {
    assert.equal(variant.scams, 6);
    assert.equal(variant.legitimate, 7);
    assert.equal(typeof variant.recall, 'number');
    assert.equal(typeof variant.falsePositiveRate, 'number');
    assert.ok('alertedByFirstAsk' in variant && 'medianAlertVsAsk' in variant && 'byType' in variant);
  }
});

test('eval prints a human table on stderr', () => {
  const result = cli(['eval', fixtures]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /recall/);
  assert.match(result.stderr, /ASR-style/);
});

test('analyze reads the keyword spotter hints given with a turn and shows them as reasons; without them nothing changes', () => {
  const turns = [{ speaker: 'caller', text: 'Hello, I am calling about your account.' }];
  const plain = JSON.stringify({ id: 'plain', turns });
  const hinted = JSON.stringify({ id: 'hinted', turns: turns.map((t) => ({ ...t, keywords: ['BANK_CARD'] })) });
  const none = JSON.stringify({ id: 'none', turns: turns.map((t) => ({ ...t, keywords: [] })) });
  const result = cli(['analyze', '-'], `${plain}\n${hinted}\n${none}\n`);
  assert.equal(result.status, 0, result.stderr);
  const [a, b, c] = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(a.reasons, []);
  assert.deepEqual(b.reasons, [{ turn: 0, stage: 'credential-ask', text: "The keyword spotter heard 'bank card'." }]);
  assert.ok(b.risk >= a.risk);
  assert.equal(b.verdict, 'legitimate');
  assert.deepEqual({ ...c, id: 'plain' }, a);
});
