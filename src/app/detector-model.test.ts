import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultDetectorModelPath, loadDetectorModel } from './detector-model.js';

test('loads the committed model and freezes it', async () => {
  const model = await loadDetectorModel();
  assert.ok(Object.isFrozen(model));
  assert.ok(model.thresholds.alert > model.thresholds.warn);
  assert.match(defaultDetectorModelPath, /models\/detector\/detector-model\.json$/);
});

test('rejects a model file that fails validation, naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'callwarden-model-'));
  const path = join(dir, 'bad.json');
  writeFileSync(path, JSON.stringify({ format: 'callwarden-detector/1', hashBits: 16 }));
  await assert.rejects(loadDetectorModel(path), (error: Error) => error.message.includes(path));
});

test('says which file is missing', async () => {
  await assert.rejects(loadDetectorModel('/nonexistent/model.json'), /cannot read detector model \/nonexistent/);
});
