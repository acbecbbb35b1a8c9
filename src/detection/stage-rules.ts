/**
 * Interpretable rules for the stages of a scam script, kept as data: each rule names its stage, how strong the
 * evidence is, the patterns (regular expressions over `normalizeText` output, with a few macros), and the sentence a
 * resident or carer is shown. Rules are validated and compiled once, then frozen.
 *
 * `certain` rules are the near-certain asks (police and banks never ask for a PIN, never ask anyone to withdraw or
 * move money or buy goods for them, never send a courier). `safety-advice` rules are what genuine callers say
 * ("ring the number on the back of your card") and count against a scam.
 *
 * @example
 * const hits = matchRules(defaultRules, normalizeText('Read me the four numbers you use at the cashpoint'));
 * hits[0]?.stage; // 'credential-ask'
 */
import { z } from 'zod';
import { buildKeywordAutomaton, type KeywordAutomaton } from './keyword-automaton.js';
import { literalGated, requiredLiterals } from './regex-gate.js';
import { type Stage, stages } from './stages.js';

export const ruleStrengths = ['certain', 'strong', 'weak'] as const;
export type RuleStrength = (typeof ruleStrengths)[number];
export const ruleKinds = [...stages, 'safety-advice'] as const;
export type RuleKind = (typeof ruleKinds)[number];

const ruleDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  stage: z.enum(ruleKinds),
  strength: z.enum(ruleStrengths),
  /**
   * Whether a negation or hedge just before the match ("we will never ask for your PIN") cancels it. Reported
   * speech ("they told him to keep it secret") cancels every scam-stage rule either way.
   */
  negatable: z.boolean(),
  /**
   * Whether the match is itself a report ("the pop-up told me to call this number"): then reported speech
   * ("told me", "they said") does not cancel it. Default false.
   */
  reports: z.boolean().optional(),
  /**
   * Optional pattern that, found anywhere in the utterance, cancels the rule: what a genuine caller adds that the
   * scam never does ("there's nothing to pay now" after "you can pay it by bank transfer").
   */
  unless: z.string().min(1).optional(),
  /**
   * Optional cheap prefilter: the rule is only tried when the utterance (padded with a space at each end, so
   * ' met ' is a whole word) contains one of these substrings. Must be implied by every pattern.
   */
  keywords: z.array(z.string().min(1)).optional(),
  patterns: z.array(z.string().min(1)).min(1),
  explanation: z.string().min(10),
});
export type StageRuleDefinition = z.infer<typeof ruleDefinitionSchema>;

export interface CompiledRule {
  readonly id: string;
  readonly stage: RuleKind;
  readonly strength: RuleStrength;
  readonly negatable: boolean;
  readonly reports: boolean;
  readonly unless: RegExp | null;
  readonly explanation: string;
  readonly regexes: readonly RegExp[];
  /**
   * Per regex, words one of which any match must contain (read off the pattern's start, see `requiredLiterals`), or
   * null: a cheap substring test skips the regex when none is in the text.
   */
  readonly gates: readonly (readonly string[] | null)[];
  readonly keywords: readonly string[] | null;
}

export interface RuleHit {
  readonly ruleId: string;
  readonly stage: RuleKind;
  readonly strength: RuleStrength;
  readonly explanation: string;
  /** The normalised words that matched, for logs and the carer's view. */
  readonly matched: string;
  /** Where the match starts in the normalised utterance. */
  readonly index: number;
}

/** Macros usable in patterns as {name}. */
const macros: Record<string, string> = {
  num: '(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|double|triple|a|few|couple)',
  w: '(?: [a-z0-9]+)',
  ask: '(?:tell|tel|give|read|say|confirm|write|type|key|enter|need|verify|provide|share|repeat|send|text|whats|what is|what are|put|note|jot|let me have|let me know|can i have|can i get|can i take|could i have|could i take|may i have|go through|check|requires?|required|ask for|asking for|want|take)',
  you: '(?:you|ya|yourself)',
  your: '(?:your|ur|the|you)',
  money: '(?:money|cash|funds|savings|pounds|dollars|quid|grand|everything|balance|amount|it all|the lot)',
  cards:
    '(?:cards?|bank cards?|debit cards?|credit cards?|cash|money|notes|banknotes|pin|pins|envelope|gold|coins|bars|jewellery|jewelry|watch|watches|valuables)',
  collector:
    '(?:courier|driver|taxi|officer|officers|colleague|agent|representative|detective|constable|someone|somebody|man|lady|gentleman|one of (?:our|my|their|his|the) (?:officers|colleagues|team|staff|people|couriers|drivers|agents|lads|boys|men|guys|blokes)|a member of (?:our|my) team|guy|person|lad|bloke|fella)',
  org: '(?:police|constabulary|metropolitan|met|scotland yard|cid|fraud squad|fraud team|fraud department|fraud unit|security team|security department|action fraud|national crime agency|serious fraud office|hmrc|revenue|tax office|irs|internal revenue|social security|ssa|fbi|dea|customs|border protection|immigration|home office|microsoft|windows|apple|amazon|bt|openreach|virgin media|sky|paypal|visa|mastercard|court|bailiffs?|solicitors?|legal department|federal|government)',
  /** A spoken amount of money: "fifteen hundred", "three hundred and twenty", "a thousand pounds", "two grand". */
  sum: '(?:a (?:hundred|thousand|grand)|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|grand))(?: (?:and )?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|grand))*(?: (?:pounds|quid|dollars|bucks|grand))?',
  /**
   * An amount of a hundred or more. Small sums ("send him twenty for his train fare") are what families ask of each
   * other every day, so the bare-amount asks only count from a hundred up.
   */
  bigsum:
    '(?:a |(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) )+)?(?:hundred|thousand|grand|million)(?: (?:and )?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand))*(?: (?:pounds|quid|dollars|bucks))?',
  /**
   * Put right after an imperative verb (it looks back over that word): the verb is not said of the speaker or of
   * someone else ("I'll draw some money out", "the driver will pop it in an envelope"), nor a wish the listener gave
   * ("so you want to move some money"), nor in a question about what happened ("did you just try to … send a
   * payment", "has anyone asked you to take money out").
   */
  notme:
    '(?<!\\b(?:(?:i|we|he|she|they|ill|hell|shell|theyll|id|hed|shed|theyd|wed|im|hes|shes|theyre|theyve|ive|weve|driver|courier|postman|postie|engineer|nurse|carer|mum|dad|someone|somebody|someones|somebodys|anyone|anybody|nobody|no one)(?: (?:will|would|can|could|shall|should|may|might|must|just|also|then|usually|always|often|normally|am|are|is|was|were|be|been|have|has|had|to|going|gonna|go|and|pop|nip|need|needs|needed|want|wants|wanted|get|got|went|probably|definitely|already|only|still|quickly|happily|gladly|sometimes|never|ever|do|does|did|ll|d|try|tried|tries|trying|attempted|attempting|managed|recently))*|(?:you|ya) (?:want|wanted|would like|d like|were hoping|are hoping|asked)(?: to)?|(?:(?:did|has|were|was) (?:you|anyone|anybody|someone|somebody|any one)|(?:have|had|do) (?:anyone|anybody|someone|somebody|any one)|(?:have|do) you (?:ever|just|recently|already|tried|attempted|made|sent|been))(?: (?!(?:i|we|please|now|so|then|ok|okay|right|can|could|will|would|need|must)\\b)[a-z]+){0,12}) [a-z]+)',
  /** After "tell them": not the truth ("if the bank asks why, tell them the truth", "… tell them it's a scam"). */
  nottruth:
    '(?! (?:the truth|everything|what happened|about (?:the|this) call|(?:its|it is|this is|that its|that it is|you think its) (?:a scam|fraud|a fraud)|you (?:are|were|have been) (?:being )?(?:scammed|told|conned|pressured)|(?:i|we) (?:told|said|rang)))',
  /**
   * A firm listing the customer's choices ("you could take the money out, move it into an easy-access account, or
   * roll it into a new bond"): options, not an ask.
   */
  options:
    '\\byou (?:could|can|may|might)(?: either)? (?:take|draw|move|put|transfer|leave|keep)\\b(?: \\w+){1,14} or (?:roll|leave|keep|move|put|reinvest|renew|transfer|take|let)\\b',
  /** Whoever at a bank or post office might ask what the money is for. */
  teller:
    '(?:the cashier|cashier|the cashiers|the teller|teller|the bank|your bank|the branch|the staff|staff|bank staff|the bank staff|the clerk|the building society|the post office|the person at the counter|the lady at the counter|the man at the counter|the girl at the counter|anyone at the bank|someone at the bank|anybody at the bank|them at the bank|they at the bank|the counter staff|the manager)',
  /** The caller's own details on the business card they left ("my bank details are on the card I put through"). */
  owncard:
    '\\b(?:my|me|our|his|her) (?:bank |account |payment )?details (?:are |is )?on (?:the|that|my|our) (?:business )?card\\b',
  /** A firm checking the customer who rang it ("read it back to me, as you're the one calling us"). */
  customercalled:
    '(?:as |because |since )?(?:youre|you are) the one (?:who )?(?:is )?(?:calling|called|rang|phoned) us',
  bank: '(?:bank|banks|barclays|lloyds|hsbc|natwest|santander|halifax|nationwide|tsb|monzo|starling|rbs|royal bank|bank of scotland|metro bank|co op bank|coop bank|first direct|chase|wells fargo|citi|citibank|bank of america|building society|post office)',
};

function expand(pattern: string): string {
  return pattern.replace(/\{([a-z]+)\}/g, (whole, name: string) => macros[name] ?? whole);
}

