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
    'PC Sean Kilbride, Police Scotland. Hertfordshire Constabulary. TSB fraud line here, from the fraud team at Halifax.',
    'Can you say the four figures you enter at the supermarket, or your four-digit code for the card?',
    'Go in and ask for three thousand pounds from your savings, in fifties. Ask the cashier for five thousand.',
    'Draw the cash out over the counter for us to check, then send him three hundred and twenty.',
    'Send a decoy payment, then move it across to the new account details I will text you.',
    "I'll need the six numbers in the text. What does the text say? Tell me the number it gives you.",
    'We need the actual card so forensics can compare it; post it to the address I will text you.',
    "If your bank asks, just say you're paying a builder, or make up a reason.",
    'Is the computer switched on? Are you in front of your computer? We need to do a check on your computer.',
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

test('a helper who says to type the password in "not to me" is not asking for it', () => {
  const helper = stagesOf('tap add account and then just put your password in there on the phone not to me');
  assert.ok(!helper.some((h) => h.startsWith('credential-ask/')), helper.join(','));
  const helperCode = stagesOf("type the code into the app yourself, don't read it out to me");
  assert.ok(!helperCode.some((h) => h.startsWith('credential-ask/')), helperCode.join(','));
  // The same ask followed by secrecy, not a redirection, is still an ask.
  const scam = stagesOf("put your password in here for me and don't tell anyone at the branch");
  assert.ok(
    scam.some((h) => h.startsWith('credential-ask/')),
    scam.join(','),
  );
});

function assertHits(texts: readonly string[], id: string, strength?: string): void {
  for (const text of texts) {
    const hits = matchRules(defaultRules, normalizeText(text));
    assert.ok(
      hits.some((h) => h.ruleId === id && (strength === undefined || h.strength === strength)),
      `${id}${strength ? `/${strength}` : ''} in "${text}": ${hits.map((h) => `${h.ruleId}/${h.strength}`)}`,
    );
  }
}

function assertMisses(texts: readonly string[], ids: readonly string[]): void {
  for (const text of texts) {
    const hits = matchRules(defaultRules, normalizeText(text)).map((h) => h.ruleId);
    assert.ok(!hits.some((h) => ids.includes(h)), `none of ${ids} in "${text}": ${hits}`);
  }
}

test('a rank and a force, or a bank team, named any way round is an impersonation claim (weak context)', () => {
  assertHits(
    [
      'PC Daniel Hart here from Sussex Police.',
      'DS Neil Harper, North Yorkshire Police.',
      'PC Sean Kilbride, Police Scotland.',
      'Detective Constable Tom Briggs calling from West Yorkshire Police.',
      'Hertfordshire Constabulary, my name is Sergeant Cole.',
      'This is Avon and Somerset Police, am I speaking to Mrs Green?',
      "It's Inspector Ray Doyle of the Greater Manchester Police.",
      "Hello, I'm with Devon and Cornwall Police.",
      'Sergeant Paul Wright, Lancashire Constabulary, is this Mr Jones?',
      "I'm calling on behalf of Kent Police.",
    ],
    'claims-police',
    'weak',
  );
  assertHits(
    [
      "I'm calling from the fraud team at Halifax.",
      'Ellie from Monzo, from the financial crime team.',
      'TSB fraud line here.',
      'This is Tom at Barclays fraud prevention.',
      'This is the Santander fraud desk.',
      'This is Chris in the fraud department at Nationwide Building Society.',
      "Hi it's Sam from First Direct, from the fraud and security team.",
    ],
    'claims-bank-or-company',
    'weak',
  );
  assertMisses(
    [
      'You can ring Sussex Police on one oh one.',
      'People are getting calls from fake police asking for cash.',
      'The package is from pet police, a gift from your aunt.',
      'Are you happy with the whole life insurance police we described?',
    ],
    ['claims-police'],
  );
  assertMisses(['Have you seen the letter from the bank about these courier scams?'], ['claims-bank-or-company']);
});

test('the PIN asked for by what it does ("the four numbers you key in at the till") is a certain ask', () => {
  assertHits(
    [
      'Can you tell me the four numbers you key in at the till?',
      'Write your pen number on a bit of paper and pop it in with it.',
      "What's the number you put in at the shop?",
      'I need your four-digit code for the card.',
      'Tell me the digits you tap in at the checkout.',
      'Read me the code you use at the hole in the wall.',
      'Jot your PIN down on a piece of paper and put it in the envelope.',
      'Can you say the four figures you enter at the supermarket?',
      'What are the four numbers you use when you pay at the shop?',
      'Tell me the four digit number for your debit card.',
    ],
    'pin-ask',
    'certain',
  );
  assertMisses(
    [
      'Never write your PIN on a piece of paper.',
      'The numbers you put in at the till go straight to your bank.',
      'Check the number on the back of your card and ring it.',
    ],
    ['pin-ask'],
  );
});

test('taking cash out, however phrased, is a withdrawal ask; for "us to check" it is certain', () => {
  assertHits(
    [
      'Draw some money out over the counter.',
      'Go in and ask for three thousand pounds from your savings, in fifties.',
      'Take out fifteen hundred.',
      'Get the cash out.',
      'Ask the cashier for five thousand.',
      'Get two grand out today.',
      "You'll need to take your savings out.",
      'Draw out your savings and keep them at home.',
      'Ask the lady at the counter for four thousand in twenties.',
    ],
    'withdraw-cash',
    'strong',
  );
  assertHits(
    [
      'Draw the cash out for us to check the serial numbers.',
      'Take out three thousand so our officers can examine the notes.',
    ],
    'withdraw-for-evidence',
    'certain',
  );
  assertMisses(
    [
      "I'll draw some money out for the window cleaner.",
      "I'll get the money out tomorrow and bring it round.",
      'Someone tried to take two thousand pounds out this morning.',
      'I took the cash out of the drawer.',
      'Take it out of the freezer.',
      "I'll ask the cashier for a receipt.",
      'Has anybody rung you, or come to the door, and asked you to take this money out?',
      'Nobody real, not the police, not the bank, will ever ask for your PIN, or your card, or ask you to take money out.',
      'Someone withdraw five hundred dollars from my account last night.',
    ],
    ['withdraw-cash', 'withdraw-for-evidence'],
  );
});

