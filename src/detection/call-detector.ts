/**
 * The live, per-call scam detector. Fed one turn at a time (speaker and text), it keeps the call's evidence and
 * after every turn reports a calibrated risk, the stages seen with the turns that showed them, and an action level.
 * It never looks ahead: the assessment after turn k depends only on turns 0..k.
 *
 * Evidence per caller turn comes from the interpretable rules (`stage-rules.ts`) and the learned turn model
 * (`turn-classifier.ts`); it accumulates across turns (strongest evidence per stage, strongest scam-like turns) and a
 * learned logistic combiner turns it into the risk. Near-certain asks (a PIN, a safe account, a courier) raise an
 * alert on their own; action levels never go down during a call. A turn may also carry the keyword spotter's hints
 * (`keywords`, see `keyword-hints.ts`): weak evidence that nudges the risk and shows as a reason, but on its own never
 * raises the action past `warn`.
 *
 * @example
 * const detector = createCallDetector(model);
 * detector.addTurn({ speaker: 'caller', text: 'This is DC Hughes from the Metropolitan Police.' }).action; // 'none'
 * detector.addTurn({ speaker: 'caller', text: 'Read me the four numbers you use at the cashpoint.' }).action; // 'alert'
 */
import { actionExplanations, stageExplanations } from './explanations.js';
import { createKeywordHints, keywordExplanation } from './keyword-hints.js';
import { literalGated } from './regex-gate.js';
import { type CompiledRule, defaultRules, isScamStage, matchRules, type RuleHit } from './stage-rules.js';
import { type ActionLevel, actionRank, askStages, type Speaker, type Stage, stages } from './stages.js';
import { normalizeText } from './text-normalizer.js';
import { type DetectorModel, evidenceNames, utteranceLogits } from './turn-classifier.js';

export interface Turn {
  readonly speaker: Speaker;
  readonly text: string;
  /**
   * Keywords the keyword spotter heard in this utterance's audio (@NAMEs such as `PIN_NUMBER`, `COURIER`; see
   * `keyword-hints.ts`). Weak evidence: a caller turn's keywords nudge the risk a little and show as reasons, but
   * keyword hints alone never take the call past `warn`. Absent or empty: the turn is assessed from its words only.
   */
  readonly keywords?: readonly string[] | undefined;
}

export interface Reason {
  readonly turn: number;
  readonly stage: Stage;
  readonly text: string;
  /** The rule that fired, 'model' when the learned model noticed the stage, 'keyword-spotter' for a keyword hint. */
  readonly source: string;
}

export interface TurnAssessment {
  readonly turn: number;
  /** Calibrated probability that the call is a scam, given the turns so far. */
  readonly risk: number;
  readonly action: ActionLevel;
  /** What the resident is told at this action level. */
  readonly advice: string;
  /** Stages seen so far, in script order. */
  readonly stages: readonly Stage[];
  /** Every reason so far, in the order they appeared. */
  readonly reasons: readonly Reason[];
  /** The combiner's inputs after this turn (named by `evidenceNames`), for logs and training. */
  readonly evidence: readonly number[];
  /**
   * Whether a high enough risk would raise an alert now: an ask or a control tactic is in evidence (see
   * `actionEvidence`), and the call is neither a relative's family business nor a customer calling their own bank or
   * shop. For training: the trainer sets the alert threshold on exactly this condition.
   */
  readonly riskCanAlert: boolean;
  /**
   * Whether a risk of `nearCertainRisk` or more alerts now with no ask in evidence: the caller has spoken at least
   * `nearCertainRiskTurns` times and the call is neither family business nor a customer's own call. For training.
   */
  readonly riskAloneCanAlert: boolean;
  /**
   * Whether the risk alone alerts at the model's recording threshold now: no one has answered in words and the
   * caller has spoken at least `nearCertainRiskTurns` times (a recorded message; a recording with speakers merged),
   * and the call is neither family business nor a customer's own call. For training.
   */
  readonly recordingCanAlert: boolean;
  /**
   * Whether a near-certain ask has been heard (and the call is not a relative's family business) from a caller who
   * did not claim to be an official or a firm: it alerts when the risk is at least `certainAskRiskFloor`. For
   * training (an official's near-certain ask is in `ruleAlerts`).
   */
  readonly certainAsk: boolean;
  /**
   * Whether a whole scam script the rules know (a robocall's hand-off, a refund desk's moves, an official's
   * near-certain ask) alerts now, whatever the risk. For training.
   */
  readonly ruleAlerts: boolean;
}

export interface CallDetector {
  addTurn(turn: Turn): TurnAssessment;
  /** The latest assessment (before any turn: risk from the combiner's prior, action 'none'). */
  readonly current: TurnAssessment;
}

export interface CallDetectorOptions {
  readonly rules?: readonly CompiledRule[];
}

/** A risk this high alerts without an ask in evidence (see `riskAloneCanAlert`). */
export const nearCertainRisk = 0.9;
/**
 * A near-certain ask (a PIN, a courier for the cards) from a caller who did not claim to be the police, a bank or a
 * firm alerts only while the risk is at least this: below it, everything else said marks the call as plainly innocent
 * and the rule as a mishearing of its words ("you tap or put your PIN in on the taxi driver's machine", "the remote
 * access program they got you to install, I've taken it off").
 */
export const certainAskRiskFloor = 0.1;
/** Caller turns heard before a near-certain risk alone alerts (one opening sentence can mislead: "the window man"). */
export const nearCertainRiskTurns = 2;
const strengthScore = { certain: 1, strong: 0.6, weak: 0.3 } as const;
/** A model stage probability above this is reported as a stage even without a rule. */
const modelStageThreshold = 0.85;
const askStageSet: ReadonlySet<Stage> = new Set(askStages);
const evidenceLength = evidenceNames.length;
/** Stages that show the caller acting on the victim (asking, hiding, pressing), not just setting the scene. */
const actionStages: readonly Stage[] = [...askStages, 'secrecy', 'pressure'];
const actionModelThreshold = 0.6;
/**
 * The `ask` head's probability at which a turn counts as an ask. Lower than the stage heads' bar: the head is taught
 * by annotated asks only (one turn per call), so its scores run lower; it counts only beside some substance (see
 * `actionEvidence`).
 */
const askActionThreshold = 0.4;
/**
 * How much learned substance (the model's probability of a claim, a pretext or an ask) lets secrecy or pressure
 * count as a control tactic when no rule has heard any part of the script. Below it, "free … urgent" from a garbled
 * "when you're free, nothing urgent" would count.
 */
const controlSubstance = 0.4;
/** Control tactics (secrecy, pressure): evidence only together with a scam's substance (see `scamContext`). */
const controlStageIndices: ReadonlySet<number> = new Set([stages.indexOf('secrecy'), stages.indexOf('pressure')]);
/** The substance of a scam: who the caller claims to be, the threat or pretext, the asks. */
const pressureIndex = stages.indexOf('pressure');
const impersonationIndex = stages.indexOf('impersonation');
const threatIndex = stages.indexOf('account-threat');
const contextStageIndices: readonly number[] = stages.flatMap((_stage, s) => (controlStageIndices.has(s) ? [] : [s]));
/**
 * The person answering greets like a business ("thank you for calling, how can I help"): the caller is a customer
 * calling their bank or a shop, so asking to transfer money or reset a password is their own business.
 */
const serviceGreeting = literalGated(
  /\b(?:how (?:can|may|could) (?:i|we) (?:help|assist)|thank you for calling|thanks for calling|you have reached|youve reached|welcome to)\b/,
);
/**
 * A greeting that claims a tech-support or refund desk ("you have reached the windows technical
 * department", "refund department", "microsoft support"). Pop-ups, fake invoices and robocalls send people to these
 * numbers, and the fake agent answers like a business: such a greeting does not make the other side a customer.
 */