const definitions: StageRuleDefinition[] = [
  // ── credential asks (near-certain) ─────────────────────────────────────────────────────────────────────────
  {
    id: 'pin-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
    // The PIN into a card machine at the door or in a cab ("he has the little machine, you just tap or put your PIN
    // in") is how cards are used; a phone's keypad is not a card machine.
    unless:
      '\\b(?:card machine|little machine|the machine|his machine|her machine|card reader|terminal|till|chip and pin|contactless)\\b(?: \\w+){0,10} (?:put|enter|type|key|tap)(?: in)? (?:your|the) (?:pin|pen)\\b|\\b(?:put|enter|type|key|tap)(?: in)? (?:your|the) (?:pin|pen)(?: number)?(?: in)? (?:in|into|on) (?:the|your|his|her|their|a) (?:card reader|reader|card machine|machine|terminal|till)\\b|\\b(?:new|replacement) (?:card|cards)\\b(?: \\w+){0,8} (?:pin|pin number)(?: \\w+){0,2} (?:separately|in the post|by post|under separate cover|in a separate (?:letter|envelope))\\b|\\b(?:mark it (?:as )?delivered|to deliver (?:it|the parcel)|for (?:your|the) (?:delivery|parcel))\\b|\\b(?:cash machine|cashpoint|cash point|atm|hole in the wall)\\b(?: \\w+){0,12} (?:with|using) (?:the|your|its|the new) (?:pin|pin number)\\b|\\b(?:pin|passcode|pin number) (?:you|that you) (?:set|chose|created|picked)(?: up)? (?:on|for|with) (?:the|your) account\\b|\\b(?:account (?:pin|passcode)|(?:pin|passcode) on (?:the|your) account)\\b',
    keywords: ['pin', 'pen number', 'number', 'digit', 'figure', 'personal', 'code'],
    patterns: [
      // The four numbers named, then asked for back: "you put in four numbers … I'd like you to tell me those".
      '\\b(?:four|the four) (?:numbers|digits|figures)\\b(?:{w}{0,12})? (?:tell|read|give|say)(?: me| us)? (?:those|them|the numbers|the digits|those numbers)\\b',
      // "pen number" is how speech recognisers (and some callers) say "PIN number"; nothing else is called that.
      '\\b{ask}(?:{w}{0,5})? {your}(?: {num}| new| old| card| bank| four digit| secret| cash card| debit card)* (?:pin|pin number|pin code|pins|personal identification number|pen number|pin no)\\b',
      '\\b(?:pin|pin number|pen number|pin code)(?:{w}{0,3})? (?:on|onto|inside|in|down on) (?:the|an|a|this|that) (?:envelope|paper|slip|piece of paper|bit of paper|scrap of paper|sheet of paper|note|post it|front|back)\\b',
      // What the PIN is for, said instead of its name: "the four numbers you key in at the till".
      '\\b{num} (?:numbers|digits|digit number|digit code|figures) (?:that |which )?{you} (?:use|put in|put|type|tap|key|enter|punch|press)(?:{w}{0,5})? (?:cashpoint|cash machine|cash point|atm|hole in the wall|shop|shops|machine|card|till|tills|checkout|supermarket|keypad|terminal)\\b',
      '\\b{ask}(?:{w}{0,4})? (?:the |your |that )?(?:secret )?(?:number|code|numbers|digits) (?:that |which )?{you} (?:use|put|type|tap|key|enter|punch|press)(?: it)?(?: in)?(?:{w}{0,3})? (?:cashpoint|cash machine|cash point|atm|hole in the wall|shop|shops|till|tills|checkout|supermarket|card machine|chip and pin machine|keypad)\\b',
      '\\b(?:whats|what is|tell me|read me|give me|say) {your}(?: {num})? (?:digit )?(?:number|code) (?:for|on) {your} (?:card|cashpoint|cash machine)\\b',
      // "I need your four-digit code for the card".
      '\\b{ask}(?:{w}{0,3})? {your} (?:secret (?:{num} )?|{num} )(?:digit |figure )?(?:number|code|numbers|digits|pin)(?: number| code)? (?:for|on|of|to|with) {your}(?: bank| debit| credit| cash)? (?:card|cards|cashpoint|cash machine|atm)\\b',
      '\\b(?:pin|personal number)(?: number)?(?: is)? (?:please|for me|to me|so (?:i|we) can)\\b',
      // A "PIN reset" on the phone's keypad: "type your current four numbers, then the new four numbers".
      '\\b(?:type|key|enter|put|tap|press|punch)(?: in)? (?:your|the) (?:current|old|existing|usual|secret|normal|present) {num} (?:numbers|digits|figures)\\b',
      '\\b(?:current|old|existing|present) (?:pin|pin number)(?: \\w+){0,3} (?:then|and|followed by) (?:the |your )?new (?:one|pin|pin number|four)\\b',
    ],
    explanation: 'The caller asked for your PIN. Police and banks never ask for a PIN.',
  },
  {
    id: 'card-details-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
    // The caller's own details on the business card they left ("my bank details are on the card I put through").
    unless:
      '{owncard}|\\bcard (?:i|we|he|she) (?:put|left|pushed|popped|dropped|posted) (?:through|in)\\b|\\b(?:i|we|im|were|i am|we are)(?: \\w+){0,3} (?:send|sending|text|texting)(?: you)? (?:a|the) (?:security|verification|one time) code\\b',
    keywords: ['card', 'number', 'expiry', 'security code', 'cvv', 'cvc', 'digits', 'three'],
    patterns: [
      '\\b{ask}(?!(?: \\w+){0,2} last (?:four|two|three))(?:{w}{0,5})? {your}(?: long| full| sixteen digit| bank| debit| credit)* card (?:number|details|numbers)\\b',
      '\\b{ask}(?:{w}{0,5})? (?:the )?(?:long number|sixteen digits|expiry date|expiry|security code|cvv|cvc|three digits|three numbers|three digit code)\\b',
      '\\b(?:three|last three)(?: digit)?(?: security)? (?:numbers?|digits|code) on the back\\b',
      '\\b(?:long|sixteen digit|card) number on the front\\b',
      '\\b{ask}(?:{w}{0,5})? (?:the |all the )?(?:numbers|digits|details) (?:printed |written |shown )?on (?:the front of |the back of |the front and back of |the front and the back of )?{your} card\\b',
      '\\bnumber on the front(?:{w}{0,4})? expiry\\b',
    ],
    explanation:
      'The caller asked for your card details. Your bank and the police never ask for card details on a call.',
  },
  {
    id: 'one-time-code-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
    // A parcel driver's delivery code from the text is what DPD and Evri really ask for at the door; a carer needs
    // the key safe's code.
    unless:
      '\\b(?:parcel|delivery code|signature one|delivery driver|dpd|evri|hermes|royal mail driver|for (?:your|the) (?:delivery|parcel)|mark it (?:as )?delivered|key safe|keysafe|key box|lockbox|lock box|door code|gate code|alarm code|{customercalled}|verbal (?:passcode|password|code)|(?:not|dont|do not|never) (?:read|tell|give|say) (?:it|them|that|the code|the numbers)(?: out)? to (?:me|us|anyone|anybody))\\b',
    keywords: ['code', 'digits', 'number', 'figures', 'pin', 'reader', 'sentry'],
    patterns: [
      // The text announced, then its numbers asked back: "you'll get a text with six numbers in it, just read them
      // back to me".
      '\\b(?:text|message|sms)\\b(?:{w}{0,8})? (?<!(?:reference|ref|booking|order|tracking|confirmation|crime|case|account|phone|delivery|parcel) )(?:numbers|digits|code|number)\\b(?:{w}{0,8})? (?:read|tell|give|say)(?: them| it| those| that)?(?: back| out)(?: to)? (?:me|us)\\b',
      // The code in the text message, asked for by what it is rather than its name: "the six numbers in the text".
      '\\b(?:tell|read|give|say|repeat|confirm|send|text|whats|what is|what are|what were|let me have|can i have|could i have|can i get|can i take|could i take)(?:{w}{0,5})? (?:numbers|digits|figures|code|number|passcode|pin) (?:in|on|from|off) (?:the|that|this|your|our) (?:text|texts|text message|message|sms)\\b',
      '\\b(?:i|we)(?: will| would| just| also| really| now| then)* need(?:{w}{0,3})? (?:numbers|digits|figures|code|number|passcode|pin) (?:in|on|from|off) (?:the|that|this|your|our) (?:text|texts|text message|message|sms)\\b',
      '\\b(?:read|tell|give|say|repeat|type|what)(?:{w}{0,8})? (?:numbers|digits|figures|code|number) (?:the|your|on the|on your|from the|from your) (?:card reader|pinsentry|pin sentry|reader)\\b',
      '\\b(?:card reader|pinsentry|pin sentry)\\b(?:{w}{0,6})? (?:shows|says|gives|displays|comes up with) (?:you|me)?(?:{w}{0,3})? (?:read|tell|give|say)\\b',
      '\\b(?:read|tell|give|say|repeat|confirm|send)(?: it)?(?: out)?(?: back)?(?: to)? (?:me|us)(?:{w}{0,4})?(?<!zip|post|postal|area|discount|promo|confirmation|reference|booking|order|tracking|sort) (?:code|codes|passcode)\\b',
      '\\b(?:tell|read|say|confirm|repeat|need|whats|what is|give me|send me|provide me with|share|let me have)(?:{w}{0,4})? (?:the |that |your |this )?(?:one time|onetime|security|verification|authentication|authorisation|authorization|text|sms|six digit) (?:passcode|code|password|pin)\\b',
      '\\b(?:code|passcode|text) (?:we|i|that|which|weve|ive)(?: have| has| just| will)* (?:sent|send|texted|text)(?: you)?(?:{w}{0,3})? (?:read|tell|give|confirm|say)\\b',
      '\\b(?:read|tell|give|say)(?: me)?(?: out)? the (?:code|numbers|digits) (?:that|which|you)\\b',
      // "Can you just read that code out to me so I can verify the discount".
      '\\b(?:read|tell|give|say)(?: me)? (?:that|the|this) (?:code|passcode)(?: back| out)+(?: to (?:me|us))?\\b',
      // "We've just sent you a code, can you read it out": the code named, then asked for back.
      '\\b(?:sent|send|texted|text|sending)(?: you)? (?:a|the|your|an?) (?:new |security |one time |six digit |verification )?(?:code|passcode|pin)\\b(?:{w}{0,6})? (?:read|tell|give|say|repeat)(?: it| that| them| me| us)*(?: out| back)\\b(?! to (?:him|her|them|the driver|the courier|the engineer|the man|the lady))',
      '\\b(?:code|passcode)\\b(?:{w}{0,15})? (?:read|tell|give|say|repeat)(?: it| them| that| those)?(?: back| out)? (?:to )?(?:me|us)\\b',
      '\\b(?:read|tell|give|say|repeat)(?: it| that| them)?(?: back| out)? (?:to )?(?:me|us)(?:{w}{0,10})?(?<!zip|post|postal|area|discount|promo|confirmation|reference|booking|order|tracking|sort) (?:code|passcode)\\b',
    ],
    explanation:
      'The caller asked for a security code sent to you. These codes are for you alone; no genuine caller asks for one.',
  },
  {
    // The code asked for without naming it, because it was named a turn or two before ("we have sent you a text …
    // just read that out to me", "tell me the number it gives you"). Alone the words are ordinary, so only strong:
    // after an official claim it escalates.
    id: 'code-readback',
    stage: 'credential-ask',
    strength: 'strong',
    negatable: true,
    // A firm checking the customer who rang it: "read it back to me, as you're the one calling us".
    unless: '\\b{customercalled}\\b',
    keywords: ['pop', 'read', 'say', 'tell', 'give', 'text', 'message', 'sms', 'call'],
    patterns: [
      // Not a reference the caller gave and wants checked: "can you read that back to me, the crime reference".
      '\\b(?:read|say|call|pop)(?: that| it| them| those| this| these| the numbers| the digits| the figures| the number| what it says)(?: all)?(?: back| out)+(?: to)? (?:me|us)\\b(?!(?:{w}{0,4}) (?:reference|ref|crime number|incident number|log number|case number|address|postcode|post code|spelling|name|date|time|appointment))',
      '\\b(?:read|tell|give|say)(?: me| us)?(?: back| out)? (?:what|whatever|what number|which number|what numbers|which numbers|the number|the numbers|the digits|the code|the figures)(?: that| which)? (?:it|its|the screen|the phone|the app|the text|the message|the reader|the machine|the display|the card reader)(?: \\w+)? (?:shows|says|gives you|gave you|displays|is showing|showing|saying|giving you|comes up with|came up with|sends you|sent you|has on it|has in it)\\b',
      '\\bwhat (?:does|did|do) (?:the|that|this|your|our) (?:text|texts|text message|message|sms)(?: \\w+){0,4} say\\b',
      // "Can you read me that number" after the card reader or text was named: not a reference or an address.
      '\\b(?:read|tell|give|say)(?: me| us)(?: out)? (?:that|this|the|that new|the new|the next|that next) (?:number|code|one)\\b(?!(?: \\w+){0,3} (?:meter|reading|reference|ref|order|tracking|booking|registration|reg|postcode|policy|account|on the (?:form|letter|bill|invoice)))(?<=\\b(?:reader|identify|respond|pinsentry|sentry|text|texted|message|screen|app|device|code)\\b.{1,400})',
      // "Can you read me the six numbers": not a meter reading or a reference.
      '\\b(?:read|tell|give|say)(?: me| us)(?: out)? the (?:{num} )?(?:numbers|digits|figures)\\b(?!(?: \\w+){0,3} (?:meter|meters|reading|readings|reference|ref|order|tracking|booking|registration|reg|postcode|on the (?:form|letter|bill|invoice|screen at the)))',
    ],
    explanation:
      'The caller asked you to read out what a text or screen shows. That is how a security code is taken; never read one out.',
  },
  {
    id: 'password-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
    keywords: [
      'customer number',
      'user id',
      'password',
      'passcode',
      'log',
      'username',
      'user name',
      'memorable',
      'security',
      'credentials',
      'access code',
      'banking',
      'sign',
    ],
    patterns: [
      // The gap holds no clause of the speaker's own ("if I need to, and I'll change your passwords").
      '\\b{ask}(?:(?! (?:i|ill|im|ive|we|well|weve)\\b){w}){0,5} {your}(?: full| whole| complete| entire)?(?: online| internet| mobile| phone| telephone)*(?: banking)? (?:password|passcode|passwords|log in details|login details|login|username|user name|user id|customer number|memorable word|memorable information|security answers|security details|credentials|access code)\\b',
      // Logging in with the caller: "we need to log in together and check the settings".
      '\\b(?:log|sign) (?:in|on)(?: to it| to the app| to your account)? (?:together|with you|with me)\\b',
      // Not attempts someone made: "three attempts to log into your online banking from a new device".
      '\\b(?<!(?:attempts?|attempted|tried|trying|tries|tried again|someone|somebody|they|been used) (?:to )?)(?:log|sign) (?:in|on|into)(?: to)? {your} (?:online banking|bank account|banking|bank)\\b',
      '\\b(?:characters|letters|digits|numbers)(?:{w}{0,4})? (?:from|of|in) (?:your|the) (?:password|passcode|passnumber|memorable (?:word|information|data)|security (?:number|code))\\b',
      '\\blog (?:in|on)(?:{w}{0,3})? (?:with|using) (?:your|the) (?:usual )?(?:online banking|banking|bank|internet banking|mobile banking)(?: log in| login)? (?:details|password|credentials)\\b',
    ],
    explanation: 'The caller asked for your banking password or log-in. Banks and the police never ask for these.',
  },
  {
    id: 'identity-number-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
    // Details the firm already holds, named by their last digits ("we've got an account number on file ending in
    // nine one, is that still current"): a check, not an ask.
    unless:
      '\\b(?:on file|we hold|we have on record)\\b(?: \\w+){0,3} ending in\\b|\\b(?:in person|in the office|at the office|in branch|face to face)\\b(?: \\w+){0,6} (?:not|never)\\b(?: \\w+){0,5} (?:over|on) the phone\\b',
    keywords: ['social', 'ssn', 'national insurance', 'account', 'routing', 'details', 'sort code'],
    patterns: [
      // Not the last four digits a card issuer checks on a call the customer made.
      '\\b{ask}(?!(?: \\w+){0,3} last (?:four|4)\\b)(?:{w}{0,5})? {your}(?: full)? (?:social security|social|ssn|social insurance)(?: number)?\\b',
      // Not "check the account details with them (your solicitor)": a check with someone else.
      '\\b{ask}(?:{w}{0,5})? {your}(?: bank)? (?:account number and (?:sort code|routing number)|sort code and account number|routing number|bank details|banking details|account details)\\b(?! with (?:them|him|her|the|your))',
      // The list of what is needed: "all I need from you is the reference off your statement, your bank details".
      '\\b(?:all|what) (?:i|we)(?: will| would)? need (?:from you )?is\\b(?: \\w+){0,12} your(?: bank)? (?:bank details|banking details|account details|account number|sort code)\\b',
    ],
    explanation:
      'The caller asked for your bank or identity numbers. Government offices and banks do not ask for them on a call they made.',
  },
  {
    // The UK National Insurance number: HMRC and the DWP do ask for it on calls the person expects (a call-back about
    // their tax code), so it is strong evidence, not near-certain; the model weighs who is asking.
    id: 'insurance-number-ask',
    stage: 'credential-ask',
    strength: 'strong',
    negatable: true,
    keywords: ['national insurance', ' ni number'],
    patterns: ['\\b{ask}(?:{w}{0,5})? {your}(?: full)? (?:national insurance|ni)(?: number)\\b'],
    explanation:
      'The caller asked for your National Insurance number. Only give it on a call you made yourself to a number you trust.',
  },
  {
    id: 'remote-access-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
    // A program someone else already put on, found by a repair shop: no ask.
    unless:
      '\\b(?:somebody|someone|he|they|the scammer|the scammers|a man|the man|the caller|those people|these people) (?:had |has |must have )?(?:installed|put on|left|put|got you to (?:install|download|put)|made you (?:install|download|put))\\b|\\b(?:i|we)(?: have|ve)? (?:taken|took|removed|uninstalled|deleted|got rid of) (?:it|that|the program|the programme|the app|anydesk|teamviewer)(?: off)?\\b',
    keywords: [
      'download',
      'install',
      'software',
      'program',
      'app',
      'run',
      'open',
      'desk',
      'viewer',
      'supremo',
      'logmein',
      'support',
      'assist',
      'connect',
      'splashtop',
      'ammyy',
      'remote',
      'computer',
      'laptop',
      'screen',
      'device',
      'pc',
      'machine',
      'control',
    ],
    patterns: [
      '\\b(?:anydesk|teamviewer|ultraviewer|supremo|logmein|quick support|quicksupport|quick assist|screenconnect|screen connect|rescue assist|splashtop|zoho assist|ammyy)\\b',
      '\\b(?:download|install|run|open)(?:{w}{0,6})? (?:remote access|remote desktop|remote control|remote support|support software|support tool|app|application|program|programme|software)(?:{w}{0,3})? (?:so|and) (?:i|we|our technician) (?:can|could|will)\\b',
      '\\b(?:i|we|technician)(?: will| can| need to| just need to)* (?:connect|get|log) (?:to|into|on to|onto) {your} (?:computer|laptop|pc|device|machine|screen)\\b',
      '\\b(?:remote access|remote connection|remote control|control of your computer|control your computer|access to your computer|access your computer|see your screen)\\b',
      '\\b(?:look at|have a look at|take a look at|look on|view) your (?:screen|desktop)\\b(?:{w}{0,3})? (?:from here|from my end|from our end|remotely|on my side)\\b',
    ],
    explanation:
      'The caller wanted to get into your computer. Never install software or let a caller control your computer.',
  },
  {
    id: 'card-at-hand',
    stage: 'credential-ask',
    strength: 'strong',
    negatable: true,
    keywords: ['card', 'payment', 'take it'],
    patterns: [
      '\\b(?:have you got|do you have|get|grab|fetch|find|if you have got|if youve got|if you have|if youve)(?: me)? {your} (?:debit |credit |bank )?card (?:handy|ready|with you|there|in front|nearby|to hand)\\b',
      '\\b(?:i|we) (?:can|will|could) take (?:the |a |your )?(?:payment|card payment|it) (?:from you |over the phone |now )',
    ],
    explanation: 'The caller wanted your bank card ready to take a payment or its details over the phone.',
  },
  {
    // Getting the listener to the computer ("is the computer switched on?", "are you in front of your computer"):
    // how tech-support scams begin, and how a son helping with the printer begins too. Weak: context, not an ask.
    id: 'computer-steering',
    stage: 'credential-ask',
    strength: 'weak',
    negatable: true,
    keywords: ['computer', 'laptop', ' pc ', 'desktop'],
    patterns: [
      '\\b(?:is|are) (?:your|the) (?:computer|laptop|pc|desktop)(?: \\w+)? (?:switched on|turned on|on|up and running|running|booted up|powered on|in front of you|near you|nearby|handy|ready)\\b',
      '\\b(?:are you|are ya|are you sitting|are you sat|are you near|are you at|are you by|are you still|can you get|can you sit|could you sit|(?:sit|get|go){notme}|please go|go and sit|you need to go|you need to be|i need you to go|i need you to be|i need you at|i need you in)(?: down| over| back)? (?:in front of|at|near|by|next to|to|on) (?:your|the) (?:computer|laptop|pc|desktop)\\b',
    ],
    explanation: 'The caller wants you at your computer. Nobody genuine rings out of the blue to fix your computer.',
  },
  {
    id: 'computer-instructions',
    stage: 'credential-ask',
    strength: 'strong',
    negatable: true,
    keywords: [
      'windows',
      'window',
      'start',
      'flag',
      'run box',
      'run command',
      'run dialog',
      'event viewer',
      'eventvwr',
      'command prompt',
      'control panel',
      'task manager',
      'netstat',
      'cmd',
      'computer',
      'laptop',
      'pc',
      'site',
      'link',
      'address',
      'desktop',
    ],
    patterns: [
      // Getting the listener to the computer: "is the computer switched on?", "are you in front of your computer",
      // "go to your computer and turn it on", "we need to do a check together on your computer".
      '\\b(?:turn|switch|power|boot|start){notme}(?: on| up)? (?:your|the) (?:computer|laptop|pc|desktop)(?: on| up)?\\b',
      '\\b(?:i|we|technician|engineer)(?: will| would| need to| have to| just need to| want to| are going to| am going to| can| must| should| shall| just| now)* (?:do|run|carry out|perform|complete|make|have)(?: a| an| some| the)?(?: \\w+)? (?:check|checks|scan|test|diagnostic|diagnostics|inspection|look)(?: \\w+){0,2} (?:on|of|with|at|in) (?:your|the) (?:computer|laptop|pc|system|device|machine|desktop)\\b',
      '\\b(?:press|hold|find|locate|click|hit|push)(?: down)?(?: on)? (?:the )?(?:windows|window|start|flag) (?:key|button|logo|icon)\\b',
      '\\b(?:turn on|switch on|open|start|go to|sit at|get to) (?:your|the) (?:computer|laptop|pc)\\b(?:{w}{0,8})? (?:website|web site|link|address|download|install|type in|follow my|what i tell you|i will give you|i tell you)\\b',
      '\\b(?:can|could|will|would) (?:you|ya) (?:please |just |now )?(?:turn on|switch on|open|start up|go to|sit at|get to) (?:your|the) (?:computer|laptop|pc)\\b',
      '\\b(?:website|web site|web address|link|site) (?:that |which )?(?:i|we) (?:will|am going to|are going to|ll) (?:give|send|spell|read) (?:you|out)\\b',
      '\\b(?:run box|run command|run dialog|event viewer|eventvwr|command prompt|task manager|netstat)\\b',
      '\\b(?:type|enter|write)(?: in| down)?(?:{w}{0,3})? (?:cmd|eventvwr)\\b',
    ],
    explanation:
      'The caller walked you through keys and tools on your computer. That is how fake tech support gets in.',
  },
  {
    id: 'bank-name-ask',
    stage: 'credential-ask',
    strength: 'strong',
    negatable: true,
    keywords: ['bank'],
    patterns: [
      '\\b(?:which|what) bank (?:do you|you|are you|did you)(?: \\w+)? (?:use|have|bank|with)\\b',
      '\\b(?:name of|what is|whats|tell me) your bank\\b',
    ],
    explanation: 'The caller asked which bank you use. Refund and tech-support scams ask this before taking money.',
  },
  // ── money asks ──────────────────────────────────────────────────────────────────────────────────────────────
  {
    // Push-payment approval: the caller has started a payment (or a new device, a new payee) and the bank's app asks
    // the owner to approve it; "approve it to stop/cancel/reverse the payment" is the lie that gets it approved.
    id: 'app-approval-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
    keywords: ['approve', 'accept', 'authori', 'allow', 'confirm', 'notification', 'prompt', 'pops up', 'yes it'],
    patterns: [
      '\\b(?:approve|accept|authorise|authorize|allow|confirm|okay|ok)(?: it| that| this)?(?:{w}{0,2})? (?:the |that |this |a )?(?:notification|request|prompt|pop up|popup|message|alert|payment)(?:{w}{0,6})? (?:to (?:stop|cancel|block|reverse|secure|protect|freeze)|(?:it|that|which) (?:will|ll) (?:stop|cancel|block|reverse|secure|protect|freeze))\\b',
      '\\b(?:approve|accept|authorise|authorize|allow|confirm)(?: it| that| this)?(?:{w}{0,2})? (?:the |that |this |a )?(?:notification|request|prompt|pop up|popup|message|alert)(?: that| which)? (?:pops up|comes up|appears|you get|youll get|you will get|has come|came) (?:on|in)\\b',
      '\\b(?:open|go (?:in|into|on)(?:to)?|log (?:in|into|on)(?:to)?)(?: your| the)?(?: banking| bank)? app(?:{w}{0,4})? (?:and|then) (?:approve|accept|authorise|authorize|allow|confirm)\\b',
      '\\b(?:just |you need to |youll need to |you will need to )?(?:press|tap|click|hit|select) (?:on )?(?:approve|authorise|authorize|allow|yes its me|yes it was me)\\b(?! if you)',
      '\\bapprov\\w*\\b(?:{w}{0,20}) (?:press|tap|click|hit|accept|confirm) (?:that|it|this|the button|on it|the green button|yes)(?: for me| now| please| then)?\\b',
      '\\b(?:push|send|sending|pushing) (?:a |the )?notification(?:{w}{0,8})? (?:tap|press|click|hit|accept|approve) (?:the )?(?:green |blue )?(?:button|approve|accept|yes|it|that)\\b',
      // "Confirm it and that reverses the payment", "allow it to block their device": approving is said to undo.
      '\\b(?:approve|accept|authorise|authorize|allow|confirm|okay|ok)(?: it| that| this)?(?:{w}{0,6})? (?:to|and|so|which|that|then)(?:{w}{0,4})? (?:stop|stops|cancel|cancels|cancelled|block|blocks|blocked|reverse|reverses|reversed|freeze|freezes|lock|locks|locked|kick|kicks|kicked|secure|secures|protect|protects)(?: out| off)?(?: the| that| this| their| your| all)? (?:payment|payments|transaction|transactions|transfer|fraud|fraudsters?|scammers?|criminals?|hackers?|device|devices|them|money|funds|access|it back)\\b',
      '\\b(?:approve|accept|authorise|authorize|allow|confirm)(?: it| that| this)?(?:{w}{0,6})? (?:and|so|then)(?: the| that)? (?:fraudsters?|scammers?|criminals?|hackers?|they|thief|thieves)(?: is| are| will be| get| gets| ll be)? (?:locked out|blocked|kicked out|stopped|cut off)\\b',
    ],
    explanation:
      'The caller asked you to approve a notification in your banking app. That approves a payment; your bank never asks you to approve one to stop it.',
  },
  {
    id: 'safe-account',
    stage: 'money-ask',
    strength: 'certain',
    negatable: true,
    keywords: ['account', 'count', 'pot'],
    patterns: [
      '\\b(?:safe|secure|holding|protected|new|secret|temporary|nominated) (?:a )?(?:account|count|acount)\\b(?:{w}{0,3})? (?:in your name|we have set up|we set up|that we|set up for you|for you|to protect)',
      '\\b(?:move|transfer|send|put|switch|shift)(?:{w}{0,6})? (?:to|into|in) (?:a|the|our|this|another) (?:safe|secure|holding|protected|secret|temporary)(?: a)? (?:account|count|acount)\\b',
      '\\bsafe (?:account|a count|acount)\\b',
      '\\b(?:move|transfer|send|put|switch|shift)(?:{w}{0,6})? (?:across |over )?(?:to|into|in) (?:a|the) (?:new|fresh|separate|special) (?:pot|account|acount|count)\\b(?: that| which)? (?:we|weve|we have)(?: have| just)? (?:made|set up|created|opened)\\b',
      '\\b(?:new|fresh|separate|special) (?:pot|account|acount|count) (?:under your name|in your name|(?:that )?(?:we|weve) (?:have )?(?:made|set up|created|opened) for you)\\b',
    ],
    explanation:
      'The caller told you to move money to a "safe account". Banks never ask you to move money to keep it safe.',
  },
  {
    id: 'gift-card-payment',
    stage: 'money-ask',
    strength: 'certain',
    negatable: true,
    keywords: ['card', 'voucher', 'voters', 'itunes', 'google', 'paysafe', 'green dot', 'codes', 'numbers'],
    patterns: [
      '\\b(?:buy|purchase|go and get|go get|pay(?: with| in| by| using)?|load|scratch|(?:take|taken|pay|paid|payment|fee|deposit)(?: it| that| this)? in the form of|(?:we|they|i) (?:take|accept)(?: it| that| the (?:fee|payment|deposit))?(?: in| as| by| via))(?:{w}{0,6})? (?:gift ?cards?|vouchers?|voters|itunes|google play|play store cards?|steam cards?|amazon cards?|ebay cards?|apple cards?|target cards?|walmart cards?|prepaid cards?|paysafe|cash cards?|green dot|vanilla cards?)\\b',
      '\\b(?:gift ?cards?|vouchers?|itunes cards?|google play cards?)(?:{w}{0,8})? (?:read|give|tell|scratch|send)(?:{w}{0,3})? (?:me|us|the) (?:codes?|numbers?)\\b',
      '\\b(?:codes?|numbers?) on the back of the (?:gift ?cards?|vouchers?|cards)\\b',
    ],
    explanation:
      'The caller asked you to pay with gift cards or vouchers. No genuine organisation takes payment in vouchers.',
  },
  {
    id: 'crypto-payment',
    stage: 'money-ask',
    strength: 'certain',
    negatable: true,
    keywords: ['bitcoin', 'crypto', 'btc', 'usdt', 'tether'],
    patterns: [
      '\\b(?:buy|send|deposit|pay|put|transfer|convert)(?:{w}{0,6})? (?:bitcoin|crypto|cryptocurrency|btc|usdt|tether|bitcoin atm|bitcoin machine)\\b',
    ],
    explanation: 'The caller asked for payment in cryptocurrency. Genuine organisations never ask for that on a call.',
  },
  {
    id: 'withdraw-for-evidence',
    stage: 'money-ask',
    strength: 'certain',
    negatable: true,
    keywords: [
      'withdraw',
      'take',
      'draw',
      'get out',
      'evidence',
      'serial',
      'finger',
      'forensic',
      'investigation',
      'counterfeit',
      'get',
    ],
    patterns: [
      // "Draw the cash out for us to check", "take out three thousand so our officers can examine the notes".
      '\\b(?:withdraw|draw|take|get)(?:{w}{0,4})? (?:money|cash|notes|savings|funds|{bigsum})(?: out)?(?:{w}{0,4})? (?:for (?:us|me|our officers?|the officers?|our team|our lab|the lab|forensic)|so (?:that )?(?:we|i|our officers|the officers|forensic|the lab|our lab|our team)(?: \\w+)? (?:can|could|will|are able to)) (?:to )?(?:check|examine|test|inspect|analyse|analyze|compare|fingerprint|verify|look at|mark|record|collect|pick)\\b',
      '\\b(?:withdraw|take out|draw out|get out|take)(?:{w}{0,8})? (?:as|for) (?:evidence|forensics?|fingerprints?|examination|the investigation|checking|serial numbers|safekeeping|safe keeping)\\b',
      '\\b(?:evidence|serial numbers|fingerprints|forensic|investigation|counterfeit)(?:{w}{0,12})? (?:withdraw|take out|draw out)\\b',
      '\\b(?:withdraw|take out|draw out)(?:{w}{0,8})? {money}(?:{w}{0,12})? (?:evidence|serial numbers|fingerprints|forensic|counterfeit|officer|courier|collect)\\b',
    ],
    explanation:
      'The caller asked you to withdraw cash for an investigation. Police and banks never ask anyone to withdraw money.',
  },
  {
    id: 'withdraw-cash',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    // The ways to bank told of ("you can also pay in and take cash out at the Post Office with your card"): no ask.
    unless:
      '{options}|\\bpay in and (?:take|get|draw) (?:cash|money) out\\b|\\b(?:take|get|draw) (?:cash|money) out (?:at|from)(?: \\w+){1,4} with your card\\b',
    keywords: [
      'withdraw',
      ' out ',
      'bank',
      'branch',
      'cashpoint',
      'post office',
      'building society',
      'fifties',
      'twenties',
      'notes',
      'counter',
      'cashier',
      'teller',
      'clerk',
      'staff',
      'savings',
      'account',
      'ask',
    ],
    patterns: [
      // "We need you to do a second withdrawal today", "one more withdrawal of four thousand".
      '\\b(?:do|make){notme} (?:a|another|one more|a second|a further|the second|the next) (?:cash )?withdrawal\\b',
      '\\b(?:one more|another|a second|a further) (?:cash )?withdrawal (?:of|today|tomorrow|this afternoon|from)\\b',
      // The verb and its particle apart: "draw some money out", "get the cash out", "take fifteen hundred out".
      '\\b(?:draw|take|get){notme}(?: some| the| your| all| all the| all your| all of the| all of your| that| this| a bit of| some of the| some of your| more| what you can(?: as)?)? (?:money|cash|savings|funds|notes|{sum}) out\\b(?! of (?:(?:the |my |your |his |her )?(?:car|boot|bag|freezer|fridge|oven|wash|machine|wallet|purse)|{num})\\b)',
      '\\b(?:withdraw|draw|take|get){notme}(?: out)?(?:{w}{0,5})? (?:over|at|from) the (?:counter|cashier|teller|bank counter|cashiers desk)\\b',
      // "Go in and ask for three thousand pounds from your savings, in fifties", "ask the cashier for five thousand".
      '\\bask(?:ing)?(?: (?:them|her|him|{teller}|at the counter|at the desk))? for (?:the )?{sum}(?:{w}{0,5})? (?:in (?:fifties|twenties|tens|fifty pound notes|twenty pound notes|notes|cash)|(?:from|out of) {your} (?:savings|account|current account|isa|savings account))\\b',
      '\\bask (?:the )?(?:cashier|teller|clerk|counter staff|bank staff|staff at the counter|person at the counter|lady at the counter|man at the counter|girl at the counter)(?: \\w+)? for (?:{sum}|cash|the cash|the money|your money|your savings|it all|the lot|everything|all of it)\\b',
      '\\b(?:withdraw|(?:draw|take|get)(?= out)){notme}(?: out)?(?:{w}{0,4})? (?:{num}(?: {num})* )?(?:pounds|dollars|cash|money|thousand|hundred|quid|grand|savings)\\b',
      '\\b(?:go|get|pop|head) (?:down )?to (?:the|your) (?:bank|branch|post office|cashpoint|building society)(?:{w}{0,4})? (?:and|to) (?:withdraw|take out|get|draw)\\b',
      '\\bget it out of the (?:bank|cashpoint|machine)\\b',
      '\\b(?:ask|asking) (?:them |her |him |the cashier |the bank )?for (?:{num} )+(?:pounds |thousand |hundred |quid |grand )?in (?:fifties|twenties|tens|fifty pound notes|twenty pound notes|notes)\\b',
      // A bare number is a score, not money, when "out of" another follows: "you get ten out of ten".
      '\\bget (?:{num} )+(?:(?:pounds |thousand |hundred |quid |grand )out\\b|out\\b(?! of (?:{num}|a hundred)\\b))',
      '\\b(?:take|get){notme} (?:it|the money|your money|the cash|your savings) out (?:and|of the bank|of your account|today|tomorrow)\\b',
    ],
    explanation: 'The caller asked you to take out cash. Nobody genuine phones to ask you to withdraw money.',
  },
  {
    id: 'buy-goods',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    keywords: ['sovereign', 'krugerrand', 'buy', 'purchase', 'get', 'jewel', 'coin', 'gold', 'apple store', 'currys'],
    patterns: [
      '\\b(?<!(?:a|the|your|this|that|recent|any) )(?:buy|purchase|get)(?:{w}{0,5})? (?:gold|bullion|gold bars|bars|sovereigns?|krugerrands?|gold coins|coins|rolex|watches|watch|jewellery|jewelry|iphones?|laptops?|electronics|designer)\\b',
      '\\b(?:jeweller|jewellers|coin dealer|gold shop|apple store|electronics shop|currys)\\b(?:{w}{0,8})? (?:buy|pay|purchase)\\b',
    ],
    explanation: 'The caller asked you to buy gold, watches or goods for them. Police and banks never ask for that.',
  },
  {
    id: 'move-money',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    keywords: [
      'transfer',
      'move',
      'wire',
      'send',
      'pay',
      'western union',
      'moneygram',
      'money gram',
      'account',
      'give you',
      'return',
      'back',
      'decoy',
      'dummy',
      'sting',
      'bait',
      'trap',
      'marked',
    ],
    patterns: [
      // An amount to send, said to the listener: "send him three hundred and twenty", "transfer them four thousand".
      '\\b(?:send|transfer|wire){notme}(?: (?:him|her|them|me|us|over|across|it))* {bigsum}\\b',
      '\\bpay{notme} (?:him|her|them|me|us) {bigsum}\\b',
      '\\bsend{notme} (?:a |an |the )?(?:\\w+ )?(?:payment|transfer|deposit) of {bigsum}\\b',
      '\\b(?:decoy|dummy|sting|bait|trap|marked) (?:payment|payments|transfer|transfers|transaction|transactions|deposit)\\b',
      '\\b(?:send|transfer|move|wire){notme}(?: (?:him|her|them|me|us))? (?:the|your|all the|all your|all of the|all of your|that|this|those|these|some|the rest of the|the rest of your) (?:funds|money|savings|balance|cash)\\b(?! (?:back|home|safely|to your own|to you\\b|(?:to|into) your (?:bank |current )?account\\b(?! (?:at|with|in|that|which|we|i) )))',
      // "Pay it straight to them", "move it across to the new account details I'll text you".
      '\\bpay{notme} (?:it|that|this|the money|the lot|everything|them|the balance|the funds|it all)(?: straight| directly| right| over| across| all)* (?:to|into|in to) (?:them|him|her|us|me|the account|this account|that account|their account|his account|her account|our account|my account|the new account)\\b',
      '\\b(?:move|transfer|send|pay|put|shift|switch)(?:{w}{0,6})? (?:to|into|in) (?:the|this|that|a|these|those|my|our)(?: new| other| different)?(?: bank)? (?:account|account details|details|sort code|payee|account number)(?: \\w+)?(?: that| which)? (?:i|we|ill) (?:will |am going to |are going to |have |just |can |shall |ll )*(?:give|gave|text|send|sent|read|email|provide)\\b',
      '\\b(?:you|ya)(?: will| would| just)? (?:need|have|must|should|got|gotta|ought) (?:to )?(?:transfer|move|wire|send|pay)\\b',
      '\\b(?:need|want|ask|asking|require|get) you to (?:transfer|move|wire|send|pay)\\b',
      '\\b(?:transfer|move|wire|send) (?:the |your |all |all of your |all your )?(?:{num} )*(?:money|funds|savings|pounds|dollars|balance|balances)\\b(?:{w}{0,5})? (?:to|into) (?:a|an|the|this|our|my|us|me)\\b',
      '\\b(?:settlement|enforcement|holding|escrow|suspense|clearing|government|court|police) account\\b',
      '\\bgive you (?:our|the|my) (?:account details|bank details|account number|sort code)\\b',
      '\\b(?:western union|moneygram|money gram|wire transfer|bank transfer to)\\b',
      '\\bsend (?:it )?back(?:{w}{0,5})? (?:money|amount|difference|extra)\\b',
      '\\b(?:return|pay back|give back|refund back)(?: to (?:us|me))?(?: the| that| this)? (?:extra|excess|difference|overpaid|additional) (?:money|amount|funds|dollars|pounds)\\b',
    ],
    explanation: 'The caller asked you to move or send money. Genuine callers do not ask you to move money on a call.',
  },
  {
    // The relative "in trouble" asking for money: "could you help me out with some money?", "I need two thousand
    // by tonight". Strong, not certain: family do ask each other for help; the model weighs what came before.
    id: 'help-with-money',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    keywords: ['help', 'lend', 'need', 'sub me', 'spot me'],
    patterns: [
      '\\b(?:could|can|would|will) you (?:help me(?: out)?|help us(?: out)?|lend me|lend us|sub me|spot me)(?: out)? with (?:some |a bit of |a little |the )?(?:money|cash|bail|fee|fine|deposit|bill|rest)\\b',
      '\\b(?:i|we) (?:need|needs|have to have|gotta have|got to have) (?:{num} )+(?:pounds |quid |dollars |euros |grand )?(?:by|before|for) (?:tonight|today|tomorrow|this afternoon|this evening|the morning|first thing|five|six|seven|eight|nine|ten|noon|midday)\\b',
      // "I just need the money for the solicitor".
      '\\b(?:i|we) (?:just |really |only |urgently )?need (?:the |some |a bit of |a little )?(?:money|cash)(?: \\w+){0,2} (?:for|to pay|to cover) (?:the|a|my|his|her) (?:solicitor|lawyer|bail|fine|hospital|ticket|flight|garage|repairs?|fees?|surgery|operation|recovery)\\b',
    ],
    explanation:
      'The caller asked you for money for someone in trouble. Check by ringing the person on the number you already have.',
  },
  {
    // Money asked for and where it goes, as relatives "in trouble", fake solicitors, hospitals and investment firms
    // put it: "could you send him the six hundred", "if you pay it straight to them", "zelle it to me", "a deposit of
    // three thousand euros by bank transfer", "send a deposit today", "I'll text you the account details". Strong:
    // the model weighs who is asking.
    id: 'money-to-someone',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    unless: '{options}',
    keywords: [
      'give you',
      's account',
      'wants',
      'they want',
      'demand',
      'asking for',
      'pop it',
      'get it',
      'need the',
      'need your',
      'need that',
      'need this',
      'needs',
      'they need',
      'send',
      'lend',
      'pay',
      'zelle',
      'wire',
      'transfer',
      'deposit',
      'account details',
      'bank details',
      'get that together',
      'get it together',
      'new details',
      'same as',
      'like yesterday',
      'like before',
      'like last time',
      'again',
    ],
    patterns: [
      // Not the speaker paying out: "so we'll pay three hundred and ninety-nine minus the fifty".
      '\\b(?<!\\b(?:we|well|we will|i|ill|i will|they|theyll|they will|it|itll|it will)(?: just| then| now| can| shall| would| could)? )(?:send|lend|transfer|pay|wire|zelle)(?: (?:me|him|her|them|us))?(?: the)? {bigsum}\\b',
      // "Send it to us" is about money only where money is spoken of (not a doorbell camera's footage).
      '\\b(?:pay|send|transfer|wire|zelle|move|post|pop|get) (?:it|that|the money|the rest|the balance|the lot|them)(?: today| now| tonight| straight away| right away| over)? (?:straight |direct |directly )?(?:to|over to|into|across to) (?:them|him|her|me|us)\\b(?:(?<=\\b(?:money|cash|pounds|quid|dollars|euros|payment|bank|account|fee|a fine|the fine|bail|deposit|thousand|hundred|grand|bill|rent)\\b.*)|(?=.*\\b(?:money|cash|pounds|quid|dollars|euros|payment|bank|account|fee|a fine|the fine|bail|deposit|thousand|hundred|grand|bill|rent)\\b))',
      '\\b(?:pay|send|transfer|wire|zelle|move|post|pop|get) (?:it|that|the money|the rest|the balance|the lot|them)(?: today| now| tonight| straight away| right away| over)? (?:straight |direct |directly )?(?:to|over to|into|across to) (?:(?:my|his|her|their|our|the|this|a|an)(?: \\w+){0,2} (?:account|agent|solicitor|lawyer|office|friend|mate|flatmate|landlord|courier|colleague|wallet))\\b',
      '\\b(?:zelle|wire|venmo|cash app) (?:it|that|the money|me|him|her)\\b',
      // A deadline on the payment: "if you transfer it by Thursday, I'll waive the storage fee".
      '\\b(?:transfer|send|pay|wire) (?:it|the money|that|the funds|the deposit)(?: over| across)? (?:by|before) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today|the end of (?:the )?(?:day|week|month))\\b',
      // The money to a third person's account: "it's to my friend Chloe's account because mine's frozen".
      '\\b(?:its|it is|it goes|it needs to go|send it|pay it|put it|transfer it) (?:to|into|in to) (?:my|his|her|their|a) (?:friends?|mates?|flatmates?|boyfriends?|girlfriends?|partners?|colleagues?|bosss?|foremans?|landlords?|cousins?)(?: \\w+)? account\\b',
      '\\b(?:send|pay|transfer|make|put down|leave) (?:a|the|your) (?:deposit|holding deposit|down payment|release fee|payment)(?:{w}{0,3})? (?:today|now|tonight|this afternoon|straight away|right away|by|before|of)\\b',
      '\\b(?:deposit|fee|payment|bond|surety|charge|sum|amount) of {bigsum}(?:{w}{0,3})? (?:by|via|through|in) (?:bank transfer|transfer|card|cash|wire|zelle|gift cards?|vouchers?)\\b',
      '\\b(?:i will|ill|let me|i can) (?:text|send|email|whatsapp|message) you (?:the|my|his|her|their|our) (?:new )?(?:account|bank|payment) details\\b',
      '\\b(?:i will|ill|let me|i can) (?:text|send|email|whatsapp|message) you (?:the|my) new details\\b',
      // The money asked for, then sent on: "about four thousand … could you send it … I can give you the hospital
      // account".
      '\\b(?:(?:could|can|would|will) you|you (?:could|can|would)) (?:send|transfer|wire|pay) (?:it|that|the money|that money|them)\\b(?<=\\b(?:{bigsum}|deposit|fee|bill|bail|fine)\\b.{1,160})',
      '\\b(?:i will|ill|let me|i can|we will|well) give you (?:the|their|his|her) (?:\\w+ )?account(?: number| details)?\\b(?! (?:reference|ref|name|manager|holder)\\b)',
      // A bill to pay for the caller, whose details come by text: "can you pay my electric bill … I'll send you the
      // details".
      '\\b(?:i will|ill|let me|i can) (?:text|send|email|whatsapp|message|forward) you (?:the|his|her|their) details\\b(?<=\\b(?:pay|transfer|bill|bills|invoice)\\b.{1,200})',
      // Someone else's details to pay: "I'll give you their details", "I'll give you his account details".
      '\\b(?:i will|ill|let me|i can|we will|well) give you (?:(?:their|his|her|the bailiffs|the solicitors|the garages|the landlords)(?: account| bank| payment)?|the (?:\\w+ )?(?:account|bank|payment)) details\\b',
      // Someone else's demand passed on: "he wants eighteen hundred pounds for his van", "the garage needs six
      // hundred".
      '\\b(?:he|she|they|the man|the garage|the hospital|the landlord|the solicitor|the lawyer|the bailiff|the bailiffs|the police|the other driver)(?: \\w+)? (?:wants|want|needs|need|is asking for|are asking for|is demanding|are demanding)(?: \\w+)? {bigsum}\\b',
      // The rest of the money demanded today: "we need the rest of the money today, cash".
      '\\b(?:we|i) need (?:the rest of )?(?:the|your|that|this) (?:money|cash|payment|balance)(?:{w}{0,2})? (?:today|now|tonight|right now|in cash|cash)\\b',
      '\\b(?:can you|could you|are you able to|can we) (?:get|put|scrape|pull) (?:that|it|the money|the cash|that much|this) together\\b',
      '\\b(?:do|make|set up) (?:a|the) (?:bank )?(?:transfer|payment)(?: now| today| for me| tonight| straight away| right away| to)\\b',
      // The second time: "same as yesterday, same branch, three thousand again", "do the same again today".
      '\\b(?:same as|like) (?:yesterday|before|last time|the other day)\\b(?=.*\\b(?:{bigsum}|again|branch|cashier|counter)\\b)',
      '\\b(?:do|draw|take|get|send) (?:the same|that|it)(?: out)? again (?:today|tomorrow|this afternoon|this morning|now|for us|for me)\\b',
    ],
    explanation:
      'The caller asked you to send money. Check with the person or firm on a number you already have before paying anything.',
  },
  {
    // Payment diversion (conveyancing, builders, invoices): "please don't use that account, our bank moved us to a
    // new client account". The "don't" is the ask itself, so this rule is not negatable.
    id: 'changed-account-details',
    stage: 'money-ask',
    strength: 'strong',
    negatable: false,
    keywords: [
      'use',
      'pay into',
      'send it to',
      'pay to',
      'changed',
      'new client account',
      'new account details',
      ' name ',
    ],
    patterns: [
      '\\b(?:do not|dont|please dont|please do not) (?:use|pay into|send it to|pay to|send the money to) (?:that|the old|our old|the usual)(?: \\w+)? (?:account|details|bank details|account details)\\b',
      '\\b(?:our|my|the) (?:bank|account|client account|account details|bank details|payment details) (?:have|has) (?:changed|moved)\\b(?=.*\\b(?:new|these|this)\\b)',
      '\\b(?:moved|switched) us to a new (?:client |bank )?account\\b',
      // A relative's "new account" in someone else's name: "the new details, it's in my flatmate's name".
      '\\b(?:its|it is|the account is|account is|the accounts|theyre|they are)(?: \\w+)? (?:in|under) (?:my|his|her|a) (?:\\w+ )?(?:flatmates|mates|friends|boyfriends|girlfriends|partners|landlords|roommates|housemates|colleagues|bosss|cousins) name\\b',
    ],
    explanation:
      'The caller said their bank details have changed. Firms do not change where you pay by phone: ring them on a number you already have.',
  },
  {
    id: 'fee-or-fine',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    unless:
      '{owncard}|\\b(?:(?:there is|theres|there will be) nothing to pay|nothing to pay (?:now|today|yet)|no need to pay (?:now|today|anything)|(?:you )?(?:do not|dont) (?:need|have) to pay (?:anything|now|today)|no payment (?:is )?(?:needed|due|required) (?:now|today)|free of charge)\\b',
    keywords: ['fine', 'penalty', 'fee', 'charge', 'tax', 'pay', 'settle', 'clear', 'cover', 'bail', 'surety', 'bond'],
    patterns: [
      '\\b(?:release|clearance|clearing|processing|admin|administration|handling|customs|delivery|transfer|insurance|activation|registration|legal) (?:fee|fees|charge|tax)\\b',
      '\\b(?:pay|settle|clear|cover)(?:{w}{0,4})? (?:the )?(?:fee|fees|fine|fines|bail|surety|bond|penalty|outstanding|arrears|amount due|balance owed|tax owed|debt)\\b',
      '\\b(?:pay|settle)(?: it| this| that| the \\w+)?(?: with me)? (?:now|today|immediately|right away|over the phone|by bank transfer|by transfer)\\b',
      '\\b(?:bail money|cash surety|cash bail|bail bond)\\b',
      // The sum named, then the payment: "released if a fine of two thousand five hundred pounds is paid today".
      '\\b(?:fine|fee|penalty|charge|bail|bond|surety) of {bigsum}\\b(?:{w}{0,4})? (?:is |are |to be |must be |has to be |needs to be )?(?:paid|settled|cleared)\\b(?! by (?:your|the|our|us|them)\\b)',
    ],
    explanation: 'The caller asked you to pay a fee, fine or bail on the phone. That is how this scam takes money.',
  },
  {
    // A card payment asked for on the call: "could I take a card payment from you now", "can I take a debit card".
    // Firms the person owes take payments like this too, so only strong, and never an escalation: the model weighs
    // who is asking. An offer among ways to pay ("or I can take a card now if you'd like") is no ask.
    id: 'card-payment-ask',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    unless:
      '\\b(?:if you(?:d| would)? (?:like|prefer|want|rather)|direct debit|in person|at the (?:office|counter|shop|branch|surgery|reception)|(?:or|and) (?:by|pay at|you can))\\b',
    keywords: ['card', 'payment'],
    patterns: [
      '\\b(?:can|could|may|shall) (?:i|we) (?:just )?(?:take|have|process) (?:a |the |your )?(?:debit card|credit card|card|card payment|debit card payment|payment)(?: details)?(?: (?:from|off) you)?(?: now| today| over the phone| please)?\\b(?! (?:number|on file|you (?:used|gave)|we have))',
      '\\b(?:pay|paying|payment)(?: it| that| this| the \\w+)? (?:by|with|on) (?:a |your )?(?:debit |credit )?card (?:now|today|over the phone|right now|straight away)\\b',
      '\\b(?:pay|paying)(?: it| that| this| the \\w+)? (?:now|today|right now|straight away) (?:by|with|on) (?:a |your )?(?:debit |credit )?card\\b',
    ],
    explanation:
      'The caller asked to take a card payment on a call they made. Pay only firms you contact yourself, on a number you trust.',
  },
  {
    // An investment's entry price: "the minimum purchase is ten thousand pounds", "minimum investment of five grand".
    id: 'investment-buy-in',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    keywords: ['minimum', 'min '],
    patterns: [
      '\\b(?:minimum|min) (?:purchase|investment|buy in|deposit|stake|order|holding|amount)(?: \\w+){0,2} (?:is|of|would be|starts at|we take)\\b',
    ],
    explanation:
      'The caller asked you to put money into an investment on a cold call. Genuine firms do not sell investments by cold calling.',
  },
  // ── handover ────────────────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'courier-collects',
    stage: 'handover',
    strength: 'certain',
    negatable: true,
    // A cab fare paid to the driver ("the fare is thirty-five pounds, you can pay the driver cash") is no handover.
    unless:
      '\\b(?:the fare|fare is|fare will be|fare to|fares|pay (?:the|your) (?:driver|cabbie|taxi driver) (?:in|at|when|on|by|with|cash|card)|(?:cash|card) (?:or (?:cash|card) )?in the (?:car|cab|taxi))\\b',
    keywords: [
      'collect',
      'pick',
      'get',
      'take',
      'look after',
      'keep',
      'envelope',
      'send',
      'sending',
      'hand',
      'give',
      'pass',
      'post',
      'mail',
      'dispatch',
      'book',
      'arrang',
      'grab',
      'fetch',
      'forensic',
      'fingerprint',
      'lab',
      'analysis',
      'examination',
      'testing',
      'comparison',
      'evidence',
    ],
    patterns: [
      '\\b{collector}(?:{w}{0,8})? (?:collect|pick up|picks up|come and get|come round for|come and collect|collects|take|look after|be round|be over|call round|call by|pop round|pop by|come by)(?:{w}{0,4})? (?:{cards}|the envelope|everything|them safe|it safe)\\b',
      '\\b{collector}(?:{w}{0,8})? keep(?:{w}{0,4})? (?:{cards}|them|it|everything)(?:{w}{0,3})? (?:safe|safely|secure|for you|for safekeeping)\\b',
      // Not an officer sent for a statement or photographs of the damage.
      '\\b(?:send|sending) (?:an officer|a courier|a police officer|one of our officers|a colleague) (?:round|over|to your house|to you)\\b(?!(?: \\w+){0,4} (?:statement|statements|photos|photographs|pictures|fingerprints|prints|look at|see you|speak|talk|chat|check on you|crime scene))',
      '\\b(?:hand|give|pass)(?: the envelope| the money| the cash| the cards?| everything| your cards?| the box| the bag| the tin| the package| the purse| the wallet| the valuables| the jewellery| the gold| the lot)(?: over)? (?:to|over to) (?:the|our|my|a) (?:courier|driver|officer|colleague|agent|taxi driver|man)\\b',
      // The card itself, for a "lab": "we need the actual card so forensics can compare it".
      '\\b(?:(?:need|want|have|get|send|post|collect|take|examine|check|hand over)(?:{w}{0,3})? (?:the|your) (?:actual |real |physical |original |old |bank |debit |credit )*|(?:the|your) (?:actual|real|original) (?:bank |debit |credit )?)(?:card|cards)\\b(?:{w}{0,6})? (?:so|for|and|to)(?: that)?(?: our| the)? (?:forensic|fingerprints?|fingerprinting|lab|laboratory|analysis|examination|testing|comparison|evidence)\\b',
      '\\b(?:put|place|seal|pop)(?:{w}{0,6})? {cards}(?:{w}{0,4})? (?:in|into|inside) (?:an|a|the) envelope\\b',
      '\\b(?:post|mail|send) (?:your|the) (?:cards?|bank cards?|cash|money) (?:to|in)\\b(?! (?:you|your (?:bank |current )?account|your bank)\\b)',
      '\\b(?:hand|give|pass)(?: it| them| that| this| everything| the \\w+)?(?: over)? to (?:the|a) (?:chap|man|gentleman|lady|woman|person|fellow|bloke|guy|driver|courier|officer) (?:who|that) (?:knocks|comes|calls|arrives|turns up|rings the bell)\\b',
      // Not the resident collecting: "you'll want to check everything when you collect it, and if your cards …".
      '\\b(?<!\\b(?:you|ya)(?: will| can| could| may| might| should| must| need to| have to| just| then| come and)? )(?:collect|pick up|pick)(?:{w}{0,3})? (?:your|ur|you) (?:card|cards|bank card|cash|money|envelope|gold|coins|watch|jewellery)\\b',
      // The envelope handed to someone sent for it: "then hand him the envelope", "he'll just knock and take the
      // envelope".
      '\\b(?:hand|give|pass) (?:him|her|them|the man|the lady|the officer|the driver|the courier) (?:the|your|that) envelope\\b',
      '\\b(?:knock|ring the bell|come to the door|at the door)(?:{w}{0,3})? (?:and|to) (?:take|collect|pick up|get) (?:the|your|that) envelope\\b',
      // "One of their lads will come and pick it up from you tonight".
      '\\b{collector}(?:{w}{0,4})? (?:come|call|pop|nip) (?:round )?(?:and|to) (?:pick|collect|get|fetch) (?:it|them|the cash|the money|the envelope)(?: up)? (?:from|off) you\\b',
      '\\b(?:collect|pick up|pick)(?: up| it| them)? the (?:card|cards|bank card|cash|money|envelope|gold|coins|watch|jewellery)\\b',
      // Someone who is not the relative comes for the money: "lend him two thousand in cash, I can pop round and
      // pick it up for him" (the money named in the same utterance, just before).
      '\\b{money}\\b(?:{w}{0,8})? (?<!(?:you|ya) )(?:pop|come|nip|drop|swing|call|run|whizz) (?:round|over|by|across)(?:{w}{0,5})? (?:and |to )?(?:pick|collect|get|fetch|grab)\\b',
      '\\b(?<!(?:you|ya) )(?:pop|come|nip|drop|swing|call|run) (?:round|over|by|across)(?:{w}{0,3})? (?:and |to )?(?:pick up|collect|get|fetch|grab) (?:the |your |that )?(?:cash|money|envelope|cards?|notes)\\b',
    ],
    explanation:
      'The caller arranged for someone to collect cards, cash or goods. Police and banks never send a courier to collect them.',
  },
  {
    // Cash or cards sent by post: "post it special delivery to his office", "send the cash recorded delivery".
    id: 'post-it',
    stage: 'handover',
    strength: 'strong',
    negatable: true,
    keywords: ['delivery', 'registered', 'post'],
    patterns: [
      '\\b(?:post|send|mail)(?: it| them| the cash| the money| the notes| the cards?| the envelope)?(?: off)? (?:by )?(?:special delivery|recorded delivery|registered post|registered mail|signed for)\\b',
    ],
    explanation:
      'The caller asked you to post cash or cards. Police, banks and solicitors never ask anyone to post money or cards.',
  },
  {
    // "Our driver can collect it", "we'll book a taxi to take it": a courier for something the words do not name.
    // Ordinary for a parcel or a wheelchair, so only strong: after an official claim it escalates, and the model
    // weighs it with what was said before.
    id: 'courier-collects-it',
    stage: 'handover',
    strength: 'strong',
    negatable: true,
    // Bringing it in person is offered as well ("pop it in the post to us, or bring it to the hub in the library"):
    // a council or a surgery asking for a form or a photo, no courier.
    unless:
      '\\bor (?:bring|drop|hand|take) (?:it|them)(?: in| round| over)? (?:to|at|into) (?:the|our|your) (?:hub|library|office|offices|branch|counter|station|front desk|reception|surgery|council|town hall|post office)\\b',
    keywords: [
      'ready in',
      'collector',
      'volunteer',
      'swap',
      'exchange',
      'replace',
      ' for it',
      'for the money',
      'for the cash',
      'for the envelope',
      'and fetch',
      'hand',
      'give',
      'pass',
      'envelope',
      'collect',
      'pick',
      'get',
      'take',
      'look after',
      'book',
      'arrang',
      'send',
      'dispatch',
      'envelope',
      'back',
      'post',
      'mail',
    ],
    patterns: [
      // The card asked back, posted, or sealed up, without naming who takes it.
      '\\b(?:need|needs|want|wants|have|get|collect|take)(?: to have| to get)?(?:{w}{0,2})? (?:the|your|that) (?:old |actual |original |physical |bank |debit |credit |compromised |cloned )*(?:card|cards|one) back\\b(?! (?:to|from) (?:you|work|normal))',
      '\\b(?:post|send|mail)(?: it| them| the card| the cards| your card| your cards| the envelope| it all| everything)?(?: off| on)? (?:to|at) (?:the|this|that|an|our) (?:address|po box|p o box)(?: that| which)? (?:i|we|ill) (?:will |am going to |are going to |have |ll |shall |can )*(?:text|give|send|read|email)\\b',
      '\\b(?:pop|put|send|post){notme}(?: it| them| the card| the cards| your card| your cards| the envelope)(?: back)? (?:in|into) the post (?:to (?:us|me|our (?:office|team|lab|department|investigators)))\\b',
      '\\b(?:pop|put|place|seal|slip){notme}(?: it| them| that| this| those| everything| the lot| it all)(?: all)? (?:in|into|inside) (?:an|a|the) envelope\\b(?! (?:provided|enclosed|we sent|that came|with the form|with your name|and bring it|and give it to me at|at the meeting))',
      // Someone coming to take the money off you: "I can pop round and pick it up from you", "pick up a couple of
      // hundred from you".
      // The caller coming for it: "I'll pop round for it", "I can come to your house and get it".
      '\\b(?:i will|ill|i can|let me|i could|i am going to|im going to|im gonna|i am gonna)(?: just)? (?:pop|come|nip|call|drive|swing|run|shoot)(?: round| over| by| up)?(?: to your (?:house|place|flat|door))?(?: now| later| in a bit)? (?:for it|for the (?:money|cash|envelope)|and (?:get|grab|collect|pick up|fetch) (?:it|the money|the cash)(?! back| for you))\\b',
      '\\b(?:pick|collect|fetch|grab|get)(?: up)? (?:the money|the cash|the envelope|some money|some cash|a couple of hundred|a few hundred|{sum})(?: up)? (?:off|from) you\\b',
      // Not the resident's own helper fetching it from the police ("do you have someone who could collect it, or
      // shall we bring it round").
      '\\b(?<!\\b(?:you have|you got|youve got|is there|theres|there is) ){collector}(?:{w}{0,8})? (?:pick it up|pick them up|collect it|collect them|to get it|take it|take them|look after it|look after them)\\b(?! back| to the post| for return| on your behalf| for you from (?:the|our) (?:station|counter|front desk)| or (?:shall|should|can|could|will|would you like) (?:we|i|us)\\b)',
      '\\b(?:send|sending|arrange|arranging|dispatch|book)(?: you)? (?:a|an|our|one of our) (?:courier|driver|taxi|officer|car)(?:{w}{0,8})? (?:collect|pick|take|get|bring)\\b(?! (?:a |some |the |your )?(?:statement|statements|photos|photographs|pictures|fingerprints|prints|look|details)\\b)',
      // "give it me in an envelope": colleagues collecting for a present say it too; the courier version is certain
      // above (cards or cash put in an envelope, handed to the courier).
      '\\b(?:give|hand|pass)(?:{w}{0,4})? (?:in|inside) (?:an|a|the) envelope\\b',
      // Someone coming to swap them: "someone from our team will come and swap them for good ones".
      '\\b{collector}(?:{w}{0,8})? (?:come and |come round and |pop round and |call and )?(?:swap|exchange|replace) (?:them|it|the notes|your notes|the cards|your cards|the money|your money)\\b(?<=\\b(?:notes|banknotes|cash|money|cards?)\\b.*)',
      // "Seal it and hand it to him at the door", "have it ready in an envelope by four".
      '\\b(?:hand|give|pass)(?: it| them| the envelope)(?: over)? to (?:him|her|them) (?:at the door|on the doorstep|when (?:he|she|they) (?:arrives?|comes?|gets? there|knocks?|calls?))\\b',
      '\\b(?:have|get|put) (?:it|them|the (?:cash|money|notes)) ready in (?:an|a|the) envelope\\b',
      '\\b(?:collector|volunteer)(?:{w}{0,8})? (?:call round|come round|pop round|come by|call by|call in) (?:for|to collect) (?:a |the |your )?(?:cash|money|donation|envelope)\\b',
      // "just give it to the driver": a bus fare, a parcel; with cards or cash named it is certain (above).
      '\\b(?:hand|give|pass)(?: it| them| it all)?(?: over)? (?:to|over to) (?:the|our|my|a) (?:courier|driver|officer|colleague|agent|taxi driver|man)\\b',
      // "One of their lads will come round … just give him the cash".
      '\\b(?:just )?(?:hand|give|pass) (?:him|her|them) (?:the|all the|your) (?:cash|money|envelope|notes|cards)\\b(?<=\\b(?:come round|coming round|call round|pop round|come to yours|come to your|at the door|knock|collect)\\b.{1,200})',
    ],
    explanation:
      'The caller is sending someone to collect something from you. Police and banks never send a courier to collect cards or cash.',
  },
  // ── secrecy ─────────────────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'keep-secret',
    stage: 'secrecy',
    strength: 'strong',
    negatable: false,
    // "Don't tell me it, don't tell anyone it": a secret kept from the caller too is protection, not secrecy.
    unless:
      '\\b(?:dont|do not|never) (?:tell|give|read|say)(?: it| that| them| the code| your pin)?(?: out)?(?: to)? me\\b',
    keywords: [
      'keep it from',
      'keep this from',
      'keep that from',
      'keep all this from',
      'keep it quiet from',
      'cannae',
      'canna',
      'dinnae',
      'dinna',
      'divnt',
      'no need',
      'nt want',
      'not want',
      'dont',
      'do not',
      'must not',
      'mustnt',
      'cant',
      'cannot',
      'shouldnt',
      'should not',
      'never',
      'not to',
      'tell',
      'say',
      'explain',
      'keep',
      'kept',
      'confidential',
      'secret',
      'covert',
      'undercover',
      'involved',
      'in on it',
      'part of',
      'working with',
      'corrupt',
      'league',
      'ask',
      'question',
      'quer',
      'want to know',
      'wants to know',
      'check',
      'make up',
      'a word',
      'between',
    ],
    patterns: [
      '\\b(?:dont|do not|must not|mustnt|cant|cannot|cannae|canna|dinnae|dinna|divnt|shouldnt|should not|never|please dont|not to|no need to|no need for you to)(?: \\w+)? (?:tell|discuss|mention|say anything|speak to|talk to|inform|involve|(?:ring|call|contact)(?! (?:asking|to ask|and ask)\\b)|trust|let(?= (?:\\w+ ){0,5}(?:know|find out|hear|see)\\b))(?:{w}{0,2})? (?:anyone|anybody|no one|nobody|the bank|your bank|bank staff|the staff|staff|the cashier|cashier|the branch|branch|your family|family|your son|your daughter|mum|dad|mom|mam|mammy|nan|nana|nain|gran|granny|grandma|grandad|grandpa|taid|my (?:mum|mam|mom|dad|parents|wife|husband|nan|gran)|your mom|your mum|your dad|your parents|your wife|your husband|the police|neighbours|your neighbours|your children|the teller|them at the bank|anyone at|the (?:taxi |cab )?driver|the courier|(?:the |them |any of the )?(?:girls|lads|ladies|people|folk|staff|woman|man|lady|girl) (?:at|in|behind) the (?:bank|branch|counter|post office|building society))\\b(?! (?:your|their|the|any|a) (?:pin|pins|password|passwords|passcode|code|codes|card details|bank details|details|security))',
      '\\b(?:keep|kept) (?:this|it|the call|everything|our conversation|this call|this conversation)(?: completely| strictly| totally)? (?:quiet|secret|confidential|private|between us|to yourself|under wraps)\\b',
      '\\b(?:confidential|secret|covert|undercover) (?:operation|investigation|matter|case|inquiry|enquiry)\\b',
      '\\b(?:bank|staff|cashier|branch|teller|someone at the bank|people at the bank)(?:{w}{0,3})? (?:may|might|could|are|is)(?: be)? (?:involved|in on it|part of|working with|corrupt|in league)\\b',
      '\\b(?:if|when) (?:they|the cashier|the bank|staff|anyone|someone|she|he|the teller)(?:{w}{0,2})? (?:ask|asks)(?: you)? (?:why|what|who|where|how)(?:{w}{0,6})? (?:say|tell them|just say)\\b{nottruth}',
      // "If they ask, you're buying a car for your grandson".
      '\\b(?:if|when) (?:they|the cashier|the bank|staff|she|he|the teller) (?:ask|asks)(?: you)? (?:youre|you are|its|it is) (?:buying|paying for|getting|for)\\b',
      // The cover story being rehearsed: "remember what we said, if the cashier asks you what the money is for".
      '\\b(?:if|when|should) {teller}(?: at the (?:bank|counter|branch|till|desk))? (?:asks?|wants to know)(?: you)? (?:what|why)(?: \\w+){0,3} (?:money|cash|it|withdrawal) (?:is|was) for\\b(?<=\\b(?:remember|what (?:we|i) (?:said|told you|agreed|practised|went through))\\b.{1,80})',
      // A cover story for the bank: "if your bank asks, just say you're paying a builder", "tell the cashier it's a
      // gift". Said of the bank or its staff only: "tell them it's for the party, it's a surprise" is no lie to a bank.
      '\\b(?:if|when|should) {teller}(?: at the (?:bank|counter|branch|till|desk))?(?:{w}{0,2})? (?:ask|asks|asking|question|questions|query|queries|want to know|wants to know|check|checks)(?:{w}{0,6})? (?:say|tell (?:them|her|him)|just say|you say|explain)\\b{nottruth}',
      '\\b(?:say|tell|explain) (?:to )?{teller}(?: that)? (?:its|it is|you are|youre|the money is|the cash is|you want it|you need it)(?: \\w+){0,2} (?:for|a gift|a present|paying|buying|giving|lending|helping|renovating|doing up|getting)\\b',
      // (The bank is named just before; the bounded look-behind runs only where "say"/"tell them" matched.)
      '\\b(?:say|tell (?:them|her|him))(?<=\\b(?:bank|banks|cashier|cashiers|teller|branch|building society|post office|counter)\\b.{0,240})(?: that)? (?:you are|youre|its|it is|the money is|the cash is)(?: \\w+){0,2}? (?:paying|buying|for|giving|lending|helping|renovating|doing up|getting|a gift|a present)(?:{w}{0,3})? (?:a |an |the |your |some |my )?(?:builder|builders|kitchen|holiday|car|wedding|present|gift|grandson|granddaughter|grandchild|grandchildren|family|relative|daughter|son|nephew|niece|friend|deposit|boiler|roof|bathroom|windows|conservatory|extension|renovation|renovations|home improvements|building work|caravan|cruise|funeral|new car|house|van)\\b',
      '\\bmake up (?:a|some|any) (?:reason|story|excuse)\\b',
      // "I need you to keep it from my mum and dad".
      '\\bkeep (?:it|this|that|all this)(?: quiet)? from (?:my|your|the) (?:mum|mam|dad|parents|mum and dad|family|wife|husband|son|daughter|children|kids|bank|staff)\\b',
      '\\b(?:dont|do not|never|must not|mustnt|please dont) (?:discuss|talk about|mention) (?:it|this|the case|any of this|the matter)(?: \\w+){0,4} (?:with|to) (?:anyone|anybody|no one|nobody|your family|the bank|your bank|the staff)\\b',
      // "Remember what I said about the staff, don't tell them anything".
      '\\b(?:dont|do not|never|must not|mustnt) (?:tell|say to) them (?:anything|a thing|nothing|about (?:this|us|me|the call))\\b(?<=\\b(?:staff|bank|cashier|cashiers|teller|tellers|branch|counter|building society|post office)\\b.*)',
      '\\b(?:dont|do not|must not|mustnt|never|shouldnt|should not) (?:tell|say to|mention to|explain to|let on to) (?:them|the bank|the cashier|staff|the staff|the teller|anyone)(?: at the (?:bank|counter|branch))? (?:the real reason|the truth|about (?:us|me|the police|this call|the call|the investigation|the operation))\\b',
      '\\b(?:say|tell (?:them|her|him|the cashier|the bank|the staff|staff|the teller|the clerk))(?: that)? (?:it is|its) for (?:a|an|your|the|some) (?:holiday|kitchen|car|wedding|present|gift|building work|home improvement|new kitchen|family|new car|boiler|roof|deposit|builder|grandchild|grandson|granddaughter)',
      '\\b(?:not a word|dont breathe a word|this stays between us|between you and me)\\b',
      // "To keep the bonus it's best not to mention it to the pension provider".
      '\\b(?:best|better|wiser|safer) not to (?:mention|tell|discuss|say anything)(?: it| this| that| anything)?(?: about (?:it|this|us))? (?:to|with) (?:the|your|anyone|anybody)\\b',
      // Secrecy on someone else's behalf: "he doesn't want Sarah to know", "she does not want her husband knowing".
      '\\b(?:he|she|they|i|we)(?: really)? (?:doesnt|does not|dont|do not) want (?:\\w+ ){1,2}(?:to know|knowing|to find out|finding out)\\b',
    ],
    explanation:
      'The caller told you to keep the call secret, even from your bank or family. Genuine callers never ask for secrecy.',
  },
  // ── pressure / control ──────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'stay-on-line',
    stage: 'pressure',
    strength: 'strong',
    negatable: false,
    keywords: [
      'line',
      'phone',
      'call',
      'hang up',
      'disconnect',
      'nine',
      'triple',
      'can hear',
      'listen',
      'hear everything',
    ],
    patterns: [
      '\\b(?:stay|remain|keep|hold) (?:on )?(?:the|this) (?:line|phone|call)\\b(?!{w}{0,3} (?:and i will|while i) (?:check|transfer))',
      '\\b(?:dont|do not|please dont|never) (?:hang up|put the phone down|put down the phone|end the call|disconnect|cut the call|leave the line)\\b',
      '\\b(?:ring|call|dial|phone) (?:nine nine nine|nine one one|triple nine)(?:{w}{0,8})? (?:stay|hold|keep|i will stay|ill stay|i will be|line)\\b',
      '\\b(?:keep|leave) (?:the|this) line open\\b',
      // The phone kept on in a pocket at the bank so the caller hears: "keep it in your coat pocket switched on so I
      // can hear everything".
      '\\b(?:keep|leave|put|pop) (?:the phone|your phone|it|the mobile|your mobile)(?: \\w+){0,5} (?:switched on|on|in your (?:coat |jacket )?(?:pocket|bag|handbag))(?: \\w+){0,4} (?:so (?:i|we) can (?:hear|listen)|and (?:i|ill|i will|we|well|we will) (?:be listening|hear everything|listen))\\b',
    ],
    explanation:
      'The caller tried to keep you on the line. Hang up, wait, and ring a number you trust on another phone.',
  },
  {
    // Steering the person away from the number on their card to a number the caller gives: the call back to "the
    // bank" then reaches the fraudster. Genuine banks tell people to use the number on the card.
    id: 'card-number-discouraged',
    stage: 'pressure',
    strength: 'strong',
    negatable: false,
    keywords: ['number on', 'general', 'main line', 'queue', 'direct'],
    patterns: [
      '\\b(?:dont|do not|no need to|theres no need to|there is no need to|you dont need to|dont bother to|dont bother) (?:ring|call|use|try|dial|bother with) the number on (?:the back of )?(?:your|the|ur) card\\b',
      '\\b(?:that|the|this) number(?: on (?:the back of )?(?:your|the) card)? (?:only )?(?:goes to|is|will put you through to|puts you through to) (?:the |a )?(?:general|main|normal|switchboard|customer service|customer services|busy)(?: \\w+)? (?:queue|line|number|switchboard|team)\\b(?=.*\\b(?:direct|our|my|this)\\b)',
      '\\b(?:ring|call|dial|use) (?:our|my|the) direct (?:fraud |security )?(?:line|number)(?: instead)?(?: its| on| which is| it is)\\b',
    ],
    explanation:
      'The caller steered you away from the number on your bank card. Always ring the number on your card, from another phone.',
  },
  {
    id: 'callback-ask',
    stage: 'pressure',
    strength: 'strong',
    negatable: true,
    keywords: ['press', 'call', 'ring', 'dial', 'phone', 'contact', 'reach', 'speak', 'talk', 'ignore', 'disregard'],
    patterns: [
      '\\bpress (?:{num}|star|hash|pound|the number {num})(?: now| immediately| right now)?(?: to| and| for)(?:{w}{0,3})? (?:speak|talk|connect|connected|reach|agent|officer|representative|operator|specialist|advisor|adviser|more information|further information|information|details|discuss|resolve|cancel|legal|your case|the case|assistance|refund|claim|stop|avoid|prevent|get in touch|return|pay|payment|make a payment|settle|reconnect|restore)\\b',
      '\\b(?:call|ring|dial|phone|contact)(?: us| me| our office| our department| the department)?(?: back)? (?:immediately|urgently|right away|as soon as possible|asap)\\b',
      '\\b(?:call|calling|ring|ringing|dial|reach)(?: us| me| our office| the office| our department| my direct line)?(?: back)? (?:at|on) (?:(?:{num}|and) ){4,}',
      // The purpose first, then the key: "to arrange repayment by debit card, press one", "to update your payment
      // details and keep watching, press one".
      '\\bto (?:pay|make (?:a )?payment|arrange (?:a )?(?:re)?payment|settle|clear (?:this|the|your)|update your (?:payment|card|billing|bank) details|avoid|stop (?:the|this|your)|reconnect|restore|speak (?:to|with) (?:an?|our|the) (?:officer|agent|investigator|representative|specialist|advisor|adviser)|book and pay|claim your)(?:{w}{0,8})? press (?:{num}|star|hash|zero)\\b',
      '\\b(?:your|the|our) (?:callback|call back) number is\\b',
      '\\b(?:to|and|or) (?:speak|talk) (?:to|with) (?:a|an|our|the)(?: \\w+)? (?:officer|agent|representative|specialist|advisor|adviser|operator|investigator|attorney|lawyer|technician)\\b',
      '\\b(?:do not|dont) (?:ignore|disregard) (?:this|the|our) (?:call|message|notice|voicemail)\\b',
    ],
    explanation:
      'The caller (often a recorded message) wants you to press a key or ring back to reach "an agent". Hang up instead.',
  },
  {
    id: 'prompted-callback',
    stage: 'pressure',
    strength: 'strong',
    negatable: true,
    reports: true,
    keywords: [
      'pop',
      'warning',
      'alert',
      'message',
      'notification',
      'screen',
      'window',
      'banner',
      'browser',
      'computer',
      'laptop',
    ],
    patterns: [
      '(?<!\\bif (?:you |u )?(?:ever |do |should |see |get |receive |have )*(?:a |an |any |the )?)\\b(?:pop ?ups?|popups?|warning|warnings|alert|alerts|message|messages|notification|screen|window|banner|browser|computer|laptop)\\b(?:{w}{0,12})? (?:said|says|saying|told me|telling me|asked me|asking me|wanted me|gave me|gives|showed|shows|showing|had|has|with|to)(?:{w}{0,6})? (?:to )?(?:call|ring|phone|dial|contact)(?: \\w+)? (?:(?:this|the|that|a|their) (?:number|phone number|toll free(?: number)?|helpline|help line|hotline)|microsoft|windows|apple|(?:tech|technical|customer) support|norton|mcafee|geek squad)\\b',
      '(?<!\\bif (?:you |u )?(?:ever |do |should |see |get |receive |have )*(?:a |an |any |the )?)\\b(?:pop ?ups?|popups?|warning|alert|message|notification|screen|window|banner|browser)\\b(?:{w}{0,8})? (?:gave|gives|giving|showed|shows|showing|displayed|displays|had|has|with)(?: me| us)? (?:a|this|the|that|an|their)(?: \\w+)? (?:phone number|toll free number|toll free|number to call|helpline|help line|hotline|support number)\\b',
      '\\b(?:number|phone number|toll free number|helpline|help line|hotline)(?:{w}{0,3})? (?:on|in|from|at the bottom of) (?:the|my|that|this|a) (?:screen|pop ?up|popup|warning|alert|browser|window|banner)\\b',
    ],
    explanation:
      'A pop-up or on-screen warning told you to ring a number. Real security warnings never give a phone number.',
  },
  {
    id: 'urgency',
    stage: 'pressure',
    strength: 'weak',
    negatable: false,
    keywords: [
      'time is short',
      'now',
      'immediately',
      'straight away',
      'soon as',
      'hour',
      'today only',
      'too late',
      'no time',
      'urgent',
      'running out',
      'last chance',
      'last attempt',
      'second notice',
      'expire',
      'final',
      'press',
      'computer',
      'laptop',
      ' pc ',
      'machine',
      'system',
    ],
    // A yes/no menu ("press one if you made this payment, press two if not") is how a genuine bank's automated
    // fraud check asks, and the caller's own promptness ("we can refund those straight away") presses no one: no
    // pressure.
    unless:
      '\\bpress (?:one|two|1|2) (?:if|for) (?:you|yes|no|it was|this was)\\b(?=.*\\bpress (?:one|two|1|2) (?:if|for)\\b)|\\bpress (?:one|1) if you (?:made|did|authorised|authorized|recognise|recognize|placed|sent|tried)\\b(?=.*\\b(?:two|2) if\\b)|\\bpress (?:one|1) (?:for|if) (?:yes|you did|it was you)\\b(?=.*\\b(?:two|2) (?:for|if) (?:no|not|you did not|you didnt|it was not|it wasnt)\\b)|\\bif (?:you|this was you|it was you)(?: \\w+){0,8} press (?:one|1)\\b(?=.*\\b(?:if (?:you )?(?:did not|didnt|not|did nt)|if it was not|if it wasnt|otherwise)\\b)|\\bif you are (?:mr |mrs |miss |ms |mister |missus |dr )?(?:[a-z]+ ){1,3}(?:please )?press (?:one|1)\\b|\\bpress (?:one|1)(?: on your (?:keypad|phone|telephone|telephone keypad))? if you are (?:mr|mrs|miss|ms|mister|missus|dr)\\b|\\b(?:we|i) (?:can|will|shall|could|are going to|am going to)(?: \\w+){0,4} (?:straight away|immediately|right now)\\b|\\b(?:ill|well)(?: \\w+){0,4} (?:straight away|immediately|right now)\\b',
    patterns: [
      '\\b(?:right now|immediately|straight away|as soon as possible|within the hour|within the next hour|in the next hour|today only|before it is too late|before its too late|no time to|time is running out|time is short|last chance|final notice|final warning|final attempt|final courtesy call|last attempt|second notice|expires today|expire today)\\b',
      // "Nothing urgent", "it is not urgent" reassure: no pressure.
      '\\b(?<!(?:nothing|not|no|non|nothing too|not too|not very|not that|not at all) )(?:urgent|urgently)\\b',
      '\\bpress (?:one|two|nine|zero|oh|star|the number)\\b',
      '\\b(?:do not|dont|never) (?:turn off|switch off|shut down|shut off|restart|reboot|close|unplug)(?: \\w+)? (?:your|the) (?:computer|laptop|pc|machine|system)\\b',
    ],
    explanation: 'The caller is rushing you. Scammers hurry people so they do not stop to check.',
  },
  // ── impersonation (context) ─────────────────────────────────────────────────────────────────────────────────
  {
    id: 'claims-police',
    stage: 'impersonation',
    strength: 'weak',
    negatable: false,
    keywords: [
      'detective',
      ' dc ',
      ' ds ',
      ' di ',
      ' pc ',
      'constable',
      'sergeant',
      'inspector',
      'officer',
      'agent',
      'investigator',
      'metropolitan',
      ' met ',
      'scotland yard',
      'fraud',
      'national crime',
      'police',
      'hmrc',
      'revenue',
      'tax office',
      ' irs ',
      'social security',
      'customs',
      'border protection',
      'federal',
      'fbi',
      'marshals',
      'department of justice',
      'legal department',
      'court',
      'constabulary',
      'psni',
    ],
    patterns: [
      '\\b(?:detective|dc|ds|di|pc|constable|sergeant|inspector|officer|agent|investigator)(?: \\w+){0,3} (?:from|with|at|of) (?:the )?{org}\\b',
      '\\b(?:detective|dc|ds|di|pc|constable|sergeant|inspector|officer)(?: \\w+){0,3} (?:from|with|at|of) (?:the )?(?:\\w+ ){1,3}(?:force|constabulary|police)\\b',
      // A rank and a force, whatever the force is called and whatever comes between: "PC Daniel Hart here from
      // Sussex Police", "DS Neil Harper, North Yorkshire Police", "PC Sean Kilbride, Police Scotland".
      '\\b(?:detective|dc|ds|di|pc|constable|sergeant|inspector|superintendent|officer)\\b(?: \\w+){0,6}(?<!\\b(?:insurance|life|pet|car|home|travel|health|contents|buildings|cover|fake|bogus)) (?:police|constabulary)\\b',
      // A force named by its place: "calling from West Yorkshire Police", "Hertfordshire Constabulary".
      '\\b(?:from|with|at|calling from|its|this is|im with|i am with|here at|on behalf of)(?: the)?(?: (?!(?:the|a|an|your|my|fake|bogus|real|genuine|local|so|pretend|these|those|some|any)\\b)[a-z]+){1,3}(?<!\\b(?:insurance|life|pet|car|home|travel|health|contents|buildings|cover|secret|thought|fashion|grammar)) (?:police|constabulary)\\b(?! (?:station|said|told|say|says|were|was|came|have|had|would|will|never|are|did|do|does|rang|phoned|called|think|thought))',
      '\\b(?!(?:the|your|my|our|a|local|county|that|this)\\b)[a-z]+ constabulary\\b',
      '\\b(?:police scotland|police service of northern ireland|police service northern ireland|psni|british transport police)\\b',
      '\\bpolice (?:fraud|economic crime|cyber crime|financial crime|major crime|serious crime|investigations?)(?: \\w+)? (?:team|unit|desk|department|squad|division|office|line)\\b',
      '\\b(?:metropolitan police|met police|scotland yard|fraud squad|action fraud|national crime agency|serious fraud office|fraud investigation|police (?:station|department|headquarters|force))\\b',
      '\\b(?:this is|im|i am|calling from|with|from)(?: the)? (?:detective|police|hmrc|revenue|tax office|irs|internal revenue service|social security administration|customs|border protection|federal|fbi|us marshals|department of justice|legal department|court)\\b',
    ],
    explanation: 'The caller says they are from the police or a government office. Scammers often pretend to be.',
  },
  {
    id: 'claims-bank-or-company',
    stage: 'impersonation',
    strength: 'weak',
    negatable: false,
    keywords: [
      'fraud',
      'security',
      'investigation',
      'protection',
      'support',
      'microsoft',
      'windows',
      'apple',
      'amazon',
      ' bt ',
      'openreach',
      'virgin media',
      ' sky ',
      'paypal',
      'visa',
      'mastercard',
      'solicitor',
      'lawyer',
      'attorney',
      'barrister',
      'its me',
      'it is me',
      'norton',
      'mcafee',
      'geek squad',
      'netflix',
      'ebay',
      'icloud',
      'google',
      'comcast',
      'verizon',
      'social security',
      ' ssa ',
      'medicare',
      'department of',
      'federal',
      'treasury',
      'inland revenue',
      'drug enforcement',
      'legal',
      'law enforcement',
      'police',
      'sheriff',
      'crime',
      'scam',
      'dispute',
      'financial abuse',
    ],
    patterns: [
      '\\b(?:from|calling from|with|at|this is|its|im from|here at|here from) (?:the |your )?(?:[a-z]+ ){0,2}{bank}\\b(?:{w}{0,3})? (?:(?:fraud|security|investigation|investigations|protection|financial crime|economic crime)(?: team| department| unit| centre| center| line| desk)?|scams? (?:team|department|unit|line|desk))\\b',
      // The team first, then the bank: "from the fraud team at Halifax".
      '\\b(?:fraud|security|financial crime|economic crime|fraud prevention|fraud protection|card protection|anti fraud|fraud detection|scams?|disputes|fraud investigations?|financial abuse) (?:team|department|unit|line|desk|centre|center|squad|office|services|hotline|helpline) (?:at|of|from|with|for) (?:the |your )?(?:[a-z]+ ){0,2}{bank}\\b',
      '\\b(?:from|calling from|this is|its|on behalf of|with) (?:the )?(?:microsoft|windows|apple|amazon|bt|openreach|virgin media|sky|paypal|visa|mastercard|norton|mcafee|geek squad|netflix|ebay|icloud|google|comcast|verizon)(?:{w}{0,2})? (?:support|technical|tech|security|team|department|billing|customer|service|services|helpdesk|help desk|fraud)\\b',
      '\\b(?:calling|call|message|this is|im|i am)(?:{w}{0,2})? (?:from|with|on behalf of) (?:the )?(?:social security|ssa|medicare|department of|federal|us treasury|treasury|inland revenue|drug enforcement|legal department|legal team|law enforcement|local police|county sheriff|sheriff)\\b',
      '\\b(?:{bank}|microsoft|windows|apple|amazon|bt|paypal)(?: \\w+)? (?:fraud|security|technical support|tech support|financial crime|fraud prevention|scams)(?: \\w+)? (?:team|department|unit|centre|center|line|desk|hotline|helpline|squad|office|prevention|investigations?)\\b',
      '\\b(?:im|i am|this is|my name is \\w+)(?: \\w+)?(?: a| the)? (?:solicitor|lawyer|attorney|barrister)\\b',
      '\\b(?:grandma|grandad|grandpa|granny|nan|nana|auntie|aunty|uncle) (?:its|it is) me\\b',
    ],
    explanation:
      'The caller says they are from your bank, a well-known company, a solicitor or family. Scammers often pretend to be.',
  },
  // ── account threat / pretext (context) ───────────────────────────────────────────────────────────────────────
  {
    id: 'account-compromised',
    stage: 'account-threat',
    strength: 'weak',
    negatable: false,
    keywords: [
      'fraudulent',
      'suspicious',
      'unusual',
      'unauthori',
      'illegal',
      'criminal',
      'compromised',
      'hacked',
      'cloned',
      'copied',
      'frozen',
      'suspended',
      'blocked',
      'used',
      'involved',
      'flagged',
      'infected',
      'stolen',
      'at risk',
      'in danger',
      'targeted',
      'corrupt',
      'bent',
      'dishonest',
      'crooked',
      'laundering',
      'counterfeit',
      'virus',
      'malware',
      'hacker',
      'data breach',
    ],
    patterns: [
      '\\b(?:fraudulent|suspicious|unusual|unauthori[sz]ed|illegal|criminal) (?:activity|transactions?|payments?|charges?|purchases?|orders?|use|access|login|logins)\\b',
      '\\b(?:account|card|cards|computer|laptop|phone|iphone|device|email|icloud|apple id|identity|ip address|social security number|details|money|savings|bank)(?:{w}{0,3})? (?:has|have|is|was|were|are)(?: been)? (?:compromised|hacked|cloned|copied|frozen|suspended|blocked|used|involved|flagged|infected|stolen|at risk|in danger|targeted)\\b',
      '\\b(?:corrupt|bent|dishonest|crooked) (?:cashier|staff|member of staff|employee|official|officer|teller)\\b',
      '\\b(?:money laundering|counterfeit|cloned card|copied card|virus|malware|hackers?|data breach)\\b',
    ],
    explanation: 'The caller claims your account, card or computer is under threat. This is how the scam starts.',
  },
  {
    id: 'legal-threat',
    stage: 'account-threat',
    strength: 'weak',
    negatable: false,
    keywords: [
      'arrest',
      'warrant',
      'legal action',
      'lawsuit',
      'law suit',
      'filed',
      'tax evasion',
      'underpaid',
      'owe',
      'court case',
      'prosecut',
      'custody',
      'bail',
      'suspended',
      'cancelled',
      'disconnected',
      'cut off',
      'accident',
      'crash',
      'detained',
      'held',
    ],
    patterns: [
      '\\b(?:arrest warrant|warrant (?:for|out|has been|was|issued)|be arrested|get arrested|face arrest|legal action|lawsuit|law suit|case (?:has been )?filed|filed against|tax evasion|underpaid tax|owe(?: the)? (?:tax|money)|(?<!\\b(?:after|at|before|until|till|for|to|give evidence in|witness in) the )court case|prosecution|prosecuted|custody|bail|(?<!\\b(?:you|i|we|he|she|they|had|have|youve|ive|weve|id|youd) )(?:suspended|cancelled|disconnected|cut off))\\b',
      '\\b(?:been|was) (?:arrested|in an accident|in a crash|detained|held)\\b',
    ],
    explanation:
      'The caller is making threats or offering money to create a reason to act. Check before doing anything.',
  },
  {
    // Money coming your way: a refund, a prize, an inheritance. The pretext of refund and prize scams, and the
    // everyday business of insurers, energy firms and HMRC alike, so it is context only: it is not the substance a
    // learned ask needs beside it (see `claimOrRule` in call-detector.ts).
    id: 'windfall-pretext',
    stage: 'account-threat',
    strength: 'weak',
    negatable: false,
    keywords: [
      'refund',
      'overpa',
      'rebate',
      'compensation',
      'prize',
      ' won ',
      'winner',
      'lottery',
      'jackpot',
      'inheritance',
      'reward',
    ],
    patterns: [
      '\\b(?:refund|overpayment|overpaid|rebate|compensation|prize|won|winner|lottery|jackpot|inheritance|reward)\\b',
    ],
    explanation:
      'The caller spoke of money coming your way (a refund, a prize, an inheritance). Scammers use these to get you to act.',
  },
  {
    // Scripts no genuine organisation runs: Microsoft ringing about errors from your computer, an online shop
    // ringing to ask whether you placed an order, a suspended social security number, a warrant "against your
    // name", a government grant you were "selected" for. They are how the tech-support, refund and impersonation
    // scams open, before any ask; the call detector alerts on them (see `knownScriptRules` there).
    id: 'cold-call-script',
    stage: 'account-threat',
    strength: 'strong',
    negatable: true,
    keywords: [
      'windows',
      'microsoft',
      'computer',
      ' pc ',
      'apple',
      'icloud',
      'cyber',
      'internet',
      'network',
      'order',
      'purchase',
      'social',
      'ssn',
      'against your name',
      'on your name',
      'under your name',
      'grant',
      'national insurance',
      ' ni ',
      ' sin ',
      'insurance number',
      'amazon',
      'paypal',
      'pay pal',
      'ebay',
      'walmart',
      'geek squad',
      'norton',
      'mcafee',
      'best buy',
      'coinbase',
      'warrant',
      'service contract',
      'pension',
    ],
    patterns: [
      // Pension liberation: no one may unlock a pension before the minimum age, and cold calls about pensions are
      // banned; "we can unlock your pension early" is the scam's opening line.
      '\\b(?:unlock|release|free up|cash in)(?:ing)? (?:your |some of your |part of your |all of your )?pensions? (?:early|now|before (?:you are |youre )?(?:fifty five|fifty seven|retirement))\\b',
      '\\b(?:(?:windows|microsoft|apple|icloud|cyber ?crime|cyber security)(?: \\w+){0,2} (?:department|dept|team|centre|center|support|division|services?|security)|(?:computer|pc|internet|network) (?:security|maintenance|protection) (?:department|dept|division|centre|center|team))\\b(?=.*\\b(?:your|ur|the) (?:computer|pc|laptop|i ?p address|router|windows|system|device|machine|mac|icloud|apple id)\\b(?:{w}{0,6})? (?:errors?|error reports?|virus(?:es)?|hack(?:ed|ers?|ing)?|infected|malware|compromised|sending|problems?|issues?|corrupt(?:ed)?|expired|blocked|warnings?)\\b)',
      '\\b(?:(?:windows|microsoft|apple|icloud|cyber ?crime|cyber security)(?: \\w+){0,2} (?:department|dept|team|centre|center|support|division|services?|security)|(?:computer|pc|internet|network) (?:security|maintenance|protection) (?:department|dept|division|centre|center|team))\\b(?=.*\\b(?:errors?|error reports?|virus(?:es)?|warnings?|hackers?|malware|problems?|issues?|alerts?|signals?) (?:from|on|in|with|coming from) (?:your|ur|the) (?:computer|pc|laptop|i ?p address|router|windows|system|device|machine|mac)\\b)',
      '\\b(?:your|ur|the) (?:computer|pc|laptop|i ?p address|router|windows|system|device|machine)\\b(?:{w}{0,6})? (?:errors?|error reports?|virus(?:es)?|hack(?:ed|ers?|ing)?|infected|malware|compromised|sending)\\b(?=.*\\b(?:(?:windows|microsoft|apple|icloud|cyber ?crime|cyber security)(?: \\w+){0,2} (?:department|dept|team|centre|center|support|division|services?|security)|(?:computer|pc|internet|network) (?:security|maintenance|protection) (?:department|dept|division|centre|center|team))\\b)',
      '\\b(?:order|purchase)(?:{w}{0,12})? (?:on|from|to|through|with) (?:your|ur) (?:amazon |apple |paypal |ebay |walmart |prime )?account\\b(?=.*\\b(?:did you|have you|was (?:that|this|it) you|is (?:that|this|it) you|do you recogni[sz]e)\\b)',
      '\\b(?:your|ur|the) (?:social security|ssn|social|national insurance|ni|sin|social insurance)(?: number)?(?:{w}{0,4})? (?:has been |have been |is |was |will be |is being )?(?:suspended|blocked|cancelled|canceled|frozen|compromised|misused|flagged|used in|used for)\\b',
      // A brand refund and tech-support scams borrow, ringing about a charge, an invoice or a renewal.
      '\\b(?:calling(?: you)? from|this is(?: \\w+){0,2} from|this is|here from|im from|i am from|we are from|were from)(?: the)? (?:amazon|paypal|pay pal|apple|ebay|walmart|geek squad|norton|mcafee|microsoft|windows|best buy|coinbase)\\b(?=.*\\b(?:charge|charged|order|purchase|invoice|renewal|renewed|subscription)\\b)',
      // Ringing out as Microsoft, Windows or Apple's "technical department" (a callback the person asked for is not).
      '\\b(?:calling(?: you)? from|this is(?: \\w+){0,2} from|i am from|im from|we are from|were from|here from)(?: the)? (?:windows|microsoft|apple|icloud|cyber ?crime)(?: \\w+){0,2} (?:department|dept|team|centre|center|support|division|services?|security)\\b(?!.*\\b(?:returning your call|you requested|you asked|your request|you called|you rang|you contacted|you booked)\\b)',
      // The extended-warranty robocall.
      '\\b(?:calling|call|trying to reach you|reach you|contact you)(?:{w}{0,6})? (?:about|regarding|concerning) (?:your|the) (?:cars?|vehicles?|autos?)(?: s)?(?: extended| factory| manufacturers?)? (?:warranty|warranties|service contract)\\b',
      '\\b(?:warrant|lawsuit|law suit|case|complaint|legal case)(?: has been| was| is)?(?: filed| issued| registered| lodged)? (?:against|under|on) your name\\b',
      '\\b(?:selected|chosen|eligible|qualified|approved) (?:for|to receive)(?: a| an| the)?(?: free)? (?:(?:federal |government )*grants?|(?:federal|government) (?:money|payment))\\b',
    ],
    explanation:
      'The caller opened with a script genuine organisations never use: Microsoft, Apple or a shop ringing about your computer or an order, a "suspended" social security number, a warrant against your name, or a grant you never applied for.',
  },
  {
    id: 'robocall-pretext',
    stage: 'account-threat',
    strength: 'weak',
    negatable: false,
    keywords: [
      'selected',
      'you qualify',
      'approved',
      'eligible',
      'double',
      'opportunity',
      'popup',
      'social',
      'ssn',
      'enforcement',
      'legal',
      'federal',
      'criminal',
      'lawsuit',
      'case',
      'complaint',
      'warrant',
      'investigation',
      'amazon',
      'prime',
      'apple',
      'icloud',
      'paypal',
      'ebay',
      'netflix',
      'norton',
      'mcafee',
      'geek squad',
      'microsoft',
      'windows',
      'charged',
      'billed',
      'debited',
      'deducted',
      'purchase',
      'order',
      'renewal',
      'warranty',
      'service contract',
      'shut off',
      'turned off',
      'disconnect',
      'cut off',
      'approved',
      'qualif',
      'eligible',
      'guaranteed',
      'double your',
      'trading',
      'invest',
      'pop',
      'blue screen',
      'error',
      'warning message',
      'virus',
      'trojan',
      'spyware',
      'infected',
      'hack',
      'expired',
      'compromised',
      'corrupted',
      'sending',
      'renewed',
      'subscription',
      'deliver',
      'sender',
    ],
    patterns: [
      '\\b(?:social security|ssn|social)(?: number)?(?:{w}{0,4})? (?:suspended|blocked|cancelled|canceled|frozen|compromised|misused|flagged)\\b',
      '\\b(?:law enforcement|legal enforcement|enforcement action|legal proceedings|federal (?:crime|offence|offense|case|charges)|criminal (?:charges|case|investigation|complaint)|(?:lawsuit|case|complaint|warrant) (?:against|under|on) your name|under investigation)\\b',
      '\\b(?:your|an?|the) (?:amazon|prime|apple|icloud|paypal|ebay|netflix|norton|mcafee|geek squad|microsoft|windows)(?: \\w+)? (?:account|membership|subscription|order|purchase|license|licence|renewal|plan)\\b(?:{w}{0,6})? (?:charged|renewed|renew|billed|debited|suspended|locked|blocked|expired|expiring|hacked|compromised|cancelled|on hold|placed|deducted)\\b',
      '\\b(?:charged|billed|debited|deducted|purchase|order|renewal)(?:{w}{0,3})? (?:of|for) (?:{num} )+(?:and (?:{num} )+)?(?:dollars|pounds|bucks)\\b',
      '\\b(?:extended|vehicle|car|cars|auto|factory|manufacturer|manufacturers) (?:warranty|service contract|warranty coverage)\\b',
      '\\b(?:electric|electricity|power|gas|water|utility|service)(?: \\w+)?(?: will| is going to| is about to)? (?:be )?(?:disconnected|shut off|turned off|cut off)\\b',
      '\\b(?:pre ?approved|been approved|you qualify|you are eligible|you have qualified|are eligible|been selected) (?:for |to receive )?(?:a |an |the )?(?:loan|grant|government grant|credit line|line of credit|refund|payment|stimulus|relief|debt relief|lower interest|cash)\\b',
      '\\b(?:guaranteed (?:returns?|profits?|income)|double your (?:money|investment)|trading platform|investment opportunity|crypto(?:currency)? investment|invest(?:ing)? in (?:bitcoin|crypto|cryptocurrency))\\b',
      '\\b(?:pop ?up|popup|blue screen|error messages?|warning messages?|viruses|trojans?|spyware|infected)\\b',
      '\\b(?:ip address|computer|laptop|router|firewall|windows|license|licence|system)(?:{w}{0,3})? (?:has|have|is|was|are)(?: been)? (?:expired|compromised|hacked|infected|corrupted|blocked|sending)\\b',
      '\\b(?:sending|send|sends) (?:us )?(?:errors|error messages|error reports|warning messages|alerts)\\b',
      '\\b(?:we )?(?:attempted|tried|were unable|have been unable|failed) to deliver\\b|\\b(?:returned|sent back) to (?:the )?sender\\b',
      '\\b(?:charged|billed|debited|renewed|renewal|subscription|order|purchase)(?:{w}{0,8})? (?:i|we) (?:did not|didnt|never) (?:order|ordered|make|made|authori[sz]e|authori[sz]ed|buy|bought|place|placed|sign up|signed up|ask for|asked for)\\b',
    ],
    explanation:
      'The caller gave a typical scam pretext: a suspended number, a charge you did not make, a virus or a warranty.',
  },
  {
    // The sales-offer robocall: something free or cheaper, a rate cut, a loan forgiven, "see if you qualify". Weak:
    // a genuine firm's message may mention a saving; in a recorded message with a hand-off ("press one", "call us
    // back") it is the robocall's whole script (see `offerScript` in call-detector.ts).
    id: 'robocall-offer',
    stage: 'account-threat',
    strength: 'weak',
    negatable: false,
    keywords: [
      'qualif',
      'eligible',
      'entitled',
      'approved',
      'free',
      'no cost',
      'percent',
      'per cent',
      'discount',
      'reduc',
      'lower',
      'cut your',
      'slash',
      'forgive',
      'relief',
      'hardship',
      'zero tax',
      'back tax',
      'how much you',
      'if you',
      'whether you',
    ],
    patterns: [
      '\\b(?:may|might|could|can|now|will|already|automatically|still) (?:qualify|be eligible|be entitled|be approved|be pre ?approved)\\b',
      '\\b(?:free|no cost|zero cost|at no cost|no charge)(?: \\w+){0,3} (?:solar|solar panels|panels|boiler|home security|security system|alarm system|alarm|doorbell|back brace|knee brace|brace|medical alert|cruise|vacation|holiday|trip|insulation|heat pump|health plan|hearing aids?)\\b',
      '\\b(?:up to )?(?:{num} )+(?:percent|per cent) (?:off|discount|reduction|savings?|lower|less)\\b',
      '\\b(?:discount|reduction|rate reduction) (?:on|off|to) your(?: \\w+){0,2} (?:bill|bills|rate|payments?|premium)\\b',
      '\\b(?:lower|reduce|reducing|lowering|cut|drop|slash)(?: \\w+){0,2} (?:your|the) (?:interest rate|interest|rate|monthly payments?|monthly bill|payments?|balance|debt)\\b',
      '\\b(?:forgiven|forgiveness|loan discharge|hardship program|hardship programme|debt relief|tax relief|relief program|relief programme|relief payment|zero tax|back taxes|tax debt|settle your (?:tax|debt|debts))\\b',
      '\\b(?:see|find out|check) (?:how much|if|whether) you (?:can|could|may|qualify|are eligible|are entitled)\\b',
    ],
    explanation:
      'A recorded message offered something free or cheaper (a discount, a lower rate, a loan forgiven). Unsolicited offers by robocall are scams.',
  },
  // ── what genuine callers say ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'safety-advice',
    stage: 'safety-advice',
    strength: 'strong',
    negatable: false,
    // "Don't ring the number on your card, ring our direct line" is the scam steering the call back.
    unless:
      '\\b(?:dont|do not|no need to|theres no need to|you dont need to|dont bother to) (?:ring|call|use|try|dial) the number on (?:the back of )?(?:your|the|ur) card\\b',
    keywords: [
      'number',
      'never',
      'ask',
      'hang up',
      'put the phone down',
      'end this call',
      'one oh one',
      'one zero one',
      'hundred and one',
      'give',
      'share',
      'tell',
    ],
    patterns: [
      '\\b(?:ring|call|phone|contact)(?: us| me)?(?: back)?(?: straight away| right away)?(?: on)? (?:the|a) (?:number|phone number) (?:on|printed on) (?:the back of )?(?:your|the|our) (?:card|statement|letter|bill|website|paperwork)\\b',
      '\\b(?:we|police|the police|banks|your bank|the bank|i|they|[a-z]+)(?: will| would)? never (?:ask|phone|call|send|come)\\b',
      '\\b(?:i|we|im|were)(?: will| would| am| are)? (?:not|wont|never|dont)(?: going to| gonna| need to| have to)? ask (?:you )?(?:for|to)\\b',
      '\\b(?:hang up|put the phone down|end this call) and (?:ring|call|phone|check)\\b',
      '\\b(?:ring|call|phone) (?:one oh one|one zero one|a hundred and one|one hundred and one)\\b',
      '\\b(?:dont|do not|never) (?:give|share|tell)(?:{w}{0,3})? (?:your|anyone your|any) (?:pin|password|code|details)\\b',
    ],
    explanation: 'The caller gave the advice genuine banks and police give: hang up and call a number you trust.',
  },
];

