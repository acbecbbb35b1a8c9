import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtures, frames, kwsModelDir, kwsModelMissing, readWav, silentLog } from '../../test/audio/speech-kit.js';
import { findTransducerFiles } from './model-directory.js';
import { createSherpaOnnxEngine } from './sherpa-onnx-engine.js';
import { createUtteranceCutter, createVadPool } from './voice-activity.js';

test('loads a streaming zipformer transducer as an OnlineRecognizer and decodes an utterance', {
  skip: kwsModelMissing,
}, async () => {
  // The KWS model is a (tiny) zipformer transducer too: enough to prove the code path loads and runs.
  const engine = createSherpaOnnxEngine({ modelDir: kwsModelDir }, silentLog);
  assert.equal(engine.name, 'sherpa-onnx');
  const cutter = createUtteranceCutter(createVadPool());
  const segments = [...frames(readWav(fixtures.scamCaller).samples.subarray(0, 60_000))].flatMap((f) => cutter.push(f));
  segments.push(...cutter.flush());
  const result = await engine.recognize({ samples: segments[0]!.samples, sampleRate: 16000 });
  assert.equal(typeof result.text, 'string');
  assert.match(result.text, /^[a-z0-9' ]*$/);
  await engine.close();
  await assert.rejects(engine.recognize({ samples: new Float32Array(1600), sampleRate: 16000 }), /closed/);
});

test('picks the patched int8 encoder, the full-precision decoder and the int8 joiner', {
  skip: kwsModelMissing,
}, () => {
  const files = findTransducerFiles(kwsModelDir, '--asr-model');
  assert.match(files.encoder, /encoder-epoch-12-avg-2-chunk-16-left-64\.int8\.patched\.onnx$/);
  assert.match(files.decoder, /decoder-epoch-12-avg-2-chunk-16-left-64\.onnx$/);
  assert.match(files.joiner, /joiner-epoch-12-avg-2-chunk-16-left-64\.int8\.onnx$/);
  assert.match(files.tokens, /tokens\.txt$/);
});

test('names every file a model directory lacks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-asr-'));
  writeFileSync(join(dir, 'encoder-epoch-99-avg-1.onnx'), '');
  assert.throws(
    () => createSherpaOnnxEngine({ modelDir: dir }, silentLog),
    new RegExp(
      `--asr-model ${dir}: not a sherpa-onnx transducer model, missing decoder\\*\\.onnx, joiner\\*\\.onnx, tokens\\.txt`,
    ),
  );
  assert.throws(
    () => createSherpaOnnxEngine({ modelDir: '/nonexistent/model' }, silentLog),
    /--asr-model \/nonexistent\/model: no such directory/,
  );
});
