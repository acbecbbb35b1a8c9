/**
 * Real recognisers garble: pocketsphinx on 8 kHz telephone audio drops words, swaps them for similar sounds and often
 * leaves only a fragment of an utterance. Fragments of innocent speech must never carry alert-level evidence, while a
 * turn that still says the scam's actual content (a PIN, cash, a courier) alerts as before.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { asrVariant, createAsrNoise, recognizerFragments, recognizerNoise } from './asr-noise.js';
import { analyzeCall, createCallDetector, type Turn } from './call-detector.js';
import { type ActionLevel, actionRank } from './stages.js';
import { parseDetectorModel } from './turn-classifier.js';

const model = parseDetectorModel(
  JSON.parse(readFileSync(new URL('../../models/detector/detector-model.json', import.meta.url), 'utf8')),
);

function caller(text: string): Turn {
  return { speaker: 'caller', text };
}

function actionAlone(text: string): ActionLevel {
  return createCallDetector(model).addTurn(caller(text)).action;
}

function belowAlert(level: ActionLevel): boolean {
  return actionRank[level] < actionRank.alert;
}

/**
 * What genuine callers say (`models/detector/innocent-speech.json`, which the trainer also reads: the recording
 * threshold stays above these sentences' fragments), with the words scams also use (card, bank, read, verify, collect, appointment, code).
 * Sentences that deny an ask ("we will never ask for your PIN") are left out on purpose: a fragment that keeps only
 * "ask for your pin" has lost the denial and says the scam's content, which must alert.
 */
const innocentSentences: readonly string[] = JSON.parse(
  readFileSync(new URL('../../models/detector/innocent-speech.json', import.meta.url), 'utf8'),
);

test('garbled fragments the live guard heard from innocent callers say nothing on their own', () => {
  for (const text of ['go read the', 'verified', "you don't mind", 'and the', 'yes', 'the', 'okay thank you']) {
    assert.equal(actionAlone(text), 'none', `"${text}" raised ${actionAlone(text)}`);
  }
});

test('the dentist whose "thank you, goodbye" was heard as "you don\'t mind" stays below alert', () => {
  const heard = [
    'so they didnt care of from the riverside dental practice to',
    'on the back of your appointment with doctor but fail on tuesday and can in the morning',
    'if you aint that a year to the brain of perjury',
    "you don't mind",
  ];
  const verdict = analyzeCall(model, heard.map(caller));
  assert.equal(verdict.alertTurn, null);
  assert.equal(verdict.perTurn.at(-1)?.action, 'none');
});

test('short garbled fragments of innocent speech never alert, alone or one after another', () => {
  const raised: string[] = [];
  for (const sentence of innocentSentences) {
    const fragments = recognizerFragments(sentence, 6);
    for (const fragment of fragments) {
      const level = actionAlone(fragment);
      if (!belowAlert(level)) raised.push(`${level}: "${fragment}"`);
    }
    const verdict = analyzeCall(model, fragments.map(caller));
    if (verdict.alertTurn !== null) raised.push(`call of fragments of "${sentence}"`);
  }
  assert.deepEqual(raised, []);
});

test('a whole genuine call heard by a poor recogniser stays below alert', () => {
  const dentist = [
    'Hello, this is the Riverside dental practice.',
    'I am calling to confirm your appointment with Doctor Patel on Tuesday at ten in the morning.',
    'If you need to change it, just give us a ring on the surgery number.',
    'Thank you, goodbye.',
  ].map(caller);
  for (let seed = 1; seed <= 20; seed++) {
    const noise = createAsrNoise(seed, recognizerNoise);
    const turns = dentist.map((turn) => ({ ...turn, text: noise(turn.text) }));
    assert.equal(analyzeCall(model, turns).alertTurn, null, turns.map((t) => t.text).join(' | '));
  }
});

test('a scam turn that keeps its content still alerts, tidy and as speech-recognition text', () => {
  const asks = [
    'We need your PIN number so we can handle that.',
    'Withdraw five thousand pounds in cash, a courier will collect it from you.',
    'Read me the four numbers you use at the cashpoint.',
    'Put your bank cards in an envelope and hand them to the officer who comes round.',
    'Buy five hundred pounds of Google Play vouchers and read me the codes.',
  ];
  for (const text of asks) {
    for (const turn of [caller(text), ...asrVariant([caller(text)], 4)]) {
      const level = actionAlone(turn.text);
      assert.ok(actionRank[level] >= actionRank.alert, `"${turn.text}" only reached ${level}`);
    }
  }
});
