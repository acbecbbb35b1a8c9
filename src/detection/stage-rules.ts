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
  readonly explanation: string;
  readonly regexes: readonly RegExp[];
  readonly keywords: readonly string[] | null;
}

export interface RuleHit {
  readonly ruleId: string;
  readonly stage: RuleKind;
  readonly strength: RuleStrength;
  readonly explanation: string;
  /** The normalised words that matched, for logs and the carer's view. */
  readonly matched: string;
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
    '(?:cards?|bank cards?|debit cards?|credit cards?|cash|money|pin|pins|envelope|gold|coins|bars|jewellery|jewelry|watch|watches|valuables)',
  collector:
    '(?:courier|driver|taxi|officer|officers|colleague|agent|representative|detective|constable|someone|somebody|man|lady|gentleman|one of (?:our|my) (?:officers|colleagues|team|staff|people|couriers|drivers|agents)|a member of (?:our|my) team|guy|person)',
  org: '(?:police|constabulary|metropolitan|met|scotland yard|cid|fraud squad|fraud team|fraud department|fraud unit|security team|security department|action fraud|national crime agency|serious fraud office|hmrc|revenue|tax office|irs|internal revenue|social security|ssa|fbi|dea|customs|border protection|immigration|home office|microsoft|windows|apple|amazon|bt|openreach|virgin media|sky|paypal|visa|mastercard|court|bailiffs?|solicitors?|legal department|federal|government)',
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
    keywords: ['pin', 'number', 'digit', 'personal'],
    patterns: [
      '\\b{ask}(?:{w}{0,5})? {your}(?: {num}| new| old| card| bank| four digit)* (?:pin|pin number|pin code|pins|personal identification number)\\b',
      '\\b(?:pin|pin number)(?:{w}{0,3})? (?:on|inside|in) (?:the|an|a) (?:envelope|paper|slip|piece of paper|note|front|back)\\b',
      '\\b{num} (?:numbers|digits|digit number|digit code) {you} (?:use|put in|type|tap|key|enter|punch)(?:{w}{0,4})? (?:cashpoint|cash machine|cash point|atm|hole in the wall|shop|machine|card)\\b',
      '\\b(?:whats|what is|tell me|read me|give me|say) {your}(?: {num})? (?:digit )?(?:number|code) (?:for|on) {your} (?:card|cashpoint|cash machine)\\b',
      '\\b(?:pin|personal number)(?: number)?(?: is)? (?:please|for me|to me|so (?:i|we) can)\\b',
    ],
    explanation: 'The caller asked for your PIN. Police and banks never ask for a PIN.',
  },
  {
    id: 'card-details-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
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
    keywords: ['code', 'digits', 'numbers', 'reader', 'sentry'],
    patterns: [
      '\\b(?:read|tell|give|say|repeat|type|what)(?:{w}{0,8})? (?:numbers|digits|figures|code|number) (?:the|your|on the|on your|from the|from your) (?:card reader|pinsentry|pin sentry|reader)\\b',
      '\\b(?:card reader|pinsentry|pin sentry)\\b(?:{w}{0,6})? (?:shows|says|gives|displays|comes up with) (?:you|me)?(?:{w}{0,3})? (?:read|tell|give|say)\\b',
      '\\b(?:read|tell|give|say|repeat|confirm|send)(?: it)?(?: out)?(?: back)?(?: to)? (?:me|us)(?:{w}{0,4})?(?<!zip|post|postal|area|discount|promo|confirmation|reference|booking|order|tracking) (?:code|codes|passcode)\\b',
      '\\b(?:tell|read|say|confirm|repeat|need|whats|what is|give me|send me|provide me with|share|let me have)(?:{w}{0,4})? (?:the |that |your |this )?(?:one time|onetime|security|verification|authentication|authorisation|authorization|text|sms|six digit) (?:passcode|code|password|pin)\\b',
      '\\b(?:code|passcode|text) (?:we|i|that|which|weve|ive)(?: have| has| just| will)* (?:sent|send|texted|text)(?: you)?(?:{w}{0,3})? (?:read|tell|give|confirm|say)\\b',
      '\\b(?:read|tell|give|say)(?: me)?(?: out)? the (?:code|numbers|digits) (?:that|which|you)\\b',
      '\\b(?:code|passcode)\\b(?:{w}{0,15})? (?:read|tell|give|say|repeat)(?: it| them| that| those)?(?: back| out)? (?:to )?(?:me|us)\\b',
      '\\b(?:read|tell|give|say|repeat)(?: it| that| them)?(?: back| out)? (?:to )?(?:me|us)(?:{w}{0,10})?(?<!zip|post|postal|area|discount|promo|confirmation|reference|booking|order|tracking) (?:code|passcode)\\b',
    ],
    explanation:
      'The caller asked for a security code sent to you. These codes are for you alone; no genuine caller asks for one.',
  },
  {
    id: 'password-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
    keywords: [
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
      '\\b{ask}(?:{w}{0,5})? {your}(?: online| internet| mobile| phone| telephone)*(?: banking)? (?:password|passcode|passwords|log in details|login details|login|username|user name|memorable word|memorable information|security answers|security details|credentials|access code)\\b',
      '\\b(?:log|sign) (?:in|on|into)(?: to)? {your} (?:online banking|bank account|banking|bank)\\b',
    ],
    explanation: 'The caller asked for your banking password or log-in. Banks and the police never ask for these.',
  },
  {
    id: 'identity-number-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
    keywords: ['social', 'ssn', 'national insurance', 'account', 'routing', 'details', 'sort code'],
    patterns: [
      '\\b{ask}(?:{w}{0,5})? {your}(?: full)? (?:social security|social|ssn|national insurance)(?: number)?\\b',
      '\\b{ask}(?:{w}{0,5})? {your}(?: bank)? (?:account number and (?:sort code|routing number)|sort code and account number|routing number|bank details|banking details|account details)\\b',
    ],
    explanation:
      'The caller asked for your bank or identity numbers. Government offices and banks do not ask for them on a call they made.',
  },
  {
    id: 'remote-access-ask',
    stage: 'credential-ask',
    strength: 'certain',
    negatable: true,
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
      '\\b(?:have you got|do you have|get|grab|fetch|find)(?: me)? {your} (?:debit |credit |bank )?card (?:handy|ready|with you|there|in front|nearby|to hand)\\b',
      '\\b(?:i|we) (?:can|will|could) take (?:the |a |your )?(?:payment|card payment|it) (?:from you |over the phone |now )',
    ],
    explanation: 'The caller wanted your bank card ready to take a payment or its details over the phone.',
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
    ],
    patterns: [
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
      '\\b(?:buy|purchase|go and get|go get|pay(?: with| in| by| using)?|load|scratch)(?:{w}{0,6})? (?:gift ?cards?|vouchers?|voters|itunes|google play|play store cards?|steam cards?|amazon cards?|ebay cards?|apple cards?|target cards?|walmart cards?|prepaid cards?|paysafe|cash cards?|green dot|vanilla cards?)\\b',
      '\\b(?:gift ?cards?|vouchers?|itunes cards?|google play cards?)(?:{w}{0,6})? (?:read|give|tell|scratch|send)(?:{w}{0,3})? (?:me|us|the) (?:codes?|numbers?)\\b',
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
    ],
    patterns: [
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
    keywords: [
      'withdraw',
      'out',
      'bank',
      'branch',
      'cashpoint',
      'post office',
      'building society',
      'fifties',
      'twenties',
      'notes',
    ],
    patterns: [
      '\\b(?:withdraw|draw out|take out|get out)(?:{w}{0,4})? (?:{num}(?: {num})* )?(?:pounds|dollars|cash|money|thousand|hundred|quid|grand)\\b',
      '\\b(?:go|get|pop|head) (?:down )?to (?:the|your) (?:bank|branch|post office|cashpoint|building society)(?:{w}{0,4})? (?:and|to) (?:withdraw|take out|get|draw)\\b',
      '\\bget it out of the (?:bank|cashpoint|machine)\\b',
      '\\b(?:ask|asking) (?:them |her |him |the cashier |the bank )?for (?:{num} )+(?:pounds |thousand |hundred |quid |grand )?in (?:fifties|twenties|tens|fifty pound notes|twenty pound notes|notes)\\b',
      '\\bget (?:{num} )+(?:pounds |thousand |hundred |quid |grand )?out\\b',
      '\\b(?:take|get) (?:it|the money|your money|the cash|your savings) out (?:and|of the bank|of your account|today|tomorrow)\\b',
    ],
    explanation: 'The caller asked you to take out cash. Nobody genuine phones to ask you to withdraw money.',
  },
  {
    id: 'buy-goods',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    keywords: ['buy', 'purchase', 'get', 'jewel', 'coin', 'gold', 'apple store', 'currys'],
    patterns: [
      '\\b(?<!(?:a|the|your|this|that|recent|any) )(?:buy|purchase|get)(?:{w}{0,5})? (?:gold|bullion|gold bars|bars|sovereigns|krugerrands|gold coins|coins|rolex|watches|watch|jewellery|jewelry|iphones?|laptops?|electronics|designer)\\b',
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
    ],
    patterns: [
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
    id: 'fee-or-fine',
    stage: 'money-ask',
    strength: 'strong',
    negatable: true,
    keywords: ['fee', 'charge', 'tax', 'pay', 'settle', 'clear', 'cover', 'bail', 'surety', 'bond'],
    patterns: [
      '\\b(?:release|clearance|clearing|processing|admin|administration|handling|customs|delivery|transfer|insurance|activation|registration|legal) (?:fee|fees|charge|tax)\\b',
      '\\b(?:pay|settle|clear|cover)(?:{w}{0,4})? (?:the )?(?:fee|fees|fine|fines|bail|surety|bond|penalty|outstanding|arrears|amount due|balance owed|tax owed|debt)\\b',
      '\\b(?:pay|settle)(?: it| this| that| the \\w+)?(?: with me)? (?:now|today|immediately|right away|over the phone|by bank transfer|by transfer)\\b',
      '\\b(?:bail money|cash surety|cash bail|bail bond)\\b',
    ],
    explanation: 'The caller asked you to pay a fee, fine or bail on the phone. That is how this scam takes money.',
  },
  // ── handover ────────────────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'courier-collects',
    stage: 'handover',
    strength: 'certain',
    negatable: true,
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
    ],
    patterns: [
      '\\b{collector}(?:{w}{0,8})? (?:collect|pick up|picks up|come and get|come round for|come and collect|collects|take|look after|keep)(?:{w}{0,4})? (?:{cards}|the envelope|everything|them safe|it safe)\\b',
      '\\b{collector}(?:{w}{0,8})? (?:pick it up|pick them up|collect it|collect them|to get it|take it|take them|look after it|look after them)\\b(?! back| to the post| for return)',
      '\\b(?:give|hand|pass)(?:{w}{0,4})? (?:in|inside) (?:an|a|the) envelope\\b',
      '\\b(?:send|sending) (?:an officer|a courier|a police officer|one of our officers|a colleague) (?:round|over|to your house|to you)\\b',
      '\\b(?:send|sending|arrange|arranging|dispatch|book)(?: you)? (?:a|an|our|one of our) (?:courier|driver|taxi|officer|car)(?:{w}{0,8})? (?:collect|pick|take|get|bring)\\b',
      '\\b(?:hand|give|pass)(?: it| them| the envelope| the money| the cash| the cards?| everything| your cards?)?(?: over)? (?:to|over to) (?:the|our|my|a) (?:courier|driver|officer|colleague|agent|taxi driver|man)\\b',
      '\\b(?:put|place|seal|pop)(?:{w}{0,6})? {cards}(?:{w}{0,4})? (?:in|into|inside) (?:an|a|the) envelope\\b',
      '\\b(?:post|mail|send) (?:your|the) (?:cards?|bank cards?|cash|money) (?:to|in)\\b',
      '\\b(?:hand|give|pass)(?: it| them| that| this| everything| the \\w+)?(?: over)? to (?:the|a) (?:chap|man|gentleman|lady|woman|person|fellow|bloke|guy|driver|courier|officer) (?:who|that) (?:knocks|comes|calls|arrives|turns up|rings the bell)\\b',
      '\\b(?:collect|pick up|pick)(?:{w}{0,3})? {your} (?:card|cards|bank card|cash|money|envelope|gold|coins|watch|jewellery)\\b',
      // Someone who is not the relative comes for the money: "lend him two thousand in cash, I can pop round and
      // pick it up for him" (the money named in the same utterance, just before).
      '\\b{money}\\b(?:{w}{0,8})? (?<!(?:you|ya) )(?:pop|come|nip|drop|swing|call|run|whizz) (?:round|over|by|across)(?:{w}{0,5})? (?:and |to )?(?:pick|collect|get|fetch|grab)\\b',
      '\\b(?<!(?:you|ya) )(?:pop|come|nip|drop|swing|call|run) (?:round|over|by|across)(?:{w}{0,3})? (?:and |to )?(?:pick up|collect|get|fetch|grab) (?:the |your |that )?(?:cash|money|envelope|cards?|notes)\\b',
    ],
    explanation:
      'The caller arranged for someone to collect cards, cash or goods. Police and banks never send a courier to collect them.',
  },
  // ── secrecy ─────────────────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'keep-secret',
    stage: 'secrecy',
    strength: 'strong',
    negatable: false,
    keywords: [
      'tell',
      'discuss',
      'mention',
      'say',
      'speak',
      'talk',
      'inform',
      'involve',
      'ring',
      'call',
      'contact',
      'trust',
      'let',
      'keep',
      'kept',
      'confidential',
      'secret',
      'covert',
      'undercover',
      'part of',
      'working with',
      'corrupt',
      'league',
      'ask',
      'word',
      'between',
    ],
    patterns: [
      '\\b(?:dont|do not|must not|mustnt|cant|cannot|shouldnt|should not|never|please dont|not to)(?: \\w+)? (?:tell|discuss|mention|say anything|speak to|talk to|inform|involve|ring|call|contact|trust|let)(?:{w}{0,2})? (?:anyone|anybody|no one|nobody|the bank|your bank|bank staff|the staff|staff|the cashier|cashier|the branch|branch|your family|family|your son|your daughter|mum|dad|mom|your mom|your mum|your dad|your parents|your wife|your husband|the police|neighbours|your neighbours|your children|the teller|them at the bank|anyone at)\\b',
      '\\b(?:keep|kept) (?:this|it|the call|everything|our conversation|this call|this conversation)(?: completely| strictly| totally)? (?:quiet|secret|confidential|private|between us|to yourself|under wraps)\\b',
      '\\b(?:confidential|secret|covert|undercover) (?:operation|investigation|matter|case|inquiry|enquiry)\\b',
      '\\b(?:bank|staff|cashier|branch|teller|someone at the bank|people at the bank)(?:{w}{0,3})? (?:may|might|could|are|is)(?: be)? (?:involved|in on it|part of|working with|corrupt|in league)\\b',
      '\\b(?:if|when) (?:they|the cashier|the bank|staff|anyone|someone|she|he|the teller)(?:{w}{0,2})? (?:ask|asks) (?:why|what)(?:{w}{0,6})? (?:say|tell them|just say)\\b',
      '\\b(?:say|tell (?:them|her|him|the cashier|the bank|the staff|staff|the teller|the clerk))(?: that)? (?:it is|its) for (?:a|an|your|the|some) (?:holiday|kitchen|car|wedding|present|gift|building work|home improvement|new kitchen|family|new car|boiler|roof|deposit|builder|grandchild|grandson|granddaughter)',
      '\\b(?:not a word|dont breathe a word|this stays between us|between you and me)\\b',
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
    keywords: ['line', 'phone', 'call', 'hang up', 'disconnect', 'nine', 'triple'],
    patterns: [
      '\\b(?:stay|remain|keep|hold) (?:on )?(?:the|this) (?:line|phone|call)\\b(?!{w}{0,3} (?:and i will|while i) (?:check|transfer))',
      '\\b(?:dont|do not|please dont|never) (?:hang up|put the phone down|put down the phone|end the call|disconnect|cut the call|leave the line)\\b',
      '\\b(?:ring|call|dial|phone) (?:nine nine nine|nine one one|triple nine)(?:{w}{0,8})? (?:stay|hold|keep|i will stay|ill stay|i will be|line)\\b',
      '\\b(?:keep|leave) (?:the|this) line open\\b',
    ],
    explanation:
      'The caller tried to keep you on the line. Hang up, wait, and ring a number you trust on another phone.',
  },
  {
    id: 'callback-ask',
    stage: 'pressure',
    strength: 'strong',
    negatable: true,
    keywords: ['press', 'call', 'ring', 'dial', 'phone', 'contact', 'reach', 'speak', 'talk', 'ignore', 'disregard'],
    patterns: [
      '\\bpress (?:{num}|star|hash|pound|the number {num})(?: now| immediately| right now)?(?: to| and| for)(?:{w}{0,3})? (?:speak|talk|connect|connected|reach|agent|officer|representative|operator|specialist|advisor|adviser|more information|further information|information|details|discuss|resolve|cancel|legal|your case|the case|assistance|refund|claim|stop|avoid|prevent|get in touch|return)\\b',
      '\\b(?:call|ring|dial|phone|contact)(?: us| me| our office| our department| the department)?(?: back)? (?:immediately|urgently|right away|as soon as possible|asap)\\b',
      '\\b(?:call|ring|dial|reach)(?: us| me| our office)?(?: back)? (?:at|on) (?:(?:{num}|and) ){4,}',
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
    patterns: [
      '\\b(?:right now|immediately|straight away|as soon as possible|within the hour|within the next hour|in the next hour|today only|before it is too late|before its too late|no time to|time is running out|last chance|final notice|final warning|final attempt|final courtesy call|last attempt|second notice|expires today|expire today)\\b',
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
    ],
    patterns: [
      '\\b(?:detective|dc|ds|di|pc|constable|sergeant|inspector|officer|agent|investigator)(?: \\w+){0,3} (?:from|with|at|of) (?:the )?{org}\\b',
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
    ],
    patterns: [
      '\\b(?:from|calling from|with|at|this is|its|im from) (?:the |your )?{bank}(?:{w}{0,2})? (?:fraud|security|investigation|protection)(?: team| department| unit| centre| center)?\\b',
      '\\b(?:from|calling from|this is|its|on behalf of|with) (?:the )?(?:microsoft|windows|apple|amazon|bt|openreach|virgin media|sky|paypal|visa|mastercard|norton|mcafee|geek squad|netflix|ebay|icloud|google|comcast|verizon)(?:{w}{0,2})? (?:support|technical|tech|security|team|department|billing|customer|service|services|helpdesk|help desk|fraud)\\b',
      '\\b(?:calling|call|message|this is|im|i am)(?:{w}{0,2})? (?:from|with|on behalf of) (?:the )?(?:social security|ssa|medicare|department of|federal|us treasury|treasury|inland revenue|drug enforcement|legal department|legal team|law enforcement|local police|county sheriff|sheriff)\\b',
      '\\b(?:{bank}|microsoft|windows|apple|amazon|bt|paypal)(?: \\w+)? (?:fraud|security|technical support|tech support)(?: team| department| unit| centre| center)\\b',
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
      'accident',
      'crash',
      'detained',
      'held',
    ],
    patterns: [
      '\\b(?:arrest warrant|warrant (?:for|out|has been|was|issued)|be arrested|get arrested|face arrest|legal action|lawsuit|law suit|case (?:has been )?filed|filed against|tax evasion|underpaid tax|owe(?: the)? (?:tax|money)|court case|prosecution|prosecuted|custody|bail|suspended|cancelled|disconnected|cut off)\\b',
      '\\b(?:refund|overpayment|overpaid|rebate|compensation|prize|won|winner|lottery|jackpot|inheritance|reward)\\b',
      '\\b(?:been|was) (?:arrested|in an accident|in a crash|detained|held)\\b',
    ],
    explanation:
      'The caller is making threats or offering money to create a reason to act. Check before doing anything.',
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
      '\\b(?:charged|billed|debited|renewed|renewal|subscription|order|purchase)(?:{w}{0,8})? (?:i|we) (?:did not|didnt|never) (?:order|ordered|make|made|authori[sz]e|authori[sz]ed|buy|bought|place|placed|sign up|signed up|ask for|asked for)\\b',
    ],
    explanation:
      'The caller gave a typical scam pretext: a suspended number, a charge you did not make, a virus or a warranty.',
  },
  // ── what genuine callers say ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'safety-advice',
    stage: 'safety-advice',
    strength: 'strong',
    negatable: false,
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
      '\\b(?:ring|call|phone|contact)(?: us)?(?: back)?(?: on)? (?:the|a) (?:number|phone number) (?:on|printed on) (?:the back of )?(?:your|the) (?:card|statement|letter|bill|website)\\b',
      '\\b(?:we|police|the police|banks|your bank|the bank|i|they)(?: will| would)? never (?:ask|phone|call|send|come)\\b',
      '\\b(?:i|we)(?: will| would| am| are)? (?:not|wont|never|dont)(?: going to| need to| have to)? ask (?:you )?(?:for|to)\\b',
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
  'she said',
  'he asked',
  'she asked',
  'he told',
  'she told',
  'he wanted',
  'she wanted',
  'wanted me',
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
const reportedWindow = 14;

