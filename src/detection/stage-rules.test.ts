import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRules, defaultRuleDefinitions, defaultRules, matchRules } from './stage-rules.js';
import { normalizeText } from './text-normalizer.js';

function ids(text: string): string[] {
  return matchRules(defaultRules, normalizeText(text)).map((hit) => hit.ruleId);
}

function stagesOf(text: string): string[] {
  return matchRules(defaultRules, normalizeText(text)).map((hit) => `${hit.stage}/${hit.strength}`);
}

test("asks for the PIN as 'the four numbers you use at the cashpoint' are a certain credential ask", () => {
  assert.ok(stagesOf('Can you read me the four numbers you use at the cashpoint?').includes('credential-ask/certain'));
  assert.ok(stagesOf('um so whats your four digit pin').includes('credential-ask/certain'));
});

test('recognises each stage of the courier-fraud script', () => {
  const cases: [string, string][] = [
    ["It's DC Hughes, Metropolitan Police fraud squad.", 'impersonation'],
    ['There has been fraudulent activity on your account.', 'account-threat'],
    ['Read me the one-time passcode we just sent you.', 'credential-ask'],
    ['Download AnyDesk so I can connect to your computer.', 'credential-ask'],
    ['We will move your money into a safe account in your name.', 'money-ask'],
    ['Buy Google Play vouchers and read me the codes on the back.', 'money-ask'],
    ['Put your cards in an envelope, a courier will collect them.', 'handover'],
    ["Don't tell the bank staff, they may be involved.", 'secrecy'],
    ["Stay on the line, don't hang up.", 'pressure'],
  ];
  for (const [text, stage] of cases) {
    assert.ok(
      stagesOf(text).some((s) => s.startsWith(`${stage}/`)),
      `${stage} in "${text}": ${stagesOf(text)}`,
    );
  }
});

test('recognises the asks in speech-recognition text with mishearings', () => {
  assert.ok(
    stagesOf('so we send a currier to collect the old card put it in an in velope').includes('handover/certain'),
  );
  assert.ok(stagesOf('move your money into a safe a count in your name').includes('money-ask/certain'));
});

test('a genuine caller saying what they will never ask for is safety advice, not an ask', () => {
  const hits = stagesOf("I won't ask for your PIN and we will never send anyone to collect your card.");
  assert.ok(!hits.some((h) => h.endsWith('/certain')), hits.join(','));
  assert.ok(hits.includes('safety-advice/strong'));
});

test('describing a scam that happened to someone else is not an ask', () => {
  const hits = stagesOf('They told her to take her money out and hand it to a courier, it was on the news.');
  assert.ok(!hits.some((h) => h.endsWith('/certain')), hits.join(','));
});

test('a customer asking their own bank to reset a password or move money is not an ask', () => {
  assert.deepEqual(
    stagesOf("I'd like to reset my password and transfer money between my accounts").filter((h) =>
      h.endsWith('/certain'),
    ),
    [],
  );
});

test('rejects a rule whose pattern does not compile, naming the rule', () => {
  assert.throws(
    () =>
      compileRules([
        {
          id: 'broken',
          stage: 'secrecy',
          strength: 'weak',
          negatable: false,
          patterns: ['('],
          explanation: 'x'.repeat(12),
        },
      ]),
    /broken/,
  );
});

test('every rule explains itself in a sentence', () => {
  for (const rule of defaultRules) assert.match(rule.explanation, /^[A-Z].*\.$/);
});

test('keyword prefilters never hide a match: the same hits as the rules without keywords', () => {
  const free = compileRules(defaultRuleDefinitions.map(({ keywords: _keywords, ...definition }) => definition));
  const samples = [
    "It's DC Hughes, Metropolitan Police fraud squad.",
    'This is officer Daniel with the Social Security Administration, your SSN has been suspended.',
    'Press one now to speak with an officer. Call us back immediately at 1-800-555-1234.',
    'Your Amazon account was charged $499 for an iPhone order. Press 1 to speak to a representative.',
    'Press the Windows key and R, then type eventvwr. Now download the software so we can fix it.',
    'We have been trying to reach you about your car’s extended warranty. This is your final courtesy call.',
    'Your power will be disconnected within 30 minutes. Which bank do you use?',
    'Grandma it’s me, please don’t tell mom, I need bail money.',
    'Your parcel will arrive tomorrow between nine and twelve.',
  ];
  for (const text of samples) {
    const normalized = normalizeText(text);
    assert.deepEqual(
      matchRules(defaultRules, normalized).map((h) => h.ruleId),
      matchRules(free, normalized).map((h) => h.ruleId),
      text,
    );
  }
});