test('sending or paying an amount or the balance on is a money ask; small sums and questions are not', () => {
  assertHits(
    [
      'Send him three hundred and twenty.',
      'Send a decoy payment of four thousand to it.',
      'Send the funds from your bank.',
      'Pay it straight to them.',
      'Transfer the balance to the account I give you.',
      "Move it across to the new account details I'll text you.",
      'Wire them two thousand dollars today.',
      'Put it into the account I will send you.',
      'Did you get my message? I need you to send me two thousand pounds.',
      'Send the rest of the money to this account.',
    ],
    'move-money',
    'strong',
  );
  // Decided: an amount under a hundred ("send him twenty for his train fare") is what families ask of each other every
  // day, so the bare-amount ask counts only from a hundred up; the scam asks for more.
  assertMisses(
    [
      'Send him twenty for his train fare.',
      "I'll send you two hundred pounds for your birthday.",
      'We will pay you three hundred pounds compensation.',
      'Did you just try to send a payment of five hundred pounds to a new payee?',
      'I put the money in your account yesterday.',
      'The paper said no bank ever asks you to move your money to protect it.',
      'So you want to move some money from your current account into a fixed rate saver, is that right?',
    ],
    ['move-money'],
  );
});

test('the code in the text, or "read that out to me" after it, is asked for', () => {
  assertHits(
    [
      "I'll need the six numbers in the text we've just sent you.",
      'Can you read me the digits in the message?',
      "What's the code in the text message?",
      'Give me the numbers from the text please.',
    ],
    'one-time-code-ask',
    'certain',
  );
  assertHits(
    [
      'What does the text say?',
      'Just read that out to me.',
      'Read me back whatever it shows on the screen.',
      'Tell me the number it gives you.',
      'Read it back to me as soon as it arrives.',
      'What does the message from your bank say?',
      'Say the numbers back to me.',
      "Tell me what numbers it's showing you.",
    ],
    'code-readback',
    'strong',
  );
  assertMisses(
    [
      "We'll never ask for the code in the text message.",
      "You'll get a text, the code in the message is for you alone, don't read it out to me.",
      'Can you read that back to me, the crime reference number?',
      'I will read it out to you now.',
    ],
    ['one-time-code-ask', 'code-readback'],
  );
});

test('the card asked back, posted, sealed up or handed to "our officer" is a handover', () => {
  assertHits(
    [
      'We need the old one back.',
      'We need the card back.',
      "Could you post it to the address I'll text you?",
      'Just pop it in an envelope.',
      'Send the card to the address we will give you.',
      "Pop it in the post to us today, I'll give you the address.",
    ],
    'courier-collects-it',
    'strong',
  );
  assertHits(
    [
      'We need the actual card so forensics can compare it.',
      'Hand the box to our officer outside.',
      'We have to have your bank card back for the lab.',
    ],
    'courier-collects',
    'certain',
  );
  assertMisses(
    [
      'The driver will pop it in an envelope for you.',
      'Put the form in the envelope provided.',
      "We'll post your new card to the address we have for you.",
      "We'll send you a new card; cut the old one up.",
      'Just pop it in an envelope with your name on the front and give it to me at the meeting.',
      'Someone can collect it on your behalf with a signed note from you.',
    ],
    ['courier-collects-it', 'courier-collects'],
  );
});

test('a cover story for the bank is secrecy; a surprise for the family or the truth is not', () => {
  assertHits(
    [
      "If your bank asks, just say you're paying a builder.",
      "Tell them it's for a new kitchen.",
      "If the cashier asks what it's for, say it's for your grandson.",
      "If the staff at the branch question it, tell them it's a gift for your granddaughter.",
      "Tell the cashier it's for home improvements.",
      "When the bank asks, say you're buying a car.",
      'Just make up a reason if they ask.',
      "Don't tell the bank the real reason.",
      "Should the bank ask, just say it's for a holiday.",
      "Tell the girl at the counter you're buying a car.",
    ],
    'keep-secret',
    'strong',
  );
  assertMisses(
    [
      "Tell them it's for the party, it's a surprise.",
      'If the bank asks why, tell them the truth.',
      "Tell the bank it's fraud and they will refund you.",
      'Never tell anyone your PIN, not even the police.',
    ],
    ['keep-secret'],
  );
});

test('getting the listener to the computer is a tech-support instruction (asking where they are only context)', () => {
  assertHits(
    [
      'Is the computer switched on?',
      'Are you in front of your computer?',
      'Could you sit down at your laptop please?',
      'Go to your computer and turn it on.',
    ],
    'computer-steering',
    'weak',
  );
  assertHits(
    [
      'We need to do a check together on your computer.',
      'Can you turn on your computer for me?',
      'Switch your laptop on please.',
      'I just need to do a quick diagnostic on your computer.',
    ],
    'computer-instructions',
    'strong',
  );
  assertMisses(
    [
      'Is your boiler switched on?',
      'Our engineer will do a check on your boiler.',
      "Don't ring that number, they just want to get on your computer.",
      'I turned on my computer and there was a pop up.',
    ],
    ['computer-instructions'],
  );
});