/**
 * Someone who says a caller was "pretending to be" police is describing a scam, however long the sentence runs on
 * ("it's where someone rings up pretending to be police … then they ask you to hand your card to a courier").
 */
const pretendingClause = /\bpretend(?:ing|ed|s)? (?:to be|theyre|they are|he is|she is|hes|shes)\b/;

function isNegated(text: string, index: number, negations: boolean, reports = false): boolean {
  if (!reports && pretendingClause.test(text.slice(0, index))) return true;
  const before = text.slice(Math.max(0, index - 90), index).replace(harmlessNegations, ' ');
  const words = before.trim().split(' ').slice(-reportedWindow);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (negations && i >= words.length - negationWindow && negationWords.has(word)) return true;
    if (negations && word === 'never' && i >= words.length - neverWindow) return true;
    if (reports) continue;
    if (describingWords.has(word)) return true;
    if (i > 0 && reportedPairs.has(`${words[i - 1]} ${word}`)) return true;
  }
  return false;
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
    return Object.freeze({
      id: definition.id,
      stage: definition.stage,
      strength: definition.strength,
      negatable: definition.negatable,
      reports: definition.reports ?? false,
      explanation: definition.explanation,
      regexes: Object.freeze(regexes),
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
  /** Every keyword of every rule, longest first, found at each position (overlaps included) by one scan. */
  readonly scanner: RegExp | null;
  /** Per keyword: the rules it (or any keyword that is a prefix of it) enables. */
  readonly enables: ReadonlyMap<string, readonly number[]>;
  /** Rules without keywords, always tried. */
  readonly always: readonly number[];
  /** Scratch: the scan generation in which each rule was last enabled (matching is synchronous). */
  readonly enabledIn: Int32Array;
}

const ruleIndexes = new WeakMap<readonly CompiledRule[], RuleIndex>();
let scanGeneration = 0;

function ruleIndex(rules: readonly CompiledRule[]): RuleIndex {
  const cached = ruleIndexes.get(rules);
  if (cached) return cached;
  const byKeyword = new Map<string, Set<number>>();
  const always: number[] = [];
  rules.forEach((rule, r) => {
    if (rule.keywords === null) always.push(r);
    else for (const k of rule.keywords) byKeyword.set(k, (byKeyword.get(k) ?? new Set()).add(r));
  });
  const keywords = [...byKeyword.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  // Two keywords found at one position are prefixes of each other; the scan reports the longest, which therefore
  // also enables the rules of every keyword that is its prefix.
  const enables = new Map<string, readonly number[]>();
  for (const k of keywords) {
    const set = new Set<number>();
    for (const other of keywords) if (k.startsWith(other)) for (const r of byKeyword.get(other) ?? []) set.add(r);
    enables.set(k, Object.freeze([...set]));
  }
  const escaped = keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const index: RuleIndex = {
    scanner: keywords.length > 0 ? new RegExp(`(?=(${escaped.join('|')}))`, 'g') : null,
    enables,
    always: Object.freeze(always),
    enabledIn: new Int32Array(rules.length),
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
  const { enabledIn, scanner } = index;
  for (const r of index.always) enabledIn[r] = generation;
  if (scanner !== null) {
    const padded = ` ${normalized} `;
    scanner.lastIndex = 0;
    for (let m = scanner.exec(padded); m !== null; m = scanner.exec(padded)) {
      for (const r of index.enables.get(m[1] ?? '') ?? []) enabledIn[r] = generation;
      scanner.lastIndex = m.index + 1;
    }
  }
  const hits: RuleHit[] = [];
  for (let r = 0; r < rules.length; r++) {
    if (enabledIn[r] !== generation) continue;
    const rule = rules[r] as CompiledRule;
    const hit = matchRule(rule, normalized);
    if (hit) hits.push(hit);
  }
  return hits;
}

function matchRule(rule: CompiledRule, normalized: string): RuleHit | null {
  for (const regex of rule.regexes) {
    regex.lastIndex = 0;
    for (let m = regex.exec(normalized); m !== null; m = regex.exec(normalized)) {
      if (rule.stage === 'safety-advice' || !isNegated(normalized, m.index, rule.negatable, rule.reports)) {
        return {
          ruleId: rule.id,
          stage: rule.stage,
          strength: rule.strength,
          explanation: rule.explanation,
          matched: m[0].trim(),
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