/** Negations and hedges that cancel an ask a few words later ("we will never ask", "if anyone asks for"). */
const negationWords: ReadonlySet<string> = new Set([
  'never',
  'nothing',
  'not',
  'dont',
  'wont',
  'doesnt',
  'didnt',
  'cant',
  'cannot',
  'wouldnt',
  'shouldnt',
  'nobody',
  'if',
  'unless',
  'anyone',
  'anybody',
]);
/**
 * "if" hedges an ask when it is about someone else asking ("if anyone asks for your PIN", "if you ever get a call
 * asking you to…"). "if that wasn't you, I'll need the code" and "if you pay it straight to them" are asks with a
 * condition, as scammers put them.
 */
const hedgingSubjects: ReadonlySet<string> = new Set([
  'anyone',
  'anybody',
  'someone',
  'somebody',
  'someones',
  'they',
  'a',
  'an',
  'the',
  'people',
  'any',
  'ever',
  'we',
  'he',
  'she',
]);
const hedgingAfterYou: ReadonlySet<string> = new Set(['ever', 'get', 'receive', 'hear', 'see', 'are', 'were', 'have']);
function ifHedges(next: string, after: string): boolean {
  if (hedgingSubjects.has(next)) return true;
  return next === 'you' && hedgingAfterYou.has(after);
}
/** Words that put a whole clause into a description of scams ("criminals pretending to be police"). */
const describingWords: ReadonlySet<string> = new Set([
  'pretending',
  'pretend',
  'pretended',
  'criminals',
  'scammers',
  'fraudsters',
  'crooks',
  'conmen',
  'conman',
  'scammer',
  'fraudster',
  'bogus',
]);
/** Reported speech ("told her to buy gold", "he wanted me to") describes a scam rather than attempting one. */
const reportedPairs: ReadonlySet<string> = new Set([
  'told her',
  'told him',
  'told them',
  'told me',
  'asked her',
  'asked him',
  'asked them',
  'asked me',
  'telling them',
  'telling her',
  'telling him',
  'telling people',
  'they ask',
  'they asked',
  'they tell',
  'they told',
  'they say',
  'they said',
  'they will',
  'they get',
  'they want',
  'they wanted',
  'he said',
  'he says',
  'she says',
  'she said',
  'he asked',
  'she asked',
  'he told',
  'she told',
  'he wanted',
  'she wanted',
  'wanted me',
  'wants me',
  'wants her',
  'wants him',
  'he wants',
  'she wants',
  'made her',
  'made him',
  'got her',
  'got him',
  'get them',
  'gets them',
  'got them',
  'getting them',
  'get people',
  'make them',
  'makes them',
  'convince them',
  'convinced her',
  'convinced him',
  'persuade them',
  'persuaded her',
  'persuaded him',
  'they ring',
  'they rang',
  'they call',
  'they called',
  'they phone',
  'they phoned',
  'it said',
  'they were',
  'she was',
  'he was',
  'they had',
  'she had',
  'he had',
  'she went',
  'he went',
  'fella said',
  'fellow said',
  'bloke said',
  'man said',
  'guy said',
  'lad said',
  'chap said',
  'woman said',
  'lady said',
  'girl said',
  'caller said',
  'scammer said',
  'he goes',
  'someone told',
  'somebody told',
  'anyone told',
  'anybody told',
  'someone asked',
  'anyone asked',
  'she goes',
  'message said',
  'message says',
  'voice said',
  'recording said',
  'it asked',
  'it asks',
  'it wanted',
  'site asked',
  'page asked',
  'text said',
  'people asking',
  'someone asking',
  'somebody asking',
  'anyone asking',
  'anybody asking',
  'callers asking',
  'scammers asking',
  'fraudsters asking',
  'criminals asking',
  'couriers coming',
  'people ringing',
  'people pretending',
  'ones about',
  'lets them',
  'let them',
  'me saying',
  'him saying',
  'her saying',
  'them saying',
  'us saying',
  'would have',
  'wouldve',
  'have asked',
  'had asked',
]);
/** Phrases that contain a negation word but do not negate the ask that follows. */
const harmlessNegations =
  /\b(?:dont|do not|please dont|nothing to|not to) (?:worry|panic|be alarmed|be scared|be worried|be frightened|be afraid|fret)\b|\bnot (?:you|your fault|under suspicion|in (?:any )?trouble|a problem|long)\b|\bif (?:they|the cashier|she|he|anyone|the bank|staff|the teller) asks? (?:why|what)\b|\bif (?:you can|possible|you could|you would|thats ok|thats alright|you dont mind)\b|\bnever mind\b/g;

