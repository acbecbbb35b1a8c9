/**
 * Real recognisers garble: pocketsphinx on 8 kHz telephone audio drops words, swaps them for similar sounds and often
 * leaves only a fragment of an utterance. Fragments of innocent speech must never carry alert-level evidence, while a
 * turn that still says the scam's actual content (a PIN, cash, a courier) alerts as before.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { asrVariant, createAsrNoise, recognizerNoise } from './asr-noise.js';
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
 * What genuine callers say, with the words scams also use (card, bank, read, verify, collect, appointment, code).
 * Sentences that deny an ask ("we will never ask for your PIN") are left out on purpose: a fragment that keeps only
 * "ask for your pin" has lost the denial and says the scam's content, which must alert.
 */
const innocentSentences = [
  'Hello, this is the Riverside dental practice, just calling to confirm your appointment on Tuesday at ten.',
  'Thank you, goodbye.',
  'Lovely, thank you so much, see you then. Bye bye.',
  'You do not mind if I move it to the afternoon, do you?',
  'Could you read the letter we sent you about your prescription?',
  'Go and read the meter for me when you get a chance.',
  'Your new card has been verified and it is ready to use.',
  'I have verified your address, that is all fine now.',
  'It is your son, I am just ringing to say I will be round on Sunday for lunch.',
  'The parcel is with our driver and it will be delivered between two and four.',
  'Your taxi is booked for half past nine, the driver will ring when he is outside.',
  'This is the surgery, the doctor would like you to come in for a blood test.',
  'Mum, can you check if I left my keys at yours?',
  'Hi, it is Sarah from the bank branch, your mortgage appointment is confirmed for Friday.',
  'I am calling about the boiler service, the engineer can come on Thursday morning.',
  'The pharmacy here, your repeat prescription is ready to collect.',
  'Just to let you know the bin collection has moved to Wednesday this week.',
  'Did you get the photos I sent? The little one has grown so much.',
  'We need to read the gas meter, is someone in tomorrow?',
  'Your library books are due back next week, you can renew them online.',
  'Right, I will see you at the club on Saturday then, take care.',
  'The code for the key safe is on the fridge, I left it there for the carer.',
  'Could you give me a ring back when you are free, nothing urgent.',
  'The optician here, your new glasses are ready, you can pick them up any time.',
  'Okay, yes, that is fine, thank you very much, bye now.',
  'Hello? Hello? Can you hear me? The line is very bad.',
];

/** Fragments as a small recogniser leaves them: 1–4 words of heavily garbled speech, several noise seeds. */
function fragmentsOf(sentence: string, seeds: number): string[] {
  const out: string[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const fragment = createAsrNoise(seed * 101, { ...recognizerNoise, truncateRate: 1 })(sentence);
    if (fragment !== '') out.push(fragment);
    out.push(createAsrNoise(seed * 103, { ...recognizerNoise, truncateRate: 0 })(sentence));
  }
  return out;
}

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
    const fragments = fragmentsOf(sentence, 6);
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