const supportDeskGreeting = literalGated(
  /\b(?:(?:tech|technical|computer|pc|windows|microsoft|apple|icloud|norton|mcafee|geek squad|refund|refunds|firewall|antivirus|anti virus)(?: \w+)? (?:support|department|dept|desk|helpdesk|help desk|center|centre|team)|geek squad|refund department)\b/,
);
/**
 * The customer-service desk of a company whose name refund and tech-support scams borrow ("amazon customer service",
 * "paypal customer support"): treated like a support desk, not as a business whose customer is calling. A genuine
 * desk answers like this too; without an alarm (a charge not made, a hacked account, a virus) nothing changes, and
 * with one the learned risk decides (see `actionEvidence`), or the script itself alerts (see `deskScript`).
 */
const borrowedDeskGreeting = literalGated(
  /\b(?:amazon|prime|paypal|ebay|apple|icloud|microsoft|windows|norton|mcafee|geek squad|best buy|walmart|netflix|coinbase)(?: \w+)? (?:customer|client|member|account) (?:service|services|care|support|helpline|department|team)\b/,
);
/** Merged speakers: how a borrowed desk introduces itself inside the caller's turn ("this is amazon customer service"). */
const borrowedDeskAnswer = literalGated(
  /\b(?:this is|through to|reached|welcome to|for calling)(?: the)? (?:amazon|prime|paypal|ebay|apple|icloud|microsoft|windows|norton|mcafee|geek squad|best buy|walmart|netflix|coinbase)\b/,
);
/** How a desk names itself when it answers, besides the greetings above ("windows support, this is Tony"). */
const deskAnswer = literalGated(
  /\b(?:you (?:have )?called|(?:support|department|dept|desk|helpdesk|help desk|center|centre|team)(?: \w+)? (?:this is|my name is|speaking|here))\b/,
);
const greetingTurns = 4;
/**
 * A desk that answers as the "refund department": the refund scam's own name for itself (genuine firms answer as
 * billing or customer service). With an alarm (a charge never made) it is the script whole.
 */
const refundDeskName = literalGated(/\brefunds? (?:department|dept|desk|team|center|centre|helpline)\b/);
/**
 * Caller rules that show the tech-support or refund script itself: a pop-up that gave a number to ring, remote
 * access, keys and tools on the computer, asking which bank, money to send back. After one of them a business
 * greeting no longer suppresses risk-based alerts.
 */
const supportScriptRules: ReadonlySet<string> = new Set([
  'prompted-callback',
  'remote-access-ask',
  'computer-instructions',
  'computer-steering',
  'bank-name-ask',
  'gift-card-payment',
]);
/** How a caller asks something of the listener; a story of someone else's scam does not. */
const askingVoice = literalGated(
  /\b(?:we need|we will need|well need|we are going to|i am going to need|im going to need|i need your help|we need your help|i need you|i will need|ill need|i want you|you need to|you will need to|youll need to|can you(?! (?:imagine|believe|credit))|could you(?! (?:imagine|believe|credit))|would you(?! (?:believe|credit))|please|our (?:officer|courier|team|colleague|driver|department)|stay on the line|dont hang up|do not hang up)\b/,
);
/**
 * Where a story's quotation begins: "somebody rang him said …", "and he says to me …", "a fella said he was from the
 * bank and said …", "she got a call from a man who said …". What follows is the scammer's voice as the friend reports
 * it.
 */
const quoteIntroducer = /\b(?:said|saying|says|told (?:him|her|them))\b/;
/**
 * The caller speaking for themselves or to the listener before the quotation ("we arrested a man who said …", "your
 * bank's cashier said …"): then it is no friend's story but the caller's own claim. A friend's relatives and
 * neighbours ("my cousin", "my neighbour") are the story's third persons.
 */
const ownPerson = literalGated(
  /\b(?:i|im|ive|id|me|mine|we|weve|us|our|ours|you|your|youre|youve|youll|yours|my(?! (?:neighbour|neighbor|friend|pal|mate|cousin|sister|brother|aunt|auntie|uncle|nephew|niece|mum|mam|mom|dad|husband|wife|son|daughter|brother in law|sister in law|old))\b)\b/,
);
/** A business returning the person's own call or message. */
const returningCall = literalGated(
  /\b(?:(?:the|an|your) appointment you (?:scheduled|booked|made|requested|arranged)|you (?:raised|logged|opened|submitted|put in) (?:a|the) (?:ticket|request|case|support request)|(?:the|your) (?:case|ticket|request|complaint) you (?:raised|logged|opened|submitted|made)|(?:for|about) your (?:scheduled|booked) (?:call|appointment|session|callback|call back)|returning your (?:call|message|voicemail)|you (?:called|rang|phoned|contacted|emailed|messaged) us|you (?:asked|requested) (?:us )?(?:for )?(?:a |someone to )?call ?back|you left (?:us )?a (?:message|voicemail)|calling you back as (?:promised|agreed)|(?:ringing|calling) you back about)\b/,
);
/** How an outbound caller or recorded message announces itself ("we are calling to inform you"). */
const outboundCall = literalGated(
  /\b(?:(?:we|i) (?:am|are) calling|calling to (?:inform|let you know|tell you|notify|remind)|this is a (?:courtesy |automated |recorded )?(?:call|message) from|we have been trying to reach you)\b/,
);
/** Someone describing a scam that happened to others (news, a friend): the model's scam scores are not evidence. */
const describingScam =
  /\b(?:on the news|in the paper|on the radio|pretending to be|fake (?:detective|police|policeman|officer|bank|courier)|(?:a |these )?scams? going (?:round|around|about)|(?:theres|there is) a scam|heads up|if (?:anyone|anybody|someone) (?:ever )?(?:calls|rings|phones|contacts)(?: you)? (?:like that|saying|claiming|pretending|and says)|(?:thats|that is|its|it is) (?:another|a) (?:scam|con)|so called|(?:someone|somebody|a man|a woman|a bloke|a chap|a fella)(?: \w+){0,2} saying (?:they|he|she) (?:were|was|is|are)|(?:some|a|one of (?:them|those|these)) (?:robot|robots|recording|recorded message|recorded voice|automated message|automated voice|computer voice|machine|voice|robocall|robo call)(?: \w+){0,2} (?:saying|said|says)|(?:did you|have you|i) (?:get|got|had) (?:one of )?(?:them|those|these)(?: \w+)? (?:calls|robocalls|messages)|(?:them|those|these) calls where|on (?:the )?(?:telly|tv|television|one show|radio)|watchdog|rogue traders)\b/;

/**
 * Reported speech alone ("he said", "told him"): a description of someone else's scam in this turn, but not enough to
 * take the rest of the call for one ("he is sedated now, he said he didn't want his parents worried" from the
 * "hospital" is the scam's own story).
 */
const reportedSpeech = /\b(?:told (?:him|her|them)|asked (?:him|her|them)|they said|she said|he said)\b/;
/** Both in one pass: group 1 is a description of someone else's scam, the rest reported speech alone. */
const describingOrReported = new RegExp(`(${describingScam.source})|${reportedSpeech.source}`, 'g');

/**
 * Where the utterance first describes someone else's scam (`describingScam`), or -1; minus 2 when it holds no
 * description but reported speech (`reportedSpeech`) — one scan of the utterance for both.
 */
function describedIndex(text: string): number {
  describingOrReported.lastIndex = 0;
  let reported = false;
  for (let found = describingOrReported.exec(text); found !== null; found = describingOrReported.exec(text)) {
    if (found[1] !== undefined) return found.index;
    reported = true;
  }
  return reported ? -2 : -1;
}

/**
 * A relative opening as themselves in the caller's first words: "mum its andy", "hiya nan its me jordan", "hello love
 * its mum", "dad its me", "mam im on the website", "hello grandad adam". Scammers open like this too ("grandma its
 * me"), but always go on to the trouble (see `relativeTrouble`); a relative helping with the computer, ordering
 * batteries on the parent's card or collecting for a present does not.
 */