const negationWindow = 4;
/**
 * "never" scopes over a whole clause ("we will never ask you to move money to a safe account"), so it reaches
 * further back than other negations.
 */
const neverWindow = 9;
/**
 * "Ever" after a negation ("no bank ever asks you to move your money", "nobody real, not the police, not the bank,
 * will ever ask for your PIN, or your card, or ask you to take money out") scopes further still. A bare "ever" ("have
 * you ever given your PIN to anyone? now read it to me") negates nothing.
 */
const everWindow = 12;
const everNegations: ReadonlySet<string> = new Set([
  ...[...negationWords].filter(
    (word) => word !== 'nothing' && word !== 'unless' && word !== 'anyone' && word !== 'anybody',
  ),
  'no',
  'noone',
  'none',
]);
const reportedWindow = 24;
/** Words that make "they ask" a condition ("if they ask"), not a report. */
const conditionWords: ReadonlySet<string> = new Set(['if', 'when', 'should']);

/**
 * Someone who says a caller was "pretending to be" police is describing a scam, however long the sentence runs on
 * ("it's where someone rings up pretending to be police … then they ask you to hand your card to a courier").
 */
const pretendingClause = literalGated(
  /\b(?:pretend(?:ing|ed|s)? (?:to be|theyre|they are|he is|she is|hes|shes)|(?:claim(?:ing|ed|s)? to be|pos(?:ing|ed|es) as) (?:from|the|a|an|us|police|officers?|detectives?|bank|banks|hmrc|your (?:bank|grandson|granddaughter|son|daughter|nephew|niece))|(?:someone|somebody|anyone|anybody|people|they|he|she|a man|a woman|a lady|a caller|a bloke|a chap|a fellow)(?: \w+){0,2} saying (?:theyre|they are|hes|shes|he is|she is|they were|he was|she was) (?:from|with|calling from|a|an|the|police|your)|(?:a man|a woman|someone|somebody|anyone|anybody|people|a caller|the caller|he|she|they) (?:says|said|say|claims|claimed|claim) (?:theyre|they are|hes|shes|he is|she is|they were|he was|she was|to be) (?:a |an |the |from |with |calling from |police|detective|your bank))\b/,
);

