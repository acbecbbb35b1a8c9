import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { kwsModelDir, kwsModelMissing, pocketsphinxMissing, silentLog } from '../../test/audio/speech-kit.js';
import { loadConfig } from '../config/config.js';
import { createSpeechPipeline, type SpeechOptions } from './create-speech-pipeline.js';
import { SpeechSetupError } from './model-directory.js';

const options = (overrides: Partial<SpeechOptions>): SpeechOptions => ({
  asrEngine: 'auto',
  asrModel: null,
  kwsModel: null,
  asrWorkers: 1,
  ...overrides,
});

test('none gives no pipeline: the guard then runs from the transcript feed', async () => {
  assert.equal(await createSpeechPipeline(options({ asrEngine: 'none' }), silentLog), null);
});

test('sherpa-onnx without a model directory says which option is needed', async () => {
  await assert.rejects(
    createSpeechPipeline(options({ asrEngine: 'sherpa-onnx' }), silentLog),
    (error: Error) =>
      error instanceof SpeechSetupError && /--asr-engine sherpa-onnx needs --asr-model DIR/.test(error.message),
  );
});

test('a model directory without the model files names what is missing', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'cw-model-'));
  await assert.rejects(
    createSpeechPipeline(options({ asrEngine: 'sherpa-onnx', asrModel: empty }), silentLog),
    new RegExp(`--asr-model ${empty}: not a sherpa-onnx transducer model, missing encoder\\*\\.onnx, decoder`),
  );
  await assert.rejects(
    createSpeechPipeline(options({ asrEngine: 'pocketsphinx', kwsModel: '/nonexistent/kws' }), silentLog),
    /--kws-model \/nonexistent\/kws: no such directory|--asr-engine pocketsphinx/,
  );
  await assert.rejects(
    createSpeechPipeline(options({ asrEngine: 'pocketsphinx', asrModel: empty }), silentLog),
    new RegExp(`--asr-engine pocketsphinx: pocketsphinx model files missing in ${empty}: en-us/mdef`),
  );
});

test('auto with --asr-model loads sherpa-onnx', { skip: kwsModelMissing }, async () => {
  const pipeline = await createSpeechPipeline(options({ asrModel: kwsModelDir }), silentLog);
  assert.equal(pipeline?.description, 'silero-vad + sherpa-onnx');
  await pipeline?.close();
});

test('pocketsphinx with keyword spotting', { skip: pocketsphinxMissing() || kwsModelMissing }, async () => {
  const pipeline = await createSpeechPipeline(options({ asrEngine: 'pocketsphinx', kwsModel: kwsModelDir }), silentLog);
  assert.equal(pipeline?.description, 'silero-vad + pocketsphinx + kws');
  await pipeline?.close();
});

test('the configuration takes the speech options from the command line or the environment, and checks them', () => {
  const config = loadConfig(
    {},
    {
      CALLWARDEN_ASR_ENGINE: 'sherpa-onnx',
      CALLWARDEN_ASR_MODEL: '/opt/asr',
      CALLWARDEN_KWS_MODEL: '/opt/kws',
      CALLWARDEN_ASR_WORKERS: '3',
    },
  );
  assert.deepEqual(
    [config.asrEngine, config.asrModel, config.kwsModel, config.asrWorkers],
    ['sherpa-onnx', '/opt/asr', '/opt/kws', 3],
  );
  assert.deepEqual([loadConfig({}, {}).asrEngine, loadConfig({}, {}).kwsModel], ['auto', null]);
  assert.throws(() => loadConfig({ asrEngine: 'whisper' as never }, {}), /asrEngine/);
});