const familiarOpening = literalGated(
  /^(?:(?:hi|hello|hiya|hey|oh|um|er|alright|morning|evening|afternoon|yes|yeah|right|love|son|darling|sweetie|dear)\s)*(?:(?:mum|mam|mammy|mom|mummy|mommy|ma|dad|da|daddy|pop|pops|pa|nan|nana|nanna|nain|gran|granny|grandma|grandmother|grandad|granddad|grandpa|granda|grandda|gramps|grampa|grandfather|taid|auntie|aunty|aunt|uncle)(?: \w+)? (?:its|it is) (?:me|only me|(?!from\b|the\b|a\b|an\b|your\b|about\b|not\b|just\b|been\b|me\b)\w+)|(?:its|it is) (?:mum|mam|mom|dad|nan|nana|gran|grandma|grandad|grandpa|me|only me)\b|(?:mum|mam|mammy|mom|mummy|mommy|ma|dad|da|daddy|pop|pops|pa|nan|nana|nanna|nain|gran|granny|grandma|grandmother|grandad|granddad|grandpa|granda|grandda|gramps|grampa|grandfather|taid|auntie|aunty|aunt|uncle) (?:im|i am|ive|i have|have you|are you|listen|can you|could you|did you)\b|(?:mum|mam|mammy|mom|mummy|mommy|ma|dad|da|daddy|pop|pops|pa|nan|nana|nanna|nain|gran|granny|grandma|grandmother|grandad|granddad|grandpa|granda|grandda|gramps|grampa|grandfather|taid|auntie|aunty|aunt|uncle) (?!its$|it$|me$)[a-z]+$)(?! (?:from|at|with|calling from|ringing from|here from|of|on behalf)\b)/,
);
/** The resident hearing the trouble in the relative's voice or words. */
const heardTrouble = literalGated(
  /\b(?:sound(?:s)? (?:different|funny|strange|odd|rough|weird|terrible|awful|upset)|(?:are you|youre|you are) in (?:trouble|a mess|bother)|whats happened|what has happened|what have you done)\b/,
);
/**
 * The caller getting the resident to name them, as the "Hi Gran, it's me" scam opens: "don't you recognise my voice",
 * "guess who", "can you guess which one", "your favourite grandson". A real grandchild may play it too: only together
 * with the resident's finding them out (see `impostorExposed`) does it alert.
 */
const guessingGame = literalGated(
  /\b(?:(?:dont|do not|cant|can not|cannot) you (?:recognise|recognize|tell|know) (?:my voice|who (?:this|it) is|me)|guess who(?! (?:i saw|i met|rang|called|came|was|is coming))|(?:can|could) you guess(?: who| which one)?|bet you cant guess|who do you think (?:it is|this is)|your favourite (?:grandson|granddaughter|grandchild|nephew|niece|son|daughter|boy|girl))\b/,
);
/** The resident asking whether the caller is someone they name: "is that Liam?" (the name is captured). */
const residentGuess = /\b(?:is (?:that|it|this)|are you|that you|thats) ([a-z]+)\b(?: \w+)?$/;
/**
 * The resident finding the caller out: the relative they claimed to be does not exist or is in the room ("I haven't
 * got a Gary, I was testing you", "I've only got granddaughters", "Josh is sitting next to me").
 */
const impostorExposed = literalGated(
  /\b(?:i (?:havent|have not|dont have|ve not|do not have|aint) got (?:a|an|any)(?: \w+)? (?:grandsons?|granddaughters?|grandchildren|grandkids|sons?|daughters?|children|kids|nephews?|nieces?|[a-z]+ (?:i was testing|called))|i (?:havent|have not|dont have|do not have) (?:any )?(?:children|kids|grandchildren|grandkids|a son|a daughter|a grandson|a granddaughter)|(?:ive|i have) only got (?:granddaughters|grandsons|daughters|sons|a daughter|a son|girls|boys|the one)|i was (?:testing|trying) you|(?:is|[a-z]+s) (?:sitting|sat|stood|standing|right) (?:here )?(?:next to|beside|with|in front of) me|(?:is|[a-z]+s) (?:in the room|right here|here) with me|youre not my (?:son|daughter|grandson|granddaughter|nephew|niece|boy|girl))\b/,
);
const impostorExplanation =
  'The caller pretended to be a relative and got you to say a name. The person you named is not who called: this is how the "Hi Gran, it\'s me" scam starts.';

/** The caller taking the name the resident guessed: "yes it's Liam", "yeah it's me Liam". */
function tookName(words: string, name: string): boolean {
  if (!/^(?:oh |ah )?(?:yes|yeah|yep|yup|aye|thats right|course|of course|yes yes)\b/.test(words)) return false;
  const at = words.indexOf(` ${name}`);
  return at !== -1 && (at + name.length + 1 === words.length || words[at + name.length + 1] === ' ');
}

/** Asks a relative in trouble makes and a relative helping does not (see `familyCalm`). */
const troubleAsks: ReadonlySet<string> = new Set([
  'withdraw-cash',
  'withdraw-for-evidence',
  'gift-card-payment',
  'crypto-payment',
  'buy-goods',
  'safe-account',
  'fee-or-fine',
  'changed-account-details',
]);
/** A fee or fine to be paid, not just named ("it's about four hundred with the registration fee, I'll pay it"). */
const feeToPay = /\b(?:pay|paid|settle|clear|cover|bail|fine|fines|surety|bond)\b/;
/**
 * Pretexts a relative helping mentions too ("a box will pop up, click accept", "you're due a refund"): no trouble
 * story.
 */
const familyNeutralPretexts: ReadonlySet<string> = new Set(['robocall-pretext', 'windfall-pretext']);
/** The relative's own claim ("nana its me"), which the impersonation rule also reports. */
const familyClaim = literalGated(/\b(?:its|it is) me\b/);
/**
 * The part of a relative's story that is only about the phone or the voice ("I'm on a new number", "I've got a
 * cold"): it ends the calm (it is part of `relativeTrouble`), but it is no trouble that makes a secret a control
 * tactic (see `troubleTold`).
 */
const phoneStorySource =
  'new (?:number|phone|mobile)|(?:mates|friends|someone elses|a mates|a friends|borrowed|work|cheap) (?:phone|mobile)|(?:lost|dropped|broke|broken|smashed|cracked|died|dead|nicked|stolen|drowned) (?:my |me )?(?:phone|mobile)|(?:phone|phones|mobile|mobiles)(?: \\w+){0,2} (?:lost|dropped|broken|broke|smashed|died|dead|nicked|stolen|got wet|in the (?:bath|loo|toilet|river|sea))|mines (?:broke|broken|bust|busted|dead|died|smashed|cracked|gone|not working)|using (?:the |a |this |some )?\\w+s (?:phone|mobile)|on (?:a|this|some) (?:\\w+ )?(?:phone|mobile) (?:in|at) (?:a|the)|sound(?:s)? (?:different|funny|strange|odd|rough|weird|terrible|awful)|(?:a|got a|got the|stinking|bad|heavy|right|terrible|awful|horrible|streaming) (?:cold|flu)|voice(?: is| has)?(?: all)? (?:gone|going)|sore throat';
const phoneStory = new RegExp(`\\b(?:${phoneStorySource})\\b`, 'g');
/**
 * The relative-in-trouble story, in either speaker's words: a new or borrowed phone, a voice that sounds different,
 * trouble, an accident, an arrest, something stolen, stranded abroad, a blocked card or app, someone else taking the
 * phone, a plea not to tell the parents. Until it comes, a relative's asks are family business.
 */