test('recognises robocall pretexts and the "press one" hand-off', () => {
  assert.ok(stagesOf('Your social security number has been suspended.').includes('account-threat/weak'));
  assert.ok(stagesOf('Press 1 to speak with a legal representative.').includes('pressure/strong'));
  assert.ok(!stagesOf('Press 1 to confirm your appointment.').includes('pressure/strong'));
  assert.ok(stagesOf('hold down the windows key and press r').includes('credential-ask/strong'));
});

test('a pop-up or on-screen warning that gave a number to ring is the prompted call-back, even reported', () => {
  for (const text of [
    'a window popped up saying I have a virus and to call this number',
    'my screen went red and it told me to call Microsoft',
    'there is a pop up that gave me a toll free number',
  ]) {
    assert.ok(ids(text).includes('prompted-callback'), text);
  }
  assert.ok(!ids('if you ever see a pop up telling you to call a number, hang up').includes('prompted-callback'));
  assert.ok(!ids('I got a text from my bank saying to call the surgery').includes('prompted-callback'));
  assert.ok(!ids('can you tell me your postcode please').includes('one-time-code-ask'));
});

test('recognises paraphrased asks: card-reader figures, printed card numbers, a look at the screen, a cover story', () => {
  const cases: [string, string][] = [
    ['Log in while I wait and tell me the figures the card reader shows you.', 'one-time-code-ask'],
    ['Let me know the numbers printed on your card, front and back.', 'card-details-ask'],
    ["I'll need you to let me look at your screen from here.", 'remote-access-ask'],
    ['Wrap it up and give it to the chap who knocks.', 'courier-collects'],
    ['Go to the counter and ask for three thousand in fifties.', 'withdraw-cash'],
    ["Tell her it's for a holiday if she asks.", 'keep-secret'],
    ["Move what's in there across to a new pot we've made for you.", 'safe-account'],
    ['Please open your computer and go to the website I will give you.', 'computer-instructions'],
  ];
  for (const [text, id] of cases) assert.ok(ids(text).includes(id), `${id} in "${text}": ${ids(text)}`);
});

test('"never" covers its whole clause, and a sentence about people pretending to be police is a description', () => {
  for (const text of [
    "Remember, we'll never ask you to move money to a safe account, and we'll never send anyone to collect your card.",
    "It's where someone rings up pretending to be police or your bank, says your card's been copied, then wants you to hand your card to a courier who comes to the door.",
  ]) {
    const hits = stagesOf(text);
    assert.ok(!hits.some((h) => h.endsWith('/certain')), `${text}: ${hits}`);
  }
  assert.ok(ids('Never mind that, just read me your PIN.').includes('pin-ask'));
});

test('a customer moving money to a new account they opened is not a safe-account ask', () => {
  assert.ok(!ids("I'd like to transfer money to a new account I opened.").includes('safe-account'));
});

test('narrating a purchase or saying there is nothing to pay is not a money ask', () => {
  assert.deepEqual(ids("We're calling about a purchase at an electronics store for six hundred dollars."), []);
  assert.ok(!ids("There's nothing you need to pay or send.").includes('move-money'));
  assert.ok(ids('Go and buy a gold watch with your card.').includes('buy-goods'));
});

test('asking to approve a notification in the banking app "to stop the payment" is a certain ask', () => {
  for (const text of [
    'I need you to open the app and approve the notification that pops up, it will stop the payment.',
    "yes that's the reversal just press approve",
    'When it comes up, confirm it and that reverses the payment back to you.',
    'just tap allow and that cancels their device',
    'approve it and the fraudster is locked out',
  ]) {
    assert.ok(ids(text).includes('app-approval-ask'), `"${text}": ${ids(text)}`);
  }
  for (const text of [
    'We will never ask you to approve a notification to stop a payment.',
    'If you made the payment, press approve if you recognise it.',
    'If you confirm the new date, that cancels the old appointment.',
    'The bank says never approve anything in the app unless you started it yourself.',
  ]) {
    assert.ok(!ids(text).includes('app-approval-ask'), `"${text}": ${ids(text)}`);
  }
});

test('someone who will "pop round" or "swing by" for the cash is a courier collecting it', () => {
  for (const text of [
    'He wondered if you could lend him two thousand in cash. I can pop round and pick it up for him.',
    'help him out with twelve hundred in cash ill swing by in half an hour and grab it off you',
  ]) {
    assert.ok(ids(text).includes('courier-collects'), `"${text}": ${ids(text)}`);
  }
  for (const text of [
    "I'll pop round on Saturday to pick up the keys.",
    "I'll pop round with the money on Sunday and you can get it then.",
  ]) {
    assert.ok(!ids(text).includes('courier-collects'), `"${text}": ${ids(text)}`);
  }
});

test('"nothing urgent" and "it is not urgent" are no pressure', () => {
  assert.ok(!ids('Could you give me a ring back when you are free, nothing urgent.').includes('urgency'));
  assert.ok(!ids("It's not urgent, whenever suits.").includes('urgency'));
  assert.ok(ids('This is urgent, you must act today.').includes('urgency'));
});
