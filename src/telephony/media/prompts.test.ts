import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultPromptDirectory, loadPrompts, promptNames } from './prompts.js';

test('loads every committed prompt as 8 kHz audio of a sensible length', async () => {
  const prompts = await loadPrompts();
  for (const name of promptNames) {
    const seconds = prompts[name].length / 8000;
    assert.ok(seconds >= 0.3 && seconds <= 12, `${name}: ${seconds} s`);
  }
  assert.equal(prompts.tone.length, 3200);
  assert.ok(Object.isFrozen(prompts));
});

test('names the missing file when a prompt is absent', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'callwarden-prompts-'));
  try {
    for (const name of promptNames.filter((name) => name !== 'line-clear')) {
      await copyFile(join(defaultPromptDirectory, `${name}.wav`), join(directory, `${name}.wav`));
    }
    await assert.rejects(loadPrompts(directory), /prompt 'line-clear': .*line-clear\.wav is missing/);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