const relativeTrouble = literalGated(
  new RegExp(
    `\\b(?:${phoneStorySource}|(?:a|little|bit of a) (?:bump|prang|shunt)|(?:broke|broken|busted) (?:my |me )?nose|been crying|trouble|a (?:bit of a |real |right |terrible |awful )?(?:mess|state|pickle|bother|nightmare|jam|fix|spot of bother)|done something (?:stupid|awful|terrible|bad|really)|dont be (?:angry|cross|mad)|(?<!by )accident|crash|crashed|(?:broke|broken|busted|hurt|injured) (?:my|me) (?:arm|leg|wrist|ankle|hip|back|collarbone|ribs)|came off (?:a|my|the) (?:moped|bike|motorbike|scooter)|(?:wont|will not) treat me|until i pay|travel insurance|hit (?:someone|somebody|a woman|a man|a car|a kid|a child)|arrested|police|jail|prison|custody|bail|court|(?:need|needs|got|get|my|a duty|the duty|his|her) (?:a )?(?:solicitor|lawyer)|(?:solicitor|lawyer) (?:says|said) (?:i|im|he|she|they|hes|shes)(?: \\w+)? (?:need|needs|will|have|has|could|might|can|cant|is|was)|sergeant|officer|mugged|robbed|stolen|nicked|lost (?:my|me|all my) (?:bag|handbag|purse|wallet|bank card|cards)|stuck (?:in|at|abroad|out|here|over)|stranded|abroad|airport|locked out|(?:account|card|cards|app|bank|banking)(?: \\w+)? (?:is |has been |got |was |been )?(?:blocked|frozen|locked|stopped|cancelled|closed|suspended)|(?:changed|switched) (?:banks|bank|bank accounts?)|(?:in|under) (?:my|his|her|a) (?:\\w+ )?(?:flatmates|mates|friends|boyfriends|girlfriends|partners|landlords|roommates|housemates|colleagues|bosss|cousins) name|(?:a|the) fine|owe|loan shark|code (?:to your (?:phone|mobile) )?by (?:accident|mistake)|your number by (?:accident|mistake)|cant (?:talk|speak) (?:long|for long)|only got (?:a|two|a few|a couple of) minutes|massive favour|big favour|huge favour|emergency|urgent|urgently)\\b`,
  ),
);

/** Trouble in a relative's words beyond a new phone or a cold (see `phoneStory`; the first test spares the copy). */
function seriousTrouble(words: string): boolean {
  return relativeTrouble.test(words) && relativeTrouble.test(words.replace(phoneStory, ' '));
}

/**
 * A relative asking the parent to keep something from the family: the trouble story's secrecy ("don't tell mum"),
 * unless the call is about a surprise (see `familySurprise`).
 */
const secretFromFamily = literalGated(
  /\b(?:dont|do not|never|cannae|canna|cant|cannot|dinnae|dinna|mustnt|must not) (?:tell|say anything to|mention (?:it|this|anything) to) (?:mum|mam|mom|dad|my (?:mum|mam|mom|dad|parents)|the others|anyone|anybody)(?!(?: \w+){0,3} (?:not even me|even me|including me|not even us))|dont want (?:mum|mam|mom|dad|anyone|anybody)(?: \w+)? to know\b|\b(?:mum|mam|mom|dad)\b(?: \w+){0,10} (?:please )?(?:dont|do not) tell (?:her|him)\b/,
);
/** A family surprise: a present, a party, a collection. Keeping it from someone is then no trouble. */
const familySurprise = literalGated(
  /\b(?:surprise|present|presents|birthday|retirement|anniversary|party|do for|gift|chip in|whip round|collection)\b/,
);
/**
 * A friend's or neighbour's story of a scam, told in a conversation ("you won't believe what happened to George",
 * "somebody rang him, said they was from his bank", "mine said this is HMRC", "one of those fake virus warnings"):
 * like `describingScam`, but only once the other side has spoken, since in a recording with speakers merged the
 * victim's account of a pop-up shares a turn with the scammer's script.
 */
const tellingStory = literalGated(
  /\b(?:(?:what|summat|something) happened to|(?:got|been|was(?<!\b(?:it|this|that|which) was)|were(?<!\b(?:it|this|that|which) were)|nearly got|nearly been|almost got) (?:done|caught out|had|scammed|conned|taken in|ripped off|stung|fleeced)|(?:somebody|someone|a man|a woman|a lad|a bloke|a fella|a fellow|a chap|a girl|a lady|this lad|this man|this woman|this fella|this bloke|this girl|this lady)(?: \w+){0,3} (?:rang|called|phoned|rung) (?:him|her|them|his|her|my|our)\b|(?:rang|called|phoned) (?:him|her|them) (?:and )?(?:said|saying|says)|(?:mine|it|the message|the recording|the voice|the robot) (?:said|says) (?:this is|its|it is|that|your)|(?:them|those|these) (?:recorded |automated |robot |scam |phone |fake )(?:calls|messages|robocalls|scams|voices)|fake (?:virus|warning|warnings|pop ?ups?|security|antivirus|messages?|programs?|software|calls?|emails?|texts?)|(?:a|this|some|the) (?:lassie|lass|lad|girl|woman|man|bloke|fella|fellow|chap|lady|guy|voice)(?: \w+){0,6} (?:says|said|goes|went)\b|(?:got|had|received)(?<=\b(?:he|she|they|we|i|my \w+) (?:got|had|received)) one of (?:them|those|these)(?: \w+){0,2} (?:calls|messages|texts|emails|scams)|(?:had|got|received)(?<=\b(?:i|we|she|he|they|my \w+) (?:had|got|received)) (?:a|this|one of (?:them|those|these)) (?:voicemail|voice mail|message|text|phone call|call|email|letter)(?: \w+){0,3} (?:yesterday|today|this morning|last night|last week|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))|(?:texted|messaged|emailed|rang|called|phoned) (?:me|him|her|us|them) (?:saying|and said|to say)|(?:fella|fellow|bloke|chap|man|woman|lad|lass|lassie|guy|girl|lady|somebody|someone)(?: \w+){0,2} (?:rang|called|phoned)(?: me| up| here)? (?:saying|and said|said|says)|(?:call|phone call|message|voicemail)(?<=\b(?:the|a|this) (?:call|phone call|message|voicemail)) (?:i|we|she|he|my \w+) (?:got|had|received)|(?:bloke|fella|fellow|chap|man|woman|lad|lass|lassie|guy|girl|lady|somebody|someone)(?: \w+){0,2} (?:said|says) (?:he|she|they) (?:was|were|is|are) (?:from|with|a|an|the)|(?:had|got)(?<=\b(?:i|we|she|he|they) (?:had|got)) a (?:right )?(?:one|call|caller) on the phone|(?:got|gets|had|has|received)(?<=\b(?:she|he|they|i|we|my \w+) (?:got|gets|had|has|received)) (?:a|this) (?:phone )?call (?:saying|from (?:a|some|this) (?:man|woman|bloke|fella|chap|lady|guy|lad|girl|lass|lassie)|from (?:someone|somebody)))\b/,
);
/** The bank's staff named in a secrecy rule's words (see `addRuleHit`). */
const bankStaff = /\b(?:bank|banks|cashier|cashiers|teller|tellers|branch|counter|building society|post office)\b/;
/** A delivery driver announcing themselves, and being at the door. */
const deliveryDriver = literalGated(
  /\b(?:parcel|delivery|driver|dpd|evri|hermes|yodel|parcelforce|royal mail|amazon delivery)\b/,
);
const atTheDoor = literalGated(
  /\b(?:outside|at (?:your|the) (?:door|gate)|knocked|knocking|on your (?:doorstep|step)|at number|outside number|no answer)\b/,
);
/** A person greeted by title: "mr okoro", "is that mrs tait". */
const byTitle = literalGated(/\b(?:mr|mrs|miss|ms|mister|missus|dr|doctor) [a-z]+/);
/** Words that report what someone said or did ("they sent a taxi to collect it", "he handed it over"). */
const reportingWords = literalGated(
  /\b(?:said|says|saying|told|telling|asked|asking|goes|went|wanted|got him|got her|made him|made her|(?:they|he|she) (?:sent|came|turned up|took|had|got)|(?:he|she|they) (?:handed|gave|drew|withdrew|bought|posted))\b/,
);
/**
 * A turn this long holds several speakers' words (recordings where speakers are not separated): a description of
 * someone else's scam in one clause must not silence the rest; reported speech is still checked per rule match.
 */
const mergedTurnWords = 60;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Where a narrator's quotation begins in a story turn (see `quoteIntroducer`), or -1: none, or the caller's own voice
 * in the clause that introduces it (the few words before "said").
 */
function quoteStartOf(normalized: string): number {
  const found = quoteIntroducer.exec(normalized);
  if (found === null) return -1;
  return ownPerson.test(lastWords(normalized.slice(0, found.index), introducerClauseWords)) ? -1 : found.index;
}