/**
 * What a genuine helper adds right after naming a secret: "put your password in there, not to me", "type the code
 * into the app, don't read it out to me". Checked in a negatable ask's match and the few words after it.
 */
const redirected = literalGated(
  /\b(?:not to (?:me|us)|(?:dont|do not|never)(?: need to| have to| ever)? (?:tell|read|say|give|send)(?: it| them| that| this)?(?: out)?(?: to)? (?:me|us)|(?:type|put|enter|key) (?:that|it|them|the code) (?:in|into) (?:the app|the phone|the website|the page|it) yourself|dont read it out|do not read it out|(?:type|put|enter|key) (?:that|it|them|the code|the numbers)(?: in| into it)? yourself|i dont need to know (?:it|them|that|those))\b/,
);

/** Whether the match itself or the few words after it redirect the secret ("…, not to me"). */
function isRedirected(text: string, start: number, end: number): boolean {
  const after = text.slice(end).split(' ', 14).join(' ');
  return redirected.test(`${text.slice(start, end)}${after}`);
}

/**
 * The words before an ask that make the asker a device ("it will ask for your passcode", "the app asks for the
 * code") or the caller the one giving ("can I say the password", "let me read you the reference").
 */
const deviceAsks = literalGated(
  /\b(?:it|itll|its|app|apps|screen|screens|phone|phones|tablet|website|site|page|machine|machines|computer|laptop|box|reader|till|terminal|form|forms|letter|paperwork|leaflet|email)(?: is| will| may| might| should| would| then| just| now| keeps)* $/,
);
/** Someone else who will say it: "he'll show his badge and say the password at the door". */
const otherSays = literalGated(
  /\b(?:(?:he|she|they|hell|shell|theyll|engineer|reader|driver|officer)\b(?: [a-z]+){0,6} (?:and )?|\b(?:will|would|is going to|shall)(?<=\b(?!(?:you|i|we|please|can|could|would|will)\b)[a-z]+ (?:will|would|is going to|shall)) )$/,
);
/** The speaker about to do it themselves: "can I say the password", "I'm going to put it in an envelope". */
const speakerActs = literalGated(
  /\b(?:can i|could i|let me|shall i|should i|i will|ill|i can|i could|i need to|i have to|im going to|i am going to|i am gonna|im gonna)(?: just| then)? $/,
);