test('a scam described, a device asking, or someone else saying it is no ask', () => {
  const quiet = [
    "Things like someone saying they're from the police and asking you to hand your card to a courier.",
    'He rang back, he wants me to pop the card in an envelope for a taxi driver, so I hung up.',
    'No genuine firm rings out of the blue and asks you to move money to a holding account.',
    "You could get a taxi to the door. We don't take anything away, it all goes home with you.",
    "They've put one of them bitcoin machines in the newsagent.",
    "Tap that. It'll ask for your passcode, the six numbers you use to open the tablet.",
    'The reader will be round in the morning, he will show his badge and say the password at the door.',
  ];
  for (const text of quiet) {
    const asks = stagesOf(text).filter((h) => /^(credential-ask|money-ask|handover)\//.test(h));
    assert.deepEqual(asks, [], text);
  }
});

test('a courier collecting "it" is strong evidence, a courier collecting the cards is certain', () => {
  assert.ok(stagesOf('Our driver can collect it on Wednesday morning.').includes('handover/strong'));
  assert.ok(!stagesOf('Our driver can collect it on Wednesday morning.').includes('handover/certain'));
  assert.ok(stagesOf('Our driver will collect your cards this afternoon.').includes('handover/certain'));
});

test('openings no genuine organisation uses are recognised; a repair shop or a friend telling of one is not', () => {
  const scripts = [
    'hello this is calling from the windows technical department we been getting error reports from your computer',
    'this is the cyber crime department your i p address has been hacked',
    'there is an order of an iphone for nine hundred dollars on your amazon account did you place this order',
    'your social security number has been suspended due to suspicious activity',
    'there is a lawsuit filed against your name',
    'you have been selected for a government grant of nine thousand dollars',
  ];
  for (const text of scripts) assert.ok(ids(text).includes('cold-call-script'), text);
  const genuine = [
    "It's PC World's tech team, your computer repair is done, we removed a virus.",
    'This is Virgin Media technical support, there is a problem with the broadband line in your area.',
    'Somebody called saying they were from Social Security and said his number was suspended.',
    'We will never call you about a virus on your computer.',
  ];
  for (const text of genuine) assert.ok(!ids(text).includes('cold-call-script'), text);
});

test('"if that wasn\'t you, I\'ll need the code" is still an ask; "if anyone asks for the code" is a warning', () => {
  assert.ok(
    ids("If that wasn't you, I'll need the six numbers in the text we've just sent you.").includes('one-time-code-ask'),
  );
  assert.ok(!ids('If anyone asks for the six numbers in the text, hang up.').includes('one-time-code-ask'));
});

test('a relative in trouble asking for money is a strong money ask; asking for a hand with the shopping is not', () => {
  assert.ok(stagesOf('I hate asking, but could you help me out with some money?').includes('money-ask/strong'));
  assert.ok(stagesOf('I need two thousand by tonight or it goes on my record.').includes('money-ask/strong'));
  assert.deepEqual(
    stagesOf('Could you help me out with the shopping on Saturday?').filter((h) => h.startsWith('money-ask')),
    [],
  );
});

test('the warranty robocall, a borrowed brand ringing about a charge, a suspended insurance number are cold scripts', () => {
  for (const text of [
    "hi im calling from the vehicle service department about your car's factory warranty, our records show it's about to expire",
    'this is calling from pay pal there is a charge of four ninety nine on your account',
    'your national insurance number has been used in money laundering and is being suspended',
    "congratulations you've been selected for a grant of eight thousand dollars",
  ]) {
    assert.ok(ids(text).includes('cold-call-script'), text);
  }
  for (const text of [
    'I ordered a kettle from Amazon and it says delivered.',
    "It's an order from Amazon, you placed it on the tenth.",
    "Hi, it's Dave from the garage, the warranty on your car covers the gearbox.",
  ]) {
    assert.ok(!ids(text).includes('cold-call-script'), text);
  }
});

test('what "the fella said", a caller "saying they were a police officer", or the speaker doing it themselves is no ask', () => {
  for (const text of [
    'so the fella said go to your laptop and type any desk and I said I am not doing that',
    'you reported a call from someone saying they were a police officer asking you to take out cash',
    "I'm going to put his card and the cash in an envelope and drop it to you on my way",
  ]) {
    const asks = stagesOf(text).filter((h) => /^(credential-ask|money-ask|handover)\//.test(h));
    assert.deepEqual(asks, [], text);
  }
  assert.ok(stagesOf('Put your card and the cash in an envelope for the driver.').includes('handover/certain'));
});

test('money asked for someone in trouble, a deposit, or to a changed account is a money ask; "if anyone asks" is not', () => {
  for (const text of [
    'could you send him the six hundred for me and ill pay you back friday',
    "If you pay it straight to them, I'll give it back on the twenty-eighth.",
    'The hospital needs a deposit of three thousand euros by bank transfer before they operate.',
    'its set at five thousand pounds can you get that together',
    'Please don’t use that account, our bank moved us to a new client account this week.',
  ]) {
    assert.ok(stagesOf(text).includes('money-ask/strong'), text);
  }
  for (const text of [
    'If anyone asks you to send money to a new account, hang up.',
    "Don't use the old card any more, it's been cancelled.",
    'Could you send him twenty for his train fare?',
  ]) {
    assert.ok(!stagesOf(text).some((h) => h.startsWith('money-ask/')), text);
  }
});

test('password characters, a log-in "with your online banking details", an app prompt by reference', () => {
  assert.ok(ids('read me the characters it asks for from your password').includes('password-ask'));
  assert.ok(ids('Log in with your usual online banking details on that page.').includes('password-ask'));
  assert.ok(
    ids('it says approve new device, yeah that one is our side, just press that for me').includes('app-approval-ask'),
  );
});

test('robocall hand-offs with the purpose first are call-back asks; a pharmacy menu is not', () => {
  assert.ok(ids('To arrange repayment by debit card, press one.').includes('callback-ask'));
  assert.ok(
    ids('you can clear this up by calling our office back at four zero four six one eight').includes('callback-ask'),
  );
  assert.ok(!ids('To speak to a pharmacist, press two.').includes('callback-ask'));
});

test('asks that refer back: "call that out to me", "same as yesterday … three thousand again"', () => {
  assert.ok(ids('perfect can you just call that out to me slowly').includes('code-readback'));
  assert.ok(
    stagesOf('so same as yesterday same branch same cashier if you can three thousand again').includes(
      'money-ask/strong',
    ),
  );
  assert.ok(!stagesOf('same as last week for the window cleaner please love').some((h) => h.startsWith('money-ask')));
});

test('a card machine asking for the PIN, or "nothing to pay now" after a way to pay, is no ask', () => {
  assert.ok(!ids('the card machines asking for the pin, I thought you said it was your birthday').includes('pin-ask'));
  assert.ok(
    !ids('you can pay it by bank transfer or in the branch, there is nothing to pay now').includes('fee-or-fine'),
  );
  assert.ok(ids('you need to pay the release fee today by bank transfer').includes('fee-or-fine'));
});

test('money sent on to an agent or a client account, cash posted special delivery, a detective "with the … force"', () => {
  assert.ok(
    stagesOf('If you can transfer it today to the agent, I will send you his details.').includes('money-ask/strong'),
  );
  assert.ok(stagesOf('you just transfer it to our client account and the returns start').includes('money-ask/strong'));
  assert.ok(stagesOf('get it out today and post it special delivery to his office').includes('handover/strong'));
  assert.ok(ids("I'm a detective with the Thames Valley force.").includes('claims-police'));
  assert.ok(!ids("I'll send the documents recorded delivery so you can sign them.").includes('post-it'));
});

test('a bus fare for the driver, a parcel driver\'s delivery code, a code "you don\'t need to tell us", a bank asking who told you', () => {
  assert.ok(!stagesOf("The fare's three pounds, just give it to the driver.").includes('handover/certain'));
  assert.ok(stagesOf('Give the envelope to the courier when he knocks.').includes('handover/certain'));
  assert.ok(
    !ids(
      "it's the DPD driver with your parcel, it's a signature one, so I need the four digit code from the text",
    ).includes('one-time-code-ask'),
  );
  assert.ok(
    !ids(
      "it'll send you a security code by text; you type that into the app yourself, you don't need to tell us it",
    ).includes('one-time-code-ask'),
  );
  assert.ok(!ids("has someone told you not to tell the bank why you're making this payment?").includes('keep-secret'));
});

test('an instruction passed on ("he says you can send it to his account") is an ask; what the listener did is not', () => {
  assert.ok(
    ids("The solicitor's here, Gran, he says you can go to the bank and send it to his account.").includes(
      'money-to-someone',
    ),
  );
  assert.ok(!ids('She said her friend sent it to his account and lost the lot.').includes('money-to-someone'));
  assert.ok(!ids("You've just tried to transfer nine thousand pounds to a new payee.").includes('move-money'));
  assert.ok(
    !ids('You were in with us this morning asking to withdraw four thousand pounds in cash.').includes('withdraw-cash'),
  );
  assert.ok(ids('You need to withdraw four thousand pounds in cash today.').includes('withdraw-cash'));
  assert.ok(
    !ids('Has anyone phoned you and told you to take money out, or to keep it secret from us?').includes('keep-secret'),
  );
  assert.ok(
    !ids('And if anyone ever rings claiming to be us and asking you to move money, hang up.').includes('move-money'),
  );
  assert.ok(!ids('okay you win you get ten out of ten').includes('withdraw-cash'));
  assert.ok(ids('go and get two thousand out of your account').includes('withdraw-cash'));
});

test("a question about the listener's own payment, an errand already run, money paid to the listener are no asks", () => {
  assert.ok(
    !ids('Did you make a payment of sixty-four pounds to Screwfix Direct today? Please say yes or no.').includes(
      'money-to-someone',
    ),
  );
  assert.ok(ids('You need to make a payment of four hundred pounds today.').includes('money-to-someone'));
  assert.ok(
    !ids('Last night we arrested a man who came to collect money from an elderly lady.').includes('courier-collects'),
  );
  assert.ok(ids('Our courier will come to collect the money this afternoon.').includes('courier-collects'));
  assert.ok(!ids("It'll be paid by bank transfer to the account your premiums come from.").includes('move-money'));
  assert.ok(!ids('We can refund those straight away and cancel the mandate.').includes('urgency'));
  assert.ok(ids('You need to do this straight away.').includes('urgency'));
  assert.ok(!ids('So the gym payments were still going out after you cancelled?').includes('legal-threat'));
  assert.ok(ids('Your National Insurance number has been suspended.').includes('legal-threat'));
});

test("secrecy on someone else's behalf, money popped over to a third party, numbers popped back are asks", () => {
  assert.ok(ids("He doesn't want Sarah to know. Please, time is short.").includes('keep-secret'));
  assert.ok(ids('Please, time is short.').includes('urgency'));
  assert.ok(
    ids(
      "The hotel's given me the details for their account. If you pop it over to them tonight, I'll give it back to you on Thursday.",
    ).includes('money-to-someone'),
  );
  assert.ok(ids('can you just pop them back to me and that confirms the card is with you').includes('code-readback'));
  assert.ok(!ids("can you send it back to me when you're done with the book").includes('code-readback'));
});

test('coaching at the counter ("ask for the six thousand in fifties") and a colleague "round at three for the envelope"', () => {
  assert.ok(ids('When you get to the counter, ask for the six thousand in fifties.').includes('withdraw-cash'));
  assert.ok(
    ids('Once you are home, my colleague will be round at three for the envelope.').includes('courier-collects'),
  );
  assert.ok(!ids('The man will be round at three for the gas meter.').includes('courier-collects'));
  assert.ok(!ids('Could your grandson send it to us? I will give you an email address.').includes('money-to-someone'));
  assert.ok(!ids("There's no such thing as a safe account.").includes('safe-account'));
  assert.ok(
    !ids("Type that into the box on the laptop. Don't tell me it, don't tell anyone it.").includes('keep-secret'),
  );
});

test('what need not be done, warnings of calls to come, questions about what a scammer said, lists of scams', () => {
  assert.ok(!ids("There's no need for you to share your PIN or your passcode with her.").includes('pin-ask'));
  assert.ok(ids('I need you to share your PIN with me.').includes('pin-ask'));
  assert.ok(
    !ids('If you get a call saying it is about this refund and they want your card number, hang up.').includes(
      'card-details-ask',
    ),
  );
  assert.ok(ids('If you get a text from us, read me the code.').includes('one-time-code-ask'));
  assert.ok(!ids('Did he mention anything else, like a safe account or moving money?').includes('safe-account'));
  assert.ok(
    !ids('The ones about your bank, couriers coming to collect cards, people asking for remote access.').some((id) =>
      ['courier-collects', 'remote-access-ask'].includes(id),
    ),
  );
  assert.ok(
    !ids('It asked for my name and my card number and the three numbers on the back.').includes('card-details-ask'),
  );
  assert.ok(!ids("We'll pay it into the account we have for you by bank transfer.").includes('move-money'));
  assert.ok(!ids('We will post you a form asking for your bank details.').includes('identity-number-ask'));
});

test('what would have been asked, a text "saying" it, a key safe code are no asks', () => {
  assert.ok(
    !ids("If you'd rung that number, they'd have asked for remote access and charged you.").includes(
      'remote-access-ask',
    ),
  );
  assert.ok(
    !ids('a buyer texted me saying the bank needed to send me a code to confirm the sale').includes(
      'one-time-code-ask',
    ),
  );
  assert.ok(
    !ids(
      'She will let herself in with the key from your key safe and she will need the code, could you tell me it?',
    ).includes('one-time-code-ask'),
  );
});

test('an automated identity check, a PIN into a card machine, a payment described, a long quotation in a story are no asks', () => {
  assert.ok(!ids('if you are mister neville haynes press one or say yes').includes('urgency'));
  assert.ok(!ids('please press one on your keypad if you are mister baines').includes('urgency'));
  assert.ok(!ids("By bank transfer to your account, and we'd give you a receipt.").includes('move-money'));
  assert.ok(!ids('a remote access program that somebody had installed').includes('remote-access-ask'));
  assert.ok(ids('download anydesk so I can fix it').includes('remote-access-ask'));
  assert.ok(!ids('the driver has the little machine, you just tap or put your pin in').includes('pin-ask'));
  assert.ok(ids('key your pin into the phone keypad now').includes('pin-ask'));
  assert.ok(!ids('it was a transfer of four thousand pounds to a new payee').includes('move-money'));
  assert.ok(
    !ids(
      "somebody rang him saying, I'm calling from Barclays fraud, your account's been compromised, we need to move your money to a safe account",
    ).includes('safe-account'),
  );
  assert.ok(
    ids('they said someone at your branch is involved so we need you to move your money to a safe account').includes(
      'safe-account',
    ),
  );
  assert.ok(
    !ids("I'll ask you a couple of questions, but I won't ask for your PIN, passcode or full card number.").includes(
      'one-time-code-ask',
    ),
  );
  assert.ok(
    ids("I won't ask for your PIN, but I need you to read me the code from the text.").includes('one-time-code-ask'),
  );
  assert.ok(!ids("Don't let anyone ring you up and tell you to open that blue thing.").includes('keep-secret'));
  assert.ok(ids("Don't let anyone at the bank know about this call.").includes('keep-secret'));
  assert.ok(ids("We'll process your refund today.").includes('windfall-pretext'));
});

test('a PIN typed into the reader, numbers typed in yourself, "did he ask for your PIN", a so-called safe account are no asks', () => {
  assert.ok(!ids("Type your PIN into the reader, don't say it out loud.").includes('pin-ask'));
  assert.ok(
    !ids("It just wants the three numbers on the back now, type them in yourself, I don't need to know them.").includes(
      'card-details-ask',
    ),
  );
  assert.ok(ids('Read me the three numbers on the back.').includes('card-details-ask'));
  assert.ok(!ids('And did he ask for your PIN at all?').includes('pin-ask'));
  assert.ok(!ids('You made a claim for the transfer to the so-called safe account.').includes('safe-account'));
  assert.ok(!ids('It lets them see and control your computer.').includes('remote-access-ask'));
  assert.ok(!ids('Nobody from us or Lloyds will ever ask you to send it anywhere.').includes('move-money'));
  assert.ok(
    !ids("You've just set up a new payee and tried to send one thousand two hundred pounds.").includes(
      'money-to-someone',
    ),
  );
});

test('a National Insurance number is a strong ask, an errand told in the past and a check with the solicitor no ask', () => {
  assert.ok(
    stagesOf('Before I go into your record, can I ask for your National Insurance number?').includes(
      'credential-ask/strong',
    ),
  );
  assert.ok(
    !stagesOf('Before I go into your record, can I ask for your National Insurance number?').includes(
      'credential-ask/certain',
    ),
  );
  assert.ok(stagesOf('Read me your social security number.').includes('credential-ask/certain'));
  assert.ok(!ids('A man came to her door in the afternoon to collect an envelope.').includes('courier-collects'));
  assert.ok(ids('Our courier will come round to collect the envelope.').includes('courier-collects'));
  assert.ok(
    !ids('Ring your solicitor on a number you already have and check the account details with them.').includes(
      'identity-number-ask',
    ),
  );
});

test('the text announced and its numbers asked back, the full memorable word are near-certain asks; a reference is not', () => {
  assert.ok(
    stagesOf("You'll get a text in a sec with six numbers in it, if you can just read them back to me.").includes(
      'credential-ask/certain',
    ),
  );
  assert.ok(
    !ids('The text has a reference number, you can read it back to me to check.').includes('one-time-code-ask'),
  );
  assert.ok(ids('Could you give me your full memorable word?').includes('password-ask'));
});

test("a long list of what the police never ask, what a delivery text will say, the landlord's account details", () => {
  assert.ok(
    !ids(
      'the police will never ask you for your pin or ask you to take money out of the bank or send a courier round to get your cards',
    ).includes('courier-collects'),
  );
  assert.ok(!ids('yeah it will say something like your one time code for your delivery').includes('one-time-code-ask'));
  assert.ok(ids("I can give you the landlord's account details now if you have a pen.").includes('money-to-someone'));
  assert.ok(!ids("I'll give you the details of the party.").includes('money-to-someone'));
});

test("someone else's demand passed on is a money ask", () => {
  assert.ok(ids('He wants eighteen hundred pounds for his van, today.').includes('money-to-someone'));
  assert.ok(!ids('She wants a new coat for her birthday.').includes('money-to-someone'));
});

test('a quotation after "a man said", a delivery PIN "so I can mark it delivered", a cab fare paid to the driver are no asks', () => {
  assert.ok(
    !ids(
      'A man said, this is Halifax fraud team, your account has been hacked, we need to move your money into a safe account.',
    ).includes('safe-account'),
  );
  assert.ok(
    !ids('Give me the four-digit PIN from the text Dunelm sent you, so I can mark it delivered.').includes('pin-ask'),
  );
  assert.ok(!ids('The fare is thirty five pounds, you can pay the driver cash.').includes('courier-collects'));
  assert.ok(ids('A taxi will come to collect the cash at four.').includes('courier-collects'));
});

test('a fine of a sum to be paid, ten sovereigns, the four numbers asked back are asks', () => {
  assert.ok(
    ids('She can be released if a fine of two thousand five hundred pounds is paid today.').includes('fee-or-fine'),
  );
  assert.ok(!ids('The fee of two hundred pounds will be paid by your insurer.').includes('fee-or-fine'));
  assert.ok(ids("We'd like you to visit the dealer and buy ten sovereigns.").includes('buy-goods'));
  assert.ok(
    stagesOf('When you use the hole in the wall you put in four numbers. I would like you to tell me those.').includes(
      'credential-ask/certain',
    ),
  );
  assert.ok(!ids("Your new PIN is four numbers, please don't tell me them.").includes('pin-ask'));
});

test('an insurer or HMRC paying into the account on file is no ask; "after the court case" is no threat', () => {
  assert.ok(
    !ids("We'll pay it straight into the bank account you've set your direct debit up with.").includes(
      'money-to-someone',
    ),
  );
  assert.ok(!ids('HMRC will pay it straight into the bank account on your return.').includes('money-to-someone'));
  assert.ok(ids("You'll pay it straight into the account I give you.").includes('money-to-someone'));
  assert.ok(!ids("We'll keep it as evidence, you'll get it back after the court case.").includes('legal-threat'));
  assert.ok(ids('If you do not pay there will be a court case against you.').includes('legal-threat'));
});

test('gated rules fire exactly as ungated ones on every kind of turn', () => {
  const ungated = defaultRules.map((rule) => Object.freeze({ ...rule, gates: rule.regexes.map(() => null) }));
  for (const text of [
    'read me the four numbers you use at the cashpoint',
    'dont tell the bank staff they may be involved',
    'a courier will collect your cards in an envelope',
    'please hang up and ring the number on the back of your card',
    'we need you to move your money to a safe account today',
    'hello',
  ]) {
    const normalized = normalizeText(text);
    assert.deepEqual(matchRules(defaultRules, normalized), matchRules(ungated, normalized), text);
  }
});

test('an automated check\'s "press one for yes or two for no" presses no one; "press one now" does', () => {
  assert.ok(
    !ids('Did you make a payment of four hundred pounds to Currys today? Press one for yes or two for no.').includes(
      'urgency',
    ),
  );
  assert.ok(!ids('Press one if you made this purchase or two if you did not.').includes('urgency'));
  assert.ok(ids('Press one now to speak to an agent.').includes('urgency'));
});

test('a payment the bank saw, described in full, is no ask; the caller turning to an ask after it is', () => {
  assert.deepEqual(
    ids('It was a transfer of four thousand pounds to a new payee called L Grant, reference holding account.'),
    [],
  );
  assert.ok(
    ids('We noticed a payment to an unknown account, so we need you to move your money to a safe account.').includes(
      'safe-account',
    ),
  );
});

test('a hit says where its match starts in the utterance', () => {
  const normalized = normalizeText('Okay love, the card is in the post. Now read me your PIN.');
  const hit = matchRules(defaultRules, normalized).find((h) => h.ruleId === 'pin-ask');
  assert.ok(hit !== undefined);
  assert.ok(hit.index > 0 && normalized.slice(hit.index).startsWith(hit.matched), `${hit.index} ${hit.matched}`);
});

test('ordinary talk of PINs, passwords and codes is no ask: a card machine, a PIN posted, a password said at the door', () => {
  assert.ok(
    !ids(
      "Driver's got a card machine, so whichever suits. You just tap it or put your PIN in on the machine.",
    ).includes('pin-ask'),
  );
  assert.ok(!ids("We'll send you a new card, and the PIN separately, within a week.").includes('pin-ask'));
  assert.ok(
    !ids("Neil will say the password at the door, so you know it's really him. I won't ask you for it.").includes(
      'password-ask',
    ),
  );
  assert.ok(
    !ids('Would you be happy to give me your sort code so I can do a bank transfer?').includes('one-time-code-ask'),
  );
  // The asks themselves still count.
  assert.ok(ids('Put your PIN in on the keypad now and read it out to me.').includes('pin-ask'));
  assert.ok(ids('Can you tell me your PIN so we can send you a new card?').includes('pin-ask'));
  assert.ok(ids('Can you say the password for your online banking?').includes('password-ask'));
});

test('a taxi fare paid to the driver and an officer sent for a statement are no courier', () => {
  assert.deepEqual(
    ids(
      'So it is a fixed price of fifty five, you can pay the driver in the car or I can take the card over the phone.',
    ),
    [],
  );
  assert.ok(
    !ids("I'd like to send an officer round to get a statement and take some photos of the damage.").includes(
      'courier-collects',
    ),
  );
  assert.ok(ids('We will send an officer round to collect your cards for evidence.').includes('courier-collects'));
});

test("remote access told of or asked about is no ask; a scammer's ask told of is no ask either", () => {
  assert.ok(
    !ids("It was the remote access program those people got you to install, AnyDesk. I've taken it off.").includes(
      'remote-access-ask',
    ),
  );
  assert.ok(
    !ids('Has Daniel ever accessed your computer remotely, using something like AnyDesk?').includes(
      'remote-access-ask',
    ),
  );
  assert.ok(
    !ids('he said my windows had a virus and he needed me to download something called any desk').includes(
      'remote-access-ask',
    ),
  );
  assert.ok(
    !ids('its a scam they want you to press one and then they ask for your bank details').includes(
      'identity-number-ask',
    ),
  );
  assert.ok(ids('I need you to download AnyDesk so I can fix it.').includes('remote-access-ask'));
  // A question, then the ask itself: the ask counts.
  assert.ok(ids('Have you used online banking before? Tell me your password.').includes('password-ask'));
  assert.ok(ids('Now I need to ask for your bank details to process the refund.').includes('identity-number-ask'));
});

test("a firm's promise never to ring for bank details is no secrecy; 'don't tell the girls at the branch' is", () => {
  assert.ok(
    !ids("You don't need to give us any details, and we'll never ring asking for your bank details.").includes(
      'keep-secret',
    ),
  );
  assert.ok(
    ids("Don't say anything to the girls at the branch, we're still looking into who did it.").includes('keep-secret'),
  );
});

test("the asks of notes in an envelope, a bill paid on a relative's behalf and the numbers from a text", () => {
  assert.ok(
    ids(
      'I will need you to put any notes you have still got in an envelope and someone will come and swap them.',
    ).includes('courier-collects'),
  );
  assert.ok(
    ids("can you pay my electric bill its three hundred i'll send you the details").includes('money-to-someone'),
  );
  assert.ok(!ids("i'll send you the details of the party on the group chat").includes('money-to-someone'));
  assert.ok(ids('can you read me the six numbers its meant for me').includes('code-readback'));
  assert.deepEqual(ids('can you read me the numbers on the meter'), []);
});

test("a bank named in more than one word, notes swapped at the door, a friend's account, 'no need to involve your daughter'", () => {
  assert.ok(ids("It's Andrew from the security team at the Co-operative Bank.").includes('claims-bank-or-company'));
  assert.ok(ids('This is the fraud team at the Yorkshire Building Society.').includes('claims-bank-or-company'));
  assert.ok(
    ids('Put the notes you have left aside and someone from our team will come and swap them for good ones.').includes(
      'courier-collects-it',
    ),
  );
  assert.ok(!ids('The man from the shop will exchange it for you.').includes('courier-collects-it'));
  assert.ok(
    ids("i'll text you now it's to my friend chloe's account because mine's frozen").includes('money-to-someone'),
  );
  assert.ok(ids("There's no need to involve your daughter.").includes('keep-secret'));
});

test("a second withdrawal asked for, and 'don't tell them anything' about the bank's staff", () => {
  assert.ok(
    ids('We need you to do a second withdrawal today, the first one was very helpful.').includes('withdraw-cash'),
  );
  assert.ok(ids('We need one more withdrawal of four thousand from the branch.').includes('withdraw-cash'));
  assert.ok(!ids('Did you make another withdrawal yesterday?').includes('withdraw-cash'));
  assert.ok(ids("Remember what I said about the staff, don't tell them anything.").includes('keep-secret'));
  assert.ok(!ids("The kids are coming round, don't tell them anything about the party.").includes('keep-secret'));
});

test("a relative's 'don't tell Mam', 'don't discuss it with anyone', money for the solicitor; a driver carrying the case", () => {
  assert.ok(ids("Please don't tell Mam, she'll be so disappointed.").includes('keep-secret'));
  assert.ok(
    ids("Please don't discuss it on the phone with anyone, these cases are restricted.").includes('keep-secret'),
  );
  assert.ok(ids('I just need the money for the solicitor.').includes('help-with-money'));
  assert.ok(
    !ids("I'll come and get it for you. Is the front door the one with the red pots?").includes('courier-collects-it'),
  );
  assert.ok(ids("I'll pop round and get it from you in cash.").includes('courier-collects-it'));
});

test("a log-in someone attempted, calls warned of, money sent to the listener's own account are no asks", () => {
  assert.ok(
    !ids('We have noticed three attempts to log into your online banking from a new device.').includes('password-ask'),
  );
  assert.ok(ids('Log into your online banking and tell me what you see.').includes('password-ask'));
  assert.ok(
    ids('We need to log in together and check the settings, can you tell me your customer number?').includes(
      'password-ask',
    ),
  );
  assert.deepEqual(
    ids(
      'If you get any calls asking for your card details or your PIN, that is not us, we will never ask for those.',
    ).filter((id) => id !== 'safety-advice'),
    [],
  );
  assert.deepEqual(ids('We will either pay the contractor directly or send the money to your bank account.'), []);
  assert.ok(ids('Send the cash to our office in London.').includes('courier-collects'));
});

test('the courier-fraud script told plainly: the driver kept in the dark, the envelope handed over, a cash collector', () => {
  assert.ok(ids("Don't mention anything to the taxi driver, he's only a driver.").includes('keep-secret'));
  assert.ok(ids('Seal it, and hand it to him at the door.').includes('courier-collects-it'));
  assert.ok(ids('Could you have it ready in an envelope by four?').includes('courier-collects-it'));
  assert.ok(ids('Our volunteer collector can call round for a cash donation.').includes('courier-collects-it'));
  assert.ok(ids('I need you to keep it from my mum and dad.').includes('keep-secret'));
  assert.ok(ids('granny you cannae tell mum').includes('keep-secret'));
});

test('steering away from the number on the card is pressure, not safety advice; an insurer paying out is no ask', () => {
  assert.ok(
    ids('That number goes to the general queue, you will be waiting hours, just ring our direct fraud line.').includes(
      'card-number-discouraged',
    ),
  );
  assert.deepEqual(ids("Don't ring the number on your card."), ['card-number-discouraged']);
  assert.deepEqual(ids('Ring the number on the back of your card.'), ['safety-advice']);
  assert.ok(ids('If you transfer it by Thursday I will waive the storage fee.').includes('money-to-someone'));
  assert.deepEqual(ids("so we'll pay three hundred and ninety nine minus the fifty excess"), []);
  assert.ok(ids('You need to pay two thousand pounds.').includes('money-to-someone'));
});

test('a card reader read back, a PIN "reset" on the keypad, a cover story rehearsed, the phone kept on in a pocket', () => {
  assert.ok(
    ids('Pop your card in the card reader and press Identify. Lovely, can you read me that number?').includes(
      'code-readback',
    ),
  );
  assert.deepEqual(ids('Can you read me that number?'), []);
  assert.ok(
    ids('Just type your current four numbers on your phone keypad, then the new four numbers.').includes('pin-ask'),
  );
  assert.ok(ids('Go ahead, your current PIN, then the new one.').includes('pin-ask'));
  assert.ok(ids('Remember what we said, if the cashier asks you what the money is for.').includes('keep-secret'));
  assert.ok(ids('And if she asks who the builder is, just say it is your nephew.').includes('keep-secret'));
  assert.ok(ids('Keep it in your coat pocket switched on so I can hear everything.').includes('stay-on-line'));
  assert.ok(ids("To keep the bonus it's best not to mention it to the pension provider.").includes('keep-secret'));
});

test('card payments, an investment entry price and bank details in a list are asks; ways to pay are not', () => {
  assert.ok(ids('Could I take a card payment from you now?').includes('card-payment-ask'));
  assert.ok(ids('Can I take a debit card?').includes('card-payment-ask'));
  assert.deepEqual(ids("You can pay at the office, by Direct Debit, or I can take a card now if you'd like."), []);
  assert.ok(ids('The minimum purchase is ten thousand pounds, paid by bank transfer.').includes('investment-buy-in'));
  assert.ok(
    ids('All I need from you is the reference number off your statement and your bank details for the bonus.').includes(
      'identity-number-ask',
    ),
  );
});

test("what genuine callers say stays quiet: their own card, the police's offer to bring it round, a PIN at the cash machine", () => {
  assert.deepEqual(ids("You can do a transfer if you want, I've got me details on the card I put through."), []);
  assert.deepEqual(ids('Do you have someone who could collect it, or shall we bring it round?'), []);
  assert.deepEqual(
    ids('Put it in a cash machine and take out a few pound with the PIN, that is what activates it.'),
    [],
  );
  assert.deepEqual(
    ids('After I verify the account, can you give me the last four of your social and your zip code?'),
    [],
  );
  assert.deepEqual(
    ids("I've sent a one time code to that phone, can you read it back to me, as you're the one calling us."),
    [],
  );
  assert.deepEqual(ids('Can I get the four digit PIN you set on the account?'), []);
  assert.deepEqual(ids("I'm just going to send a security code to the mobile on your account to verify you."), []);
});

test("a window cleaner's own details on his card are no fee; the hospital's account offered and the money sent are asks", () => {
  assert.deepEqual(
    ids("Or if it's easier, you can pay by bank transfer, my details are on the card I left in your letterbox."),
    [],
  );
  assert.ok(ids('I can give you the hospital account.').includes('money-to-someone'));
  assert.deepEqual(ids("I'll give you the account reference for your records."), []);
  assert.ok(ids("It's about four thousand pounds, could you send it today?").includes('money-to-someone'));
});

test("the bank's own questions and warnings about a safe account are no ask; 'I can take your card details' is one", () => {
  assert.deepEqual(ids('Can I ask who told you about a safe account?'), []);
  assert.deepEqual(ids('We reviewed your claim for the money you were tricked into sending to that safe account.'), []);
  assert.deepEqual(
    ids(
      "If anyone ever rings you saying they're from us and asks for your PIN or asks you to move money to a safe account, that's not us.",
    ),
    [],
  );
  assert.deepEqual(
    ids(
      'We will need to verify your bank details for the proceeds, but we do that in person in the office, not over the phone.',
    ),
    [],
  );
  assert.ok(ids('I can take your card details now and it will come with the engineer.').includes('card-details-ask'));
  assert.ok(ids("I can set that up now if you've got your card handy.").includes('card-at-hand'));
  assert.ok(ids('One of their lads will come round to yours to collect it.').includes('courier-collects-it'));
  assert.deepEqual(ids("I'm going to put his card in an envelope and drop it round to you."), []);
});

test("a photo posted to the council is no handover; 'ring me on the number on our letter' is safety advice; a coached lie", () => {
  assert.deepEqual(ids('You can pop it in the post to us or bring it to the hub in the library.'), []);
  assert.ok(ids('Pop the cards in the post to us.').includes('courier-collects-it'));
  assert.ok(
    ids(
      'If you ever get a call saying our bank details have changed, ring me straight away on the number on our letter.',
    ).includes('safety-advice'),
  );
  const coached = ids(
    "Eight thousand. If they ask, you're buying a car for your grandson. Keep your mobile on in your handbag and I'll be listening.",
  );
  assert.ok(coached.includes('keep-secret') && coached.includes('stay-on-line'), coached.join());
});

test('vouchers read back and taken "in the form of" vouchers, a code read out, the envelope handed to him are asks', () => {
  assert.ok(
    ids(
      'can you go down the post office and get some apple vouchers like three hundred quids worth and just read me the numbers off the back',
    ).includes('gift-card-payment'),
  );
  assert.ok(
    ids('We take it in the form of prepaid vouchers, Paysafe, from any newsagent.').includes('gift-card-payment'),
  );
  assert.deepEqual(ids('Your refund comes in the form of vouchers for the shop.').includes('gift-card-payment'), false);
  assert.ok(
    ids('Perfect, can you just read that code out to me so I can verify the discount?').includes('one-time-code-ask'),
  );
  assert.ok(ids('Then hand him the envelope.').includes('courier-collects'));
  assert.ok(ids("He'll just knock and take the envelope, he won't come in.").includes('courier-collects'));
  assert.ok(ids('One of their lads will come and pick it up from you tonight.').includes('courier-collects'));
  assert.ok(ids("If you can pay it now by debit card I'll cancel the engineer.").includes('card-payment-ask'));
});

test('the resident collecting their own things, the ways to get cash, bank details confirmed in person are no asks', () => {
  assert.deepEqual(
    ids(
      "You'll want to check everything when you collect it, and if your cards are in there, you might still want to speak to your bank.",
    ),
    [],
  );
  assert.ok(ids('The courier will collect your cards this afternoon.').includes('courier-collects'));
  assert.deepEqual(ids('You can also pay in and take cash out at the Post Office with your card.'), []);
  assert.ok(ids('Go to the Post Office today and take the cash out.').includes('withdraw-cash'));
  assert.deepEqual(
    ids(
      "I'd like you to come in, or I can visit, to confirm your bank details in person. We never take bank details over the phone.",
    ).includes('identity-number-ask'),
    false,
  );
});

test("a son's own promise to change the passwords is no password ask", () => {
  assert.deepEqual(
    ids("i'll take it back to mine if i need to and ill change your passwords and write them in your book"),
    [],
  );
  assert.ok(ids('I need you to tell me your online banking password.').includes('password-ask'));
});

test("a firm's list of the customer's choices is no money ask; 'I'm not going to ask you for your PIN' is safety advice", () => {
  assert.deepEqual(
    ids('You could take the money out, move it into an easy-access account, or roll it into a new fixed bond.'),
    [],
  );
  assert.ok(ids('You need to take the money out today and move it into the new account.').includes('withdraw-cash'));
  assert.ok(
    ids('im not going to ask you for your pin or your online banking details im just ringing about your card').includes(
      'safety-advice',
    ),
  );
});

test('an offer to unlock a pension early is a script no genuine firm runs; the warning against it is not', () => {
  assert.ok(
    ids('With the new rules we can unlock your pension early and move it into an overseas fund.').includes(
      'cold-call-script',
    ),
  );
  assert.deepEqual(ids("You can't unlock your pension early, whatever anyone tells you."), []);
});