/** Words of the clause that introduces a quotation ("she got a call from a man who said"). */
const introducerClauseWords = 6;

function lastWords(text: string, count: number): string {
  return text.trim().split(' ').slice(-count).join(' ');
}

function isMergedTurn(normalized: string): boolean {
  let words = 1;
  for (let i = normalized.indexOf(' '); i >= 0 && words < mergedTurnWords; i = normalized.indexOf(' ', i + 1)) words++;
  return words >= mergedTurnWords;
}

/**
 * Asks an official makes on genuine calls too, so they do not escalate: the National Insurance number on HMRC's
 * call-back, a card payment a firm takes.
 */
const nonEscalatingAsks: ReadonlySet<string> = new Set(['insurance-number-ask', 'card-payment-ask']);
/** The resident offering to pay by card; `payWords` is its cheap prefilter on the raw text. */
const payWords = /\b(?:pay|card)/i;
const paymentOffer = literalGated(
  /\b(?:(?:can|could|shall|may) i pay|(?:i will|ill|let me|i want to|id like to|i would like to) pay|pay (?:you|it|that|the bill) (?:now|by card|over the phone|with my card|with a card)|(?:ive|i have) got (?:my|the) card (?:here|ready|in my hand)|(?:got|have) my card (?:here|ready)|take (?:my|a) card (?:number|payment|now))\b/,
);