/**
 * Someone on the caller's side passing an instruction on to the listener ("he says you can send it to his account",
 * "they want you to bring the card"): present tense, addressed to "you". Not a story of what was said to someone else.
 */
const relayingPairs: ReadonlySet<string> = new Set([
  'he says',
  'she says',
  'they say',
  'he wants',
  'she wants',
  'they want',
]);
function relaysAsk(words: readonly string[], i: number): boolean {
  if (!relayingPairs.has(`${words[i - 1]} ${words[i]}`)) return false;
  const next = words[i + 1] === 'that' ? words[i + 2] : words[i + 1];
  return next === 'you';
}

/** A question about what the listener did, just before the match: "did you", "have you just". */
const listenerAsked = literalGated(/\b(?:did|have|had|were|was) you(?: just| recently| today| yourself| already)? $/);
/** An errand already run, told of: "a man who came to collect", "the driver that was sent to pick up". */
const pastErrand = literalGated(
  /\b(?:who|that|which) (?:came|had come|turned up|was sent|were sent|went|tried|had tried|wanted) to $/,
);

const pastErrandTold = literalGated(
  /\b(?:came|turned up|arrived|called round|went round|showed up)\b(?: \w+){0,6} to (?:collect|pick up|take|get)\b/,
);
const pastErrandInMatch = literalGated(
  /\b(?:who|that) (?:came|had come|turned up|was sent|were sent|went|tried|had tried) to\b/,
);
/** Money paid to the listener, just before the way it comes: "it will be paid by", "refunded via". */
const paidToListener = literalGated(
  /\b(?:paid|sent|refunded|returned|credited|repaid|settled|reimbursed)(?: back)?(?: to you| into your account)? (?:by|via|through) $/,
);