/** Creates the state of one call. The model is shared and immutable; the detector is not shared between calls. */
export function createCallDetector(model: DetectorModel, options: CallDetectorOptions = {}): CallDetector {
  const rules = options.rules ?? defaultRules;
  const stageCount = stages.length;
  const ruleMax = new Float64Array(stageCount);
  const modelMax = new Float64Array(stageCount);
  const topScam: number[] = [];
  const seenRules = new Set<string>();
  const certainRules = new Set<string>();
  const stageFirstTurn = new Map<Stage, number>();
  const reasons: Reason[] = [];
  /** Highest `ask` head probability of a caller turn so far. */
  let askMax = 0;
  let scamMax = -6;
  let scamTurns = 0;
  let safetyAdvice = 0;
  let callerTurns = 0;
  let escalated = false;
  let officialClaimed = false;
  let customerCalling = false;
  /** The answering side greeted as a tech-support or refund desk. */
  let supportDeskAnswered = false;
  /** The answering desk called itself a refund department (see `refundDeskName`). */
  let refundDeskAnswered = false;
  /** The caller's words showed the tech-support/refund script (see `supportScriptRules`). */
  let supportScript = false;
  /** An alarm about the computer or a charge (a virus, a pop-up, hacking, a charge not made) was raised. */
  let alarmSeen = false;
  /** Callee turns with words so far: none means a recorded message or a recording with speakers merged. */
  let calleeTurns = 0;
  let threatSeen = false;
  let callbackAsked = false;
  /** A rule heard part of the script's substance (a claim, a threat, an ask), not just a windfall. */
  let scriptRuleHeard = false;
  /** The caller opened as a delivery driver at the door ("Amazon delivery, I'm outside number eight"). */
  let deliveryAtDoor = false;
  let deliveryNamed = false;
  let doorNamed = false;
  /** The caller greeted the person by title and name in the opening ("Mr Okoro?", "is that Mrs Tait"). */
  let addressedByName = false;
  /** A pressure rule heard more than a bare "urgent" ("press one", "final notice", "call us back"). */
  let scriptedPressure = false;
  /** A recorded offer was heard: something free or cheaper, a rate cut, a loan forgiven (`robocall-offer`). */
  let offerSeen = false;
  /** A script no genuine organisation runs was heard (see the `cold-call-script` rule). */
  let knownScript = false;
  /** A caller turn told of someone else's scam (see `describing` in `addTurn`). */
  let describingCall = false;
  /** The caller said they are ringing out ("we are calling to inform you"): not a desk the person rang. */
  let calledOut = false;
  /** The caller opened as a relative (see `familiarOpening`) and no trouble story has come (see `relativeTrouble`). */
  let familyCalm = false;
  /** The caller opened as a relative: a risk alone never alerts then, only an ask beside it ("don't tell mum" is a
   * surprise party as often as a scam). */
  let familyOpened = false;
  /**
   * The relative's calm was ended only by a secret kept from the family or the resident's fear: a surprise told next
   * brings it back (see `addTurn`).
   */
  let calmMayReturn = false;
  /** A claim, a threat, a handover or a trouble ask ended the relative's calm: it never comes back. */
  let calmEndedForGood = false;
  /** The caller played the guessing game, or took the name the resident guessed (see `guessingGame`). */
  let nameFished = false;
  /** The name the resident just guessed ("is that Liam?"), for the caller's next turn. */
  let guessedName = '';
  /** The resident found the caller out, before or after the name was fished for (see `impostorExposed`). */
  let impostorFound = false;
  /** The relative spoke of a surprise (a present, a party): keeping it from someone is no trouble then. */
  let surpriseTalk = false;
  /**
   * A relative told of trouble beyond a new phone or a cold (an arrest, a debt, a frozen account: see
   * `seriousTrouble`): the story is the scam's substance, so a secret kept from the family counts as a control tactic.
   */
  let troubleTold = false;
  /** The resident offered to pay ("can I pay it now? I've got my card here"): a card number asked next is theirs to give. */
  let paymentOffered = false;
  let turnIndex = -1;
  let level: ActionLevel = 'none';
  const keywordHints = createKeywordHints();
  let reasonsSnapshot: readonly Reason[] = Object.freeze([]);
  let stagesSnapshot: readonly Stage[] = Object.freeze([]);

  /**
   * How strongly the call shows a scam's substance so far: who the caller claims to be, a threat or pretext, or an
   * ask (rules or model). Secrecy and pressure are weighed by it: "don't tell anyone, it's a surprise party" is no
   * evidence on its own, "don't tell the bank staff" after "this is the fraud squad" is.
   */
  function scamContext(withAsk = true): number {
    let context = withAsk ? askMax : 0;
    for (const s of contextStageIndices) context = Math.max(context, ruleMax[s] ?? 0, modelMax[s] ?? 0);
    return context;
  }

  function evidenceVector(context: number): number[] {
    let top3 = -6;
    if (topScam.length > 0) {
      let sum = 0;
      for (const v of topScam) sum += v;
      top3 = sum / topScam.length;
    }
    // Laid out as `evidenceNames`: certain-ask, rule per stage, model per stage, then the call's summaries.
    const evidence = new Array<number>(evidenceLength);
    evidence[0] = certainRules.size > 0 ? 1 : 0;
    let stageSeen = 0;
    for (let s = 0; s < stageCount; s++) {
      const control = controlStageIndices.has(s);
      const rule = (ruleMax[s] ?? 0) * (control ? context : 1);
      const modelValue = (modelMax[s] ?? 0) * (control ? context : 1);
      evidence[1 + s] = rule;
      evidence[1 + stageCount + s] = modelValue;
      if (rule >= 0.6 || modelValue >= 0.6) stageSeen++;
    }
    let k = 1 + 2 * stageCount;
    evidence[k++] = askMax;
    evidence[k++] = scamMax / 6;
    evidence[k++] = top3 / 6;
    evidence[k++] = Math.log1p(scamTurns);
    evidence[k++] = stageSeen / stageCount;
    evidence[k++] = Math.log1p(safetyAdvice);
    evidence[k++] = Math.log1p(callerTurns);
    evidence[k] = escalated ? 1 : 0;
    return evidence;
  }

  /**
   * Substance beside a learned ask: a rule heard some part of the script (a money-coming-your-way pretext does not
   * count: insurers and energy firms speak of refunds too), or the model heard a claim or a pretext.
   * The model's ask alone ("you can pay it by bank transfer", "there's a ten pound fee") is how a funeral director
   * or the council talks too.
   */
  function claimOrRule(): boolean {
    if (scriptRuleHeard) return true;
    return (
      (modelMax[impersonationIndex] ?? 0) >= actionModelThreshold ||
      (modelMax[threatIndex] ?? 0) >= actionModelThreshold
    );
  }

  function actionEvidence(context: number): boolean {
    // A driver at the door asking for the code from the text is handing over a parcel: only another part of a script
    // (a fee, a card number, a claim) makes an ask of it.
    if (deliveryAtDoor && !scriptRuleHeard) return false;
    // Someone sent here by an alarm (pop-up, virus, a charge they did not make) and answered by a support or refund
    // desk: the call-back the script wanted has already happened.
    if (supportDeskAnswered && alarmSeen) return true;
    // A sales offer in a recorded message (something free, a debt forgiven) is the robocall's pitch itself, cut off
    // before the hand-off or not: the learned risk decides. Not when the caller greeted the person by name ("Mr
    // Okoro? This is PC Riley … we're offering free security checks"): someone is on the line.
    if (offerSeen && calleeTurns === 0 && !addressedByName) return true;
    // Secrecy or pressure counts only with some substance (a claim, a pretext, an ask: a rule's hit or the model
    // fairly sure) beside it: "nothing urgent, ring me when you're free" and "don't tell him, it's a surprise" are
    // neither.
    const substance = claimOrRule() || context >= controlSubstance || troubleTold;
    // In a recorded message (several sentences, no one answering in words) the rules' pressure is the script's
    // substance ("act now, press one"): robocalls rarely say more before the hand-off. A bare "urgent" is no control
    // tactic on its own: it is what a recogniser leaves of "nothing urgent".
    const recordedMessage = calleeTurns === 0 && callerTurns >= 2;
    for (const stage of actionStages) {
      const s = stages.indexOf(stage);
      const control = controlStageIndices.has(s);
      // Any pressure counts ("press one now", "final notice"): robocalls rarely say more before the hand-off.
      const ruleFloor = stage === 'pressure' ? strengthScore.weak : strengthScore.strong;
      if (
        (ruleMax[s] ?? 0) >= ruleFloor &&
        (!control || ((substance || recordedMessage) && (stage !== 'pressure' || scriptedPressure)))
      )
        return true;
      if ((modelMax[s] ?? 0) >= actionModelThreshold && (control ? substance : claimOrRule())) return true;
    }
    // The learned ask alone ("you don't mind if I move it this afternoon" scored as one) needs a claim, a pretext or
    // a rule's ask beside it too.
    return askMax >= askActionThreshold && (claimOrRule() || scamContext(false) >= actionModelThreshold);
  }

  function assess(): TurnAssessment {
    // The scam's substance so far, computed once per turn for the combiner's inputs and the alert's conditions.
    const context = scamContext();
    const evidence = evidenceVector(context);
    let z = model.combiner.bias;
    for (let i = 0; i < evidenceNames.length; i++) z += (model.combiner.weights[i] ?? 0) * (evidence[i] ?? 0);
    // Risk from the words alone, then with the keyword spotter's bounded nudge (unchanged without keywords).
    const textRisk = sigmoid(z);
    const keywordLogit = keywordHints.logit;
    const risk = keywordLogit > 0 ? sigmoid(z + keywordLogit) : textRisk;
    const { thresholds } = model;
    let next: ActionLevel = 'none';
    if (risk >= thresholds.warn) next = 'warn';
    // Keyword hints may tip a call over the alert threshold only when its words alone already warn: hints on their
    // own never go past `warn`, and an ask or control tactic (`actionEvidence`) must come from the words as well.
    const alertRisk = textRisk >= thresholds.warn ? risk : textRisk;
    // Who the caller claims to be and what they threaten are context: a risk-based alert also needs an ask or a
    // control tactic (secrecy, pressure). When the caller is a customer of the answering business, only a
    // near-certain rule raises an alert.
    // The script's own moves (a pop-up's number, remote access, "which bank") lift that: see `supportScriptRules`.
    const customer = customerCalling && !supportScript;
    // While a relative's calm may still come back (a secret kept from Mum, said a turn ago) the risk waits a turn.
    const riskCanAlert = !customer && !familyCalm && !calmMayReturn && actionEvidence(context);
    // A near-certain risk from the words alone, held over at least two of the caller's turns, alerts with no ask in
    // evidence yet: a recorded pitch or an opening that is plainly the script ("this is the tax processing center,
    // a lawsuit has been filed") should not wait for the hand-off.
    const riskAloneCanAlert = !customer && !familyOpened && callerTurns >= nearCertainRiskTurns;
    // A recording (no one answering in words: a recorded message, an opening with speakers merged) is mostly cut
    // off before the hand-off: there the risk alone alerts at the trainer's recording threshold.
    const recordingCanAlert = riskAloneCanAlert && calleeTurns === 0;
    const riskAlerts =
      (riskCanAlert && (alertRisk >= thresholds.alert || (escalated && alertRisk >= thresholds.warn))) ||
      (riskAloneCanAlert && textRisk >= nearCertainRisk) ||
      (recordingCanAlert && textRisk >= thresholds.recording);
    // A robocall's whole script: a pretext (suspended number, warrant, charge, virus, warranty) and "press one to
    // speak to an agent" or "call us back now", from someone claiming to be an authority or in a recorded monologue.
    // The same hand-off already done ("a pop-up said my computer is infected and to call this number") counts when
    // the answering side claimed to be a support desk.
    const callbackAlerts =
      !customer &&
      callbackAsked &&
      threatSeen &&
      safetyAdvice === 0 &&
      (officialClaimed || calleeTurns === 0 || supportDeskAnswered);
    // The sales-offer robocall seen whole: a recorded message (no one answering in words) offering something free or
    // cheaper, with a hand-off ("press one to see if you qualify", "call us back").
    const offerScript =
      !customer &&
      offerSeen &&
      calleeTurns === 0 &&
      (callbackAsked || (ruleMax[pressureIndex] ?? 0) >= strengthScore.weak) &&
      safetyAdvice === 0;
    // The refund and tech-support script at a desk, seen whole: the desk heard an alarm (a charge not made, a virus,
    // a pop-up) and then moved to the computer, remote access, which bank or gift cards. This holds whether or not
    // the desk greeted like a business: a genuine desk that hears such an alarm does not do these things.
    const deskScript = supportDeskAnswered && alarmSeen && (supportScript || refundDeskAnswered) && safetyAdvice === 0;
    // An opening no genuine organisation uses (Microsoft ringing about your computer's errors, a shop asking whether
    // you placed an order, a suspended social security number): alert before the ask comes.
    // Not when the person rang a desk themselves ("this is amazon customer service, how can I help with your
    // order"): the desk script below decides there.
    const scriptAlerts = !customer && (!supportDeskAnswered || calledOut) && knownScript && safetyAdvice === 0;
    // A relative asking for family business (the TeamViewer ID to fix the printer, the card number to order the
    // batteries, a share of a present) is told of at most as a warning until the trouble story comes; then every
    // ask already heard counts.
    // A near-certain ask alerts whatever the threshold when the caller claimed to be the police, a bank or a firm
    // (they never ask for these); from anyone else, unless everything else said makes the call plainly innocent
    // (`certainAskRiskFloor`): the taxi firm's card machine, the repair shop that took a remote-access program off.
    const certainAsk = !familyCalm && certainRules.size > 0;
    const certainAlerts = certainAsk && (officialClaimed || textRisk >= certainAskRiskFloor);
    // The caller fished for a name ("don't you recognise my voice", "yes it's Liam") and the resident found them out
    // ("I haven't got a Liam", "Liam's sitting next to me"): the relative was an impostor, whatever the calm.
    const impostorAlerts = nameFished && impostorFound;
    const ruleAlerts =
      impostorAlerts ||
      (!familyCalm && (callbackAlerts || deskScript || scriptAlerts || offerScript || (certainAsk && officialClaimed)));
    if (certainAlerts || ruleAlerts || (!familyCalm && riskAlerts)) next = 'alert';
    // Cutting the call rests on the words alone.
    if (
      !familyCalm &&
      (certainRules.size > 0 || escalated) &&
      (textRisk >= thresholds.end || (certainRules.size >= 2 && certainAlerts))
    ) {
      next = 'end';
    }
    if (actionRank[next] > actionRank[level]) level = next;
    // Stage and reason lists are rebuilt only when they change (most turns add nothing).
    if (reasons.length !== reasonsSnapshot.length) {
      reasonsSnapshot = Object.freeze([...reasons]);
      stagesSnapshot = Object.freeze(stages.filter((s) => stageFirstTurn.has(s)));
    }
    return Object.freeze({
      turn: turnIndex,
      risk,
      action: level,
      advice: actionExplanations[level],
      stages: stagesSnapshot,
      reasons: reasonsSnapshot,
      evidence: Object.freeze(evidence),
      riskCanAlert,
      riskAloneCanAlert,
      recordingCanAlert,
      certainAsk: certainAsk && !officialClaimed,
      ruleAlerts,
    });
  }

  function noteStage(stage: Stage, reason: Reason): void {
    if (!stageFirstTurn.has(stage)) stageFirstTurn.set(stage, reason.turn);
    reasons.push(reason);
  }

  function addRuleHit(found: RuleHit, turn: number): void {
    // A delivery driver at the door asking for the code from the text is how DPD, Evri and Amazon hand over a
    // parcel: weak evidence there, and no part of a script (a fee, a card number or a claim must come beside it).
    const doorCode = deliveryAtDoor && (found.ruleId === 'one-time-code-ask' || found.ruleId === 'code-readback');
    // The card number asked for after the resident offered to pay by card is how a firm they owe takes payment: the
    // model weighs who is asking (an official's ask still escalates).
    const offeredCard = paymentOffered && found.ruleId === 'card-details-ask';
    const hit: RuleHit = doorCode
      ? { ...found, strength: 'weak' }
      : offeredCard
        ? { ...found, strength: 'strong' }
        : found;
    if (!isScamStage(hit.stage)) {
      safetyAdvice++;
      return;
    }
    const s = stages.indexOf(hit.stage);
    ruleMax[s] = Math.max(ruleMax[s] ?? 0, strengthScore[hit.strength]);
    if (hit.strength === 'certain') certainRules.add(hit.ruleId);
    if (hit.stage === 'impersonation') officialClaimed = true;
    // A claim to be an official or a threat is not family business.
    // ("nana its me" is the relative's own opening, not such a claim.) Nor is cash to be drawn or handed over, vouchers,
    // gold, a safe account, or secrecy that is no surprise: relatives in trouble ask for those, helpers do not.
    if (
      (hit.stage === 'impersonation' && !familyClaim.test(hit.matched)) ||
      (hit.stage === 'account-threat' && !familyNeutralPretexts.has(hit.ruleId)) ||
      hit.stage === 'handover' ||
      (troubleAsks.has(hit.ruleId) && (hit.ruleId !== 'fee-or-fine' || feeToPay.test(hit.matched))) ||
      (hit.stage === 'secrecy' && !surpriseTalk)
    ) {
      // Only a secret leaves the calm free to come back (see `calmMayReturn`): a secret said while the calm lasts, or
      // after it ended on a new phone alone ("I'm on my new phone" … "keep a secret, don't tell Mum" … "we're doing
      // a surprise party").
      if (hit.stage !== 'secrecy') {
        calmMayReturn = false;
        calmEndedForGood = true;
      } else if (familyCalm || (familyOpened && !troubleTold && !calmEndedForGood)) calmMayReturn = true;
      familyCalm = false;
    }
    if (hit.stage === 'account-threat') threatSeen = true;
    if (hit.ruleId === 'callback-ask' || hit.ruleId === 'prompted-callback') callbackAsked = true;
    if (supportScriptRules.has(hit.ruleId)) supportScript = true;
    if (hit.ruleId === 'robocall-pretext' || hit.ruleId === 'account-compromised') alarmSeen = true;
    if (hit.ruleId === 'robocall-offer') offerSeen = true;
    // A lie or silence coached for the bank's staff ("if the cashier asks what the money is for, say …") is part of
    // the script itself, not only a control tactic.
    if (
      hit.ruleId !== 'windfall-pretext' &&
      !doorCode &&
      (!controlStageIndices.has(s) || (hit.stage === 'secrecy' && bankStaff.test(hit.matched)))
    )
      scriptRuleHeard = true;
    if (hit.stage === 'pressure' && !/^urgent(?:ly)?$/.test(hit.matched)) scriptedPressure = true;
    if (hit.ruleId === 'cold-call-script') {
      knownScript = true;
      alarmSeen = true;
    }
    // (Asking for a National Insurance number is what HMRC does on a call-back: no escalation.)
    if (
      hit.strength === 'strong' &&
      askStageSet.has(hit.stage) &&
      officialClaimed &&
      !nonEscalatingAsks.has(hit.ruleId)
    ) {
      escalated = true;
    }
    if (!seenRules.has(hit.ruleId)) {
      seenRules.add(hit.ruleId);
      noteStage(hit.stage, { turn, stage: hit.stage, text: hit.explanation, source: hit.ruleId });
    }
  }

  let current = assess();

  return {
    get current() {
      return current;
    },
    addTurn(turn: Turn): TurnAssessment {
      turnIndex++;
      const isCaller = turn.speaker === 'caller';
      // Each turn is normalised once, and only when something reads it: every caller turn; a callee turn while the
      // greeting or a relative's calm lasts, or once the caller opened as a relative or fished for a name.
      const normalized =
        isCaller || familyCalm || turnIndex < greetingTurns || familyOpened || nameFished
          ? normalizeText(turn.text)
          : '';
      // A caller's story patterns are tested once per turn (long alternations), for a relative's calm and for the
      // story checks below. In a story already under way, or a turn that tells one, a quotation introduced by the
      // narrator ("somebody rang him said …") is the scammer's voice, not the caller's: its asks are reported speech.
      const described = isCaller ? describedIndex(normalized) : -1;
      const describedAt = Math.max(described, -1);
      const describesScam = described !== -1;
      const tellsStory = isCaller && calleeTurns > 0 && tellingStory.test(normalized);
      const storyTurn = isCaller && calleeTurns > 0 && (describingCall || describesScam || tellsStory);
      const quoteStart = storyTurn ? quoteStartOf(normalized) : -1;
      if (isCaller && callerTurns === 0 && turnIndex < greetingTurns && familiarOpening.test(normalized)) {
        familyCalm = true;
        familyOpened = true;
      }
      // The calm ended on a secret kept from the family or the resident's fear alone ("you can't tell Mum", "oh what
      // have you done") and the relative's next words are a surprise with no trouble in them ("nothing bad, it's
      // Mum's birthday"): the family business goes on.
      if (calmMayReturn && isCaller) {
        calmMayReturn = false;
        if (familySurprise.test(normalized) && !relativeTrouble.test(normalized)) {
          familyCalm = true;
          surpriseTalk = true;
        }
      }
      if (familyCalm) {
        if (familySurprise.test(normalized)) surpriseTalk = true;
        // The resident's own words end it only when they hear the trouble ("you sound different", "are you in
        // trouble"): "what do I owe you" is no story. Nor is a story's quotation ("she had a call from someone
        // pretending to be her son, he said mam my phone's broke"): the relative's own words before it are tested.
        const ownWords =
          quoteStart >= 0 && (describesScam || tellsStory) ? normalized.slice(0, quoteStart) : normalized;
        const troubleStory = isCaller && relativeTrouble.test(ownWords);
        const secret = isCaller && !surpriseTalk && secretFromFamily.test(ownWords);
        if (troubleStory && !troubleTold) troubleTold = seriousTrouble(ownWords);
        const fear = !isCaller && heardTrouble.test(normalized);
        if (troubleStory || secret || fear) {
          familyCalm = false;
          calmMayReturn = !troubleStory;
        }
      } else if (familyOpened && !troubleTold && isCaller) {
        // The calm ended on a new phone or a secret; the trouble may come later ("I'm in a bit of a mess with bills").
        troubleTold = seriousTrouble(
          quoteStart >= 0 && (describesScam || tellsStory) ? normalized.slice(0, quoteStart) : normalized,
        );
      }
      if (turn.speaker === 'callee' && /[a-z0-9]/i.test(turn.text)) {
        calleeTurns++;
        if (!paymentOffered && payWords.test(turn.text))
          paymentOffered = paymentOffer.test(normalized === '' ? normalizeText(turn.text) : normalized);
        if (turnIndex < greetingTurns) {
          if (supportDeskGreeting.test(normalized) || borrowedDeskGreeting.test(normalized)) supportDeskAnswered = true;
          if (refundDeskName.test(normalized)) refundDeskAnswered = true;
          else if (serviceGreeting.test(normalized)) customerCalling = true;
        }
        // The resident guessing who the "relative" is, or finding them out.
        if (familyOpened || nameFished) {
          guessedName = residentGuess.exec(normalized)?.[1] ?? '';
          if (!impostorFound && impostorExposed.test(normalized)) impostorFound = true;
        }
      }
      // Only the caller's words are evidence: the resident repeating "my PIN?" is not an ask.
      if (isCaller) {
        callerTurns++;
        if (!nameFished) {
          nameFished = guessingGame.test(normalized) || (guessedName !== '' && tookName(normalized, guessedName));
        }
        guessedName = '';
        // Speakers merged (no callee words yet): the desk's greeting ("thank you for calling windows technical
        // support, how can I help") is inside the caller's turn. Asking "is this Microsoft support?" is not one.
        if (
          calleeTurns === 0 &&
          turnIndex < greetingTurns &&
          (((serviceGreeting.test(normalized) || deskAnswer.test(normalized)) &&
            supportDeskGreeting.test(normalized)) ||
            (borrowedDeskAnswer.test(normalized) && borrowedDeskGreeting.test(normalized)))
        ) {
          supportDeskAnswered = true;
          if (refundDeskName.test(normalized)) refundDeskAnswered = true;
        }
        if (outboundCall.test(normalized)) calledOut = true;
        // Returning the person's own call ("HMRC returning your call about your tax code", "you left a message about
        // your boiler"): the business the person rang is answering, as when they ring it themselves.
        if (turnIndex < greetingTurns && returningCall.test(normalized) && !isMergedTurn(normalized))
          customerCalling = true;
        if (turnIndex < greetingTurns && byTitle.test(normalized)) addressedByName = true;
        // The driver and the door may come in different sentences of the opening ("Amazon delivery" … "I'm outside").
        if (turnIndex < greetingTurns) {
          if (deliveryDriver.test(normalized)) deliveryNamed = true;
          if (atTheDoor.test(normalized)) doorNamed = true;
          if (deliveryNamed && doorNamed) deliveryAtDoor = true;
        }
        // Once a caller has told of someone else's scam ("Eileen had a call from a chap saying he was from the Met"),
        // the rest of the story is the same telling ("she went to the Halifax and they were going to send a courier")
        // unless the caller turns to asking ("we need you to", "can you").
        const ownWords = quoteStart >= 0 ? normalized.slice(0, quoteStart) : normalized;
        const voiceOfAsking = askingVoice.test(ownWords);
        const describing =
          (calleeTurns > 0 || !isMergedTurn(normalized)) &&
          (describesScam || tellsStory || (describingCall && !voiceOfAsking));
        // Further into a story already told, a turn that reports what was said ("and then this other fella said to
        // download TeamViewer") is still the story, near-certain asks included: reported speech reaches further back
        // than a rule's window.
        const storyGoesOn = calleeTurns > 0 && describingCall && !voiceOfAsking && reportingWords.test(normalized);
        // Reported speech alone describes this turn only; a scam named as such, or a story told, goes on.
        if (describing && !voiceOfAsking && (describedAt >= 0 || tellsStory || describingCall)) describingCall = true;
        // In a description of someone else's scam only near-certain asks (which check reported speech themselves)
        // and safety advice count; "they told him to keep it secret" is not a demand for secrecy.
        // The caller's own claim in the opening words, before a scam is described ("This is DC Pryce, Met Police.
        // There's a scam going round …"), is a claim still: in the caller's first turn only, before any story.
        const openingClaimBefore = callerTurns === 1 && describedAt >= 0 && !tellsStory ? describedAt : -1;
        const hits = matchRules(rules, normalized).filter(
          (hit) =>
            !isScamStage(hit.stage) ||
            (hit.stage === 'impersonation' && hit.index + hit.matched.length <= openingClaimBefore) ||
            (!storyGoesOn && (!describing || hit.strength === 'certain') && (quoteStart < 0 || hit.index < quoteStart)),
        );
        // Impersonation first, so an ask in the same breath as "I'm from the police" is escalated.
        hits.sort((a, b) => (a.stage === 'impersonation' ? -1 : 0) - (b.stage === 'impersonation' ? -1 : 0));
        for (const hit of hits) addRuleHit(hit, turnIndex);
        // A description of someone else's scam names the same words ("cash in an envelope"): no keyword hints then.
        if (!describing && turn.keywords !== undefined && turn.keywords.length > 0) {
          for (const hint of keywordHints.add(turn.keywords)) {
            reasons.push({
              turn: turnIndex,
              stage: hint.stage,
              text: keywordExplanation(hint),
              source: 'keyword-spotter',
            });
          }
        }
        if (describing) {
          current = assess();
          return current;
        }
        const logits = utteranceLogits(model, normalized);
        const scam = Math.max(-6, Math.min(6, logits[0] ?? 0));
        scamMax = Math.max(scamMax, scam);
        if (scam > 1) scamTurns++;
        topScam.push(scam);
        topScam.sort((a, b) => b - a);
        if (topScam.length > 3) topScam.length = 3;
        askMax = Math.max(askMax, sigmoid(logits[stageCount + 1] ?? 0));
        for (let s = 0; s < stageCount; s++) {
          const p = sigmoid(logits[s + 1] ?? 0);
          if (p > (modelMax[s] ?? 0)) modelMax[s] = p;
          const stage = stages[s];
          if (stage !== undefined && p >= modelStageThreshold && !stageFirstTurn.has(stage)) {
            noteStage(stage, { turn: turnIndex, stage, text: stageExplanations[stage], source: 'model' });
          }
        }
      }
      if (nameFished && impostorFound && !seenRules.has('impostor-found')) {
        seenRules.add('impostor-found');
        noteStage('impersonation', {
          turn: turnIndex,
          stage: 'impersonation',
          text: impostorExplanation,
          source: 'impostor-found',
        });
      }
      current = assess();
      return current;
    },
  };
}

/** Call-level result in the shape of `callwarden analyze` (CONTRACT.md). */
export interface CallVerdict {
  readonly verdict: 'scam' | 'legitimate';
  readonly risk: number;
  /** First turn after which the action level reached `alert` (the trusted contact is told), or null. */
  readonly alertTurn: number | null;
  readonly stages: readonly Stage[];
  readonly reasons: readonly { turn: number; stage: Stage; text: string }[];
  /** The assessment after every turn (streaming view). */
  readonly perTurn: readonly TurnAssessment[];
}

/** Feeds a whole transcript through a fresh detector, turn by turn, exactly as a live call would. */
export function analyzeCall(
  model: DetectorModel,
  turns: readonly Turn[],
  options: CallDetectorOptions = {},
): CallVerdict {
  const detector = createCallDetector(model, options);
  const perTurn: TurnAssessment[] = [];
  let alertTurn: number | null = null;
  for (const turn of turns) {
    const assessment = detector.addTurn(turn);
    perTurn.push(assessment);
    if (alertTurn === null && actionRank[assessment.action] >= actionRank.alert) alertTurn = assessment.turn;
  }
  const last = detector.current;
  return {
    verdict: alertTurn === null ? 'legitimate' : 'scam',
    risk: last.risk,
    alertTurn,
    stages: last.stages,
    reasons: last.reasons.map(({ turn, stage, text }) => ({ turn, stage, text })),
    perTurn,
  };
}