/** The speaker's own asking voice after a report ("they said … so we need you to"): the report has ended. */
const ownAskingVoice = literalGated(/\b(?:so|and now|now|but) (?:i|we) (?:need|want) you to\b/);
/** Reported speech further back than the pairs' window, with no asking voice of the speaker's own after it. */
const longReport = literalGated(
  /\b(?:(?:rang|called|phoned|texted|messaged) (?:him|her|them|me) (?:saying|and said|to say)|(?:him|her|them) saying|(?:he|she|they) (?:said|told (?:him|her|them|me))|(?:a|the|this) (?:man|woman|lady|bloke|fella|chap|lad|girl|voice|caller) (?:said|says|told (?:him|her|them|me)))\b(?!.*\b(?:i need you to|we need you to|you need to|i want you to|can you|could you|please)\b)/,
);
/** A payment described as seen, just before it: "it was a", "we have noticed a", "there's been a". */
const paymentSeen = literalGated(
  /\b(?:it was|that was|there was|theres|there is|there has been|theres been|was it|is it|weve seen|we have seen|we saw|we noticed|weve noticed|we have noticed|i can see|we can see|ive got|i have got|we have got|weve got)(?: a| an| the| two| some| one)? $/,
);
/** A payment the bank saw or stopped, described (see `isNegated`). */
const paymentDescribed = literalGated(
  /\b(?:it was|that was|there was|theres been|there has been|weve seen|we have seen|we saw|we noticed|weve noticed|i can see|we can see|we paused|weve paused|we stopped|weve stopped|we blocked|weve blocked|we held|weve held)(?: a| an| the)? (?:transfer|payment|withdrawal|debit)\b/,
);
/** The caller turning to an ask of their own. */
const turnsToAsking =
  /\b(?:need you to|want you to|can you|could you|please|you (?:must|should|have to|need to|will need to))\b/;
/** The caller's own firm paying, just before the match: "we'll", "we will", "I'll". */
const callerPays = literalGated(
  /\b(?:we|well|i|ill|they|theyll|hmrc|it|itll|the (?:refund|money|settlement|payment|insurers?|council|court))(?: will| can| shall| are going to| am going to| would| just| be| paid| sent)* $/,
);
/** The money's way to the listener's own account: "into the account we have for you", "to your bank account". */
const toListenerAccount = literalGated(
  /\b(?:into|to) (?:your (?:own )?(?:account|bank|bank account|current account)|the (?:bank )?account (?:we have|on file|you pay|your|you use|that your|youve|you have|on your|for your|you gave us|you told us))\b/,
);
/** What need not be done: "there's no need for you to", "you won't need to". */
const noNeedTo = literalGated(
  /\b(?:no need|not need|dont need|do not need|never need|wont need|will not need|no reason|never have|dont have|do not have)(?: for you| for anyone)?(?: ever)? to $/,
);
/** A warning about calls that may come, ahead of what they would ask. */
/** Calls to come, just before "asking for …": "if you get any calls", "if you ever have a text". */
const callsAhead = literalGated(
  /\bif you (?:ever )?(?:get|receive|have) (?:a |an |any |some )?(?:call|phone call|message|text|email|voicemail)s? $/,
);
const warningOfCalls = literalGated(
  /\b(?:(?:victims|people|customers|consumers|pensioners|older people|callers) (?:are|were|get|got|will be) (?:asked|told|instructed|urged|pressured|talked into)|if (?:(?:anyone|anybody|someone|somebody|they)(?: ever)? (?:calls?|rings?|phones?|texts?|emails?|contacts?|says?|asks?|wants? you to|wanted you to|tells? you to|told you to)|you (?:ever )?(?:get|receive|have) (?:a |an |any )?(?:call|phone call|message|text|email|voicemail)s? (?:saying|claiming|pretending|asking|from (?:someone|anyone|somebody|a man|a woman))))\b(?: [a-z]+){0,26} $/,
);

/** Who holds a secret, just before it is named: "he's got the", "we keep your". */
const holderOf = literalGated(
  /\b(?:hes|shes|he has|she has|theyve|they have|ive|i have|weve|we have|he keeps|she keeps|they keep|i keep|we keep)(?: got)?(?: the| your| my| his| her| their| our)? $/,
);

/** The listener's own earlier action, just before the match: "you have just tried to", "you asked to". */
const listenerDid = literalGated(
  /\b(?:you|youve|you have|you had|youd|you were|you are|youre)(?: \w+){0,8}? (?:tried|attempted|asked|asking|requested|requesting|been trying|trying|wanting|wanted|arranged|started|set up|booked|ordered|chose|decided|planned|planning) to $/,
);

/** A question about what a scammer said: "did he mention anything else like a safe account". */
const askedWhatTheySaid = literalGated(
  /\b(?:did|has|had) (?:he|she|they|anyone|anybody|someone|somebody|the caller|the man|the woman)(?: \w+){0,2} (?:mention|mentioned|say|said|talk about|bring up|ask about|ask for|asked for|ask you for|ask you about|want)(?: \w+){0,6} $/,
);

/**
 * Someone else's request told of: "he needed me to download something", "those people got you to install it",
 * "they ask for your bank details".
 */
const reportedRequest = literalGated(
  /\b(?:(?:needed|wanted|asked|told|got|made|tried to get|was trying to get|were trying to get)(?<=\b(?:he|she|they|hed|shed|theyd|them|the man|the woman|the fella|the caller|the scammer|the scammers|scammers|fraudsters|crooks|those people|these people|someone|somebody)(?: (?:then|always|usually|often|just|also|all|even|sometimes|kept|had))* (?:needed|wanted|asked|told|got|made|tried to get|was trying to get|were trying to get)) (?:me|him|her|us|them|you|my \w+)(?: to)?|asks?(?<=\b(?:he|she|they|hed|shed|theyd|them|the man|the woman|the fella|the caller|the scammer|the scammers|scammers|fraudsters|crooks|those people|these people|someone|somebody)(?: (?:then|always|usually|often|just|also|all|even|sometimes|kept|had))* asks?) (?:for|you for))(?: (?!(?:i|we|so|please|now|can|could|need|will|would)\b)[a-z]+){0,8} $/,
);

/** A match that opens with the ask itself ("tell me", "download", "put"), not with what is asked for. */
const askMadeNow =
  /^(?:tell|tel|give|read|say|confirm|write|type|key|enter|need|verify|provide|share|repeat|send|text|whats|what|put|note|jot|let|can|could|may|go|check|require|ask|want|take|download|install|run|open|log|sign|pop|place|seal|post|hand|pass|move|transfer|withdraw|draw|buy|get|pay|i|we)\b/;

/** Whoever is told of as asking, just before "ask for": "and then they ask for", "scammers always ask for". */
const thirdPartyAsking = literalGated(
  /\b(?:they|he|she|scammers|the scammers|fraudsters|the fraudsters|crooks|those people|these people|them)(?: (?:then|always|usually|often|just|also|all|even|sometimes|will|might|may))* $/,
);

/** A question whether someone did it: "has Daniel ever accessed your computer remotely using something like". */
const askedWhetherSomeoneDid = literalGated(
  /\b(?:accessed|used|installed|downloaded|put|asked|got into|logged into|connected to|taken)(?<=\b(?:did|has|had|have) [a-z]+(?: [a-z]+)?(?: ever| already| recently| at any point)? (?:accessed|used|installed|downloaded|put|asked|got into|logged into|connected to|taken))\b(?: (?!(?:i|we|so|please|now|then|can|could|need|will|would)\b)[a-z]+){0,8} $/,
);

/** A question whether a scammer did it: "did he ask for your PIN at all", "has anyone ever". */
const askedWhetherTheyDid = literalGated(
  /\b(?:did|has|had|does) (?:he|she|they|anyone|anybody|someone|somebody|the caller|the man|the woman|that man|this man)(?: ever| also| actually| at any point)? $/,
);

/**
 * What genuine callers never ask, listed: the match continues the list ("we'll never ask for your PIN or your card
 * reader codes or ask you to ", "I won't ask for your PIN, passcode or full card number"), up to a turn ("but", "now").
 */
const neverList = literalGated(
  /\b(?:never|wont|will not|would not|wouldnt|dont|do not|not going to|shall not) (?:ask|asks|request|requests|want|need)(?: you)?(?: for| to)?(?:(?: [a-z]+){0,16} or(?: [a-z]+){0,8}|(?: (?!but\b|however\b|now\b|so\b|just\b|and\b|then\b|can\b|could\b)[a-z]+){0,8}) $/,
);

/** "Has anyone (phoned you and) told you to …", "did someone ask you to …": asking whether a scammer did it. */
const askedWhetherTold = literalGated(
  /\b(?:(?:has|have|did|had) (?:anyone|anybody|someone|somebody|any one|a caller|the caller)(?: \w+){0,5} (?:told|asked|instructed|said to|wanted|want|tell|ask) you(?: not)? to|who (?:told|asked|rang|called|contacted|phoned) you(?: about| to)?|(?:tricked|conned|scammed|fooled|duped|talked|pressured|persuaded) into)(?: \w+){0,8} $/,
);

function isNegated(text: string, index: number, negations: boolean, reports = false, match = ''): boolean {
  if (!reports && pretendingClause.test(text.slice(0, index))) return true;
  // The genuine bank's question, whatever the rule: "has anyone phoned you and told you to take money out, or to
  // keep it quiet?"
  const before90 = text.slice(Math.max(0, index - 90), index);
  if (askedWhetherTold.test(before90) || askedWhatTheySaid.test(before90) || askedWhetherTheyDid.test(before90)) {
    return true;
  }
  // (Not when the match is itself an ask made now: "have you used online banking before, tell me your password".)
  if (
    negations &&
    !askMadeNow.test(match) &&
    (reportedRequest.test(before90) || askedWhetherSomeoneDid.test(before90))
  ) {
    return true;
  }
  // What scammers do, told of: "then they ask for your bank details".
  if (negations && /^ask(?:s|ing)? /.test(match) && thirdPartyAsking.test(before90)) return true;
  // "The transfer to the so-called safe account": named as the scam's.
  if (/\b(?:so called|a fake|the fake|their fake|a bogus|the bogus|his fake|her fake) $/.test(before90)) return true;
  if (negations && match.length > 0) {
    const lead = text.slice(Math.max(0, index - 40), index);
    // "we don't take anything away", "the taxi won't collect": the negation inside the match.
    if (/ (?:dont|do not|never|wont|will not|doesnt|does not) /.test(match)) return true;
    // Something already done by someone else is a report, not an ask: "they've put a bitcoin machine in".
    if (/^put\b/.test(match) && /\b(?:theyve|they have|hes|he has|shes|she has|ive|i have|weve|we have) $/.test(lead)) {
      return true;
    }
    // "no genuine firm rings up and asks you to move money": the whole clause is what genuine firms never do.
    if (
      /\bno (?:genuine|real|legitimate|proper|honest|actual) |\b(?:genuine|real|legitimate) (?:firms?|banks?|police|companies|officers?) (?:never|dont|do not|wont|will not)\b/.test(
        before90,
      )
    ) {
      return true;
    }
    if (/^(?:ask(?:s|ing)?|say|says|show|shows)\b/.test(match) && deviceAsks.test(lead)) return true;
    // Someone who holds it, told of ("he's got the PIN on a note in the sealed envelope"): no ask.
    if (/^(?:pin|pen|card|code|password|passcode)\b/.test(match) && holderOf.test(lead)) return true;
    // A question about what the listener did ("did you make a payment of sixty pounds to Screwfix?") or an errand
    // already run ("a man who came to collect money from her"): no ask.
    if (listenerAsked.test(lead) || pastErrand.test(lead) || pastErrandInMatch.test(match)) return true;
    // "A man came to her door in the afternoon to collect an envelope": an errand told in the past tense.
    if (pastErrandTold.test(match) || pastErrandTold.test(`${lead}${match}`)) return true;
    // A payment seen, described: "it was a transfer of four thousand pounds to a new payee", "we've noticed a
    // payment of two hundred pounds to".
    if (/^(?:transfer|payment|withdrawal|debit|direct debit)\b/.test(match) && paymentSeen.test(lead)) return true;
    // The payment seen, told in full: "it was a transfer of four thousand pounds to a new payee, reference holding
    // account" — unless the caller then turns to asking ("… so we need you to move your money").
    const described = paymentDescribed.exec(before90);
    if (described !== null && !turnsToAsking.test(before90.slice(described.index))) return true;
    // Money coming to the listener: "it'll be paid by bank transfer to the account your premiums come from", "we'll
    // pay it into the account we have for you".
    if (
      paidToListener.test(lead) ||
      ((callerPays.test(lead) || /\b(?:by|via) $/.test(lead)) &&
        toListenerAccount.test(text.slice(index, index + match.length + 40)))
    ) {
      return true;
    }
    // "There's no such thing as a safe account."
    if (/\bno such thing as(?: an?)? $/.test(lead)) return true;
    // "There's no need for you to share your PIN": what need not be done.
    if (noNeedTo.test(lead) || (/^need\b/.test(match) && /\b(?:no|not|dont|do not|wont|will not|never) $/.test(lead))) {
      return true;
    }
    // A warning about calls to come: "if you get a call saying it's about this refund and they want your card
    // details", "if anyone calls saying they're sending someone to collect your old card".
    // (A warning names several asks: "if anyone rings saying they're from us and asks for your PIN or asks you to
    // move money to a safe account".)
    if (warningOfCalls.test(text.slice(Math.max(0, index - 160), index))) return true;
    // "If you get any calls asking for your card details": the match itself carries the calls' words.
    if (/^(?:asking|saying|wanting)\b/.test(match) && callsAhead.test(lead)) return true;
    // The list of what is never asked: "we will never ask for your PIN or your card reader codes or ask you to move
    // money to a safe account".
    if (neverList.test(text.slice(Math.max(0, index - 160), index))) return true;
    // What the listener already did or asked for themselves, told back to them ("you've just tried to transfer nine
    // thousand pounds to a new payee", "you asked to take out four thousand"): a bank checking, not an ask.
    if (listenerDid.test(before90)) return true;
    if (/^(?:say|tell|give|read|send|text)\b/.test(match) && speakerActs.test(lead)) return true;
    // The caller doing it themselves: "I'm going to put his card and the cash in an envelope and drop it to you" (but
    // "I can take your card details now" is the ask itself).
    if (
      /^(?:put|place|seal|pop|post|drop|bring|take)\b(?!.* (?:details|number|numbers)$)/.test(match) &&
      speakerActs.test(lead)
    )
      return true;
    if (
      /^(?:say|tell|read)\b(?!(?: it| them| that)?(?: out)?(?: to)? (?:me|us)\b)/.test(match) &&
      otherSays.test(lead)
    ) {
      return true;
    }
  }
  // Every harmless negation holds "not", "dont", "if " or "never mind": without them there is nothing to remove.
  const mayHoldHarmless =
    before90.includes('not') ||
    before90.includes('dont') ||
    before90.includes('if ') ||
    before90.includes('never mind');
  const cleaned = mayHoldHarmless ? before90.replace(harmlessNegations, ' ') : before90;
  const words = cleaned.trim().split(' ').slice(-reportedWindow);
  // "If a fine of two thousand pounds is paid today" is the condition of the demand, not a hedge.
  const conditionOfDemand = /^(?:fine|fee|penalty|charge|bail|bond|surety|payment|deposit)\b/.test(match);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (negations && i >= words.length - negationWindow && negationWords.has(word)) {
      // "if that wasn't you, I'll need the code" is a conditional ask; "if anyone asks for your PIN" a warning.
      if (word !== 'if' || (ifHedges(words[i + 1] ?? '', words[i + 2] ?? '') && !conditionOfDemand)) return true;
    }
    if (negations && word === 'never' && i >= words.length - neverWindow) return true;
    if (
      negations &&
      word === 'ever' &&
      i >= words.length - everWindow &&
      words.slice(Math.max(0, i - 6), i).some((w) => everNegations.has(w))
    ) {
      return true;
    }
    if (reports) continue;
    if (describingWords.has(word)) return true;
    if (
      i > 0 &&
      reportedPairs.has(`${words[i - 1]} ${word}`) &&
      // "If they ask, you're buying a car": a condition coached, not a report.
      !(word === 'ask' && conditionWords.has(words[i - 2] ?? '')) &&
      !relaysAsk(words, i) &&
      !ownAskingVoice.test(words.slice(i + 1).join(' '))
    ) {
      return true;
    }
  }
  // A long quotation: "somebody rang him saying, I'm calling from Barclays fraud, your account's been compromised, we
  // need to move your money to a safe account" reports the ask from further back, unless the speaker turns to asking.
  return !reports && longReport.test(text.slice(Math.max(0, index - 180), index));
}

/** Validates and compiles rule definitions; throws with the rule id when a definition or a pattern is wrong. */
export function compileRules(input: unknown): readonly CompiledRule[] {
  const parsed = z.array(ruleDefinitionSchema).parse(input);
  const ids = new Set<string>();
  const compiled = parsed.map((definition) => {
    if (ids.has(definition.id)) throw new Error(`duplicate rule id '${definition.id}'`);
    ids.add(definition.id);
    const regexes = definition.patterns.map((pattern) => {
      try {
        return new RegExp(expand(pattern), 'g');
      } catch (error) {
        throw new Error(`rule '${definition.id}': bad pattern ${pattern}: ${(error as Error).message}`);
      }
    });
    const gates = regexes.map((regex) => {
      const literals = requiredLiterals(regex.source);
      return literals === null ? null : Object.freeze(literals);
    });
    return Object.freeze({
      id: definition.id,
      stage: definition.stage,
      strength: definition.strength,
      negatable: definition.negatable,
      reports: definition.reports ?? false,
      unless: definition.unless ? new RegExp(expand(definition.unless)) : null,
      explanation: definition.explanation,
      regexes: Object.freeze(regexes),
      gates: Object.freeze(gates),
      keywords: definition.keywords ? Object.freeze([...definition.keywords]) : null,
    });
  });
  return Object.freeze(compiled);
}

/** The built-in rule set, compiled once. */
export const defaultRules: readonly CompiledRule[] = compileRules(definitions);

/** The built-in rule definitions (data), for documentation and tests. */
export const defaultRuleDefinitions: readonly StageRuleDefinition[] = Object.freeze(definitions);

interface RuleIndex {
  /** Every keyword of every rule and every regex's gate word, found wherever they occur by one pass. */
  readonly scanner: KeywordAutomaton;
  /** Per word (index into the scanner's list): the rules it enables. */
  readonly enables: readonly (readonly number[])[];
  /** Per word: the regexes (numbered across all rules, see `regexBase`) it lets run. */
  readonly gateEnables: readonly (readonly number[])[];
  /** Per rule: the number of its first regex. */
  readonly regexBase: Int32Array;
  /** Rules without keywords, always tried. */
  readonly always: readonly number[];
  /** Scratch: the scan generation in which each rule was last enabled (matching is synchronous). */
  readonly enabledIn: Int32Array;
  /** Scratch: the scan generation in which each gated regex's gate word was last seen. */
  readonly gateSeenIn: Int32Array;
  /** Scratch: the words the last scan found. */
  readonly foundWords: Int32Array;
}

const ruleIndexes = new WeakMap<readonly CompiledRule[], RuleIndex>();
let scanGeneration = 0;

function ruleIndex(rules: readonly CompiledRule[]): RuleIndex {
  const cached = ruleIndexes.get(rules);
  if (cached) return cached;
  const wordIndex = new Map<string, number>();
  const enables: number[][] = [];
  const gateEnables: number[][] = [];
  const indexOf = (word: string): number => {
    let w = wordIndex.get(word);
    if (w === undefined) {
      w = enables.length;
      wordIndex.set(word, w);
      enables.push([]);
      gateEnables.push([]);
    }
    return w;
  };
  const always: number[] = [];
  const regexBase = new Int32Array(rules.length);
  let regexCount = 0;
  rules.forEach((rule, r) => {
    if (rule.keywords === null) always.push(r);
    else for (const k of new Set(rule.keywords)) enables[indexOf(k)]?.push(r);
    regexBase[r] = regexCount;
    rule.gates.forEach((gate, i) => {
      for (const word of new Set(gate ?? [])) gateEnables[indexOf(word)]?.push(regexCount + i);
    });
    regexCount += rule.regexes.length;
  });
  const scanner = buildKeywordAutomaton([...wordIndex.keys()]);
  const index: RuleIndex = {
    scanner,
    foundWords: new Int32Array(scanner.keywordCount),
    enables,
    gateEnables,
    regexBase,
    always: Object.freeze(always),
    enabledIn: new Int32Array(rules.length),
    gateSeenIn: new Int32Array(regexCount),
  };
  ruleIndexes.set(rules, index);
  return index;
}

/**
 * Every rule that fires on a normalised utterance (at most one hit per rule), in rule order. One scan for all
 * keywords decides which rules are worth trying; only those run their patterns.
 */
export function matchRules(rules: readonly CompiledRule[], normalized: string): RuleHit[] {
  const index = ruleIndex(rules);
  const generation = ++scanGeneration;
  const { enabledIn, gateSeenIn, enables, gateEnables } = index;
  for (const r of index.always) enabledIn[r] = generation;
  const { foundWords } = index;
  const count = index.scanner.scan(normalized, foundWords);
  for (let f = 0; f < count; f++) {
    const word = foundWords[f] as number;
    for (const r of enables[word] as readonly number[]) enabledIn[r] = generation;
    for (const x of gateEnables[word] as readonly number[]) gateSeenIn[x] = generation;
  }
  const hits: RuleHit[] = [];
  for (let r = 0; r < rules.length; r++) {
    if (enabledIn[r] !== generation) continue;
    const rule = rules[r] as CompiledRule;
    const hit = matchRule(rule, normalized, gateSeenIn, index.regexBase[r] ?? 0, generation);
    if (hit) hits.push(hit);
  }
  return hits;
}

/**
 * The rule's first match that is not negated. A regex with a gate runs only when the scan saw its gate word
 * (`gateSeenIn[base + i] === generation`).
 */
function matchRule(
  rule: CompiledRule,
  normalized: string,
  gateSeenIn: Int32Array,
  base: number,
  generation: number,
): RuleHit | null {
  if (rule.unless?.test(normalized)) return null;
  const { regexes, gates } = rule;
  for (let i = 0; i < regexes.length; i++) {
    const regex = regexes[i] as RegExp;
    if (gates[i] != null && gateSeenIn[base + i] !== generation) continue;
    regex.lastIndex = 0;
    for (let m = regex.exec(normalized); m !== null; m = regex.exec(normalized)) {
      const cancelled =
        isNegated(normalized, m.index, rule.negatable, rule.reports, m[0]) ||
        (rule.negatable && isRedirected(normalized, m.index, m.index + m[0].length));
      if (rule.stage === 'safety-advice' || !cancelled) {
        return {
          ruleId: rule.id,
          stage: rule.stage,
          strength: rule.strength,
          explanation: rule.explanation,
          matched: m[0].trim(),
          index: m.index + m[0].length - m[0].trimStart().length,
        };
      }
      if (m[0].length === 0) regex.lastIndex++;
    }
  }
  return null;
}

/** Stages are the scam stages only (safety advice is evidence against a scam, not a stage). */
export function isScamStage(kind: RuleKind): kind is Stage {
  return kind !== 'safety-advice';
}
