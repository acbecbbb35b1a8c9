/**
 * Weak evidence from the keyword spotter: per utterance, the live guard may pass the @NAMEs a small on-device
 * keyword-spotting model heard in the audio (`PIN_NUMBER`, `BANK_CARD`, `COURIER`, `CASH`, … — the names of
 * `keywords-courier-fraud.txt` beside the KWS model). A spotter mishears and cannot tell "we will never ask for your
 * PIN" from "read me your PIN", so a hint only nudges the risk a little (a bounded log-odds bonus, each keyword
 * counted once per call) and is shown as a reason; it never proves a stage and, on its own, never takes the call
 * past `warn` (`call-detector.ts` enforces the cap).
 *
 * @example
 * const hints = createKeywordHints();
 * hints.add(['BANK_CARD', 'bank card', 'NOT_A_KEYWORD']); // [{ name: 'BANK_CARD', stage: 'credential-ask', … }]
 * hints.logit; // 0.5
 */
import type { Stage } from './stages.js';

/** What one spotted keyword hints at: the stage, how much it nudges the risk (log-odds) and its words. */
export interface KeywordHint {
  /** Canonical @NAME, e.g. `BANK_CARD`. */
  readonly name: string;
  readonly stage: Stage;
  /** Log-odds added to the call's risk the first time this keyword is heard in a call. */
  readonly weight: number;
  /** The words as a resident reads them ("bank card"). */
  readonly phrase: string;
}

/** Keywords of the scam script's asks and control moves: rarer in ordinary calls, so a slightly larger nudge. */
const askWeight = 0.5;
/** Context words (police, fraud, taxi, cash, transfer): common in genuine calls too. */
const contextWeight = 0.25;
/** The most the keyword spotter can add to a call's log-odds, however many keywords it hears. */
export const maxKeywordLogit = 1.5;

const table: Readonly<Record<string, readonly [Stage, number]>> = {
  PIN_NUMBER: ['credential-ask', askWeight],
  YOUR_PIN: ['credential-ask', askWeight],
  BANK_CARD: ['credential-ask', askWeight],
  DEBIT_CARD: ['credential-ask', contextWeight],
  CREDIT_CARD: ['credential-ask', contextWeight],
  SORT_CODE: ['credential-ask', contextWeight],
  ACCOUNT_NUMBER: ['credential-ask', contextWeight],
  SECURITY_CODE: ['credential-ask', askWeight],
  ONE_TIME_PASSCODE: ['credential-ask', askWeight],
  REMOTE_ACCESS: ['credential-ask', askWeight],
  ANYDESK: ['credential-ask', askWeight],
  TEAMVIEWER: ['credential-ask', askWeight],
  CASH: ['money-ask', contextWeight],
  WITHDRAW: ['money-ask', contextWeight],
  WITHDRAWAL: ['money-ask', contextWeight],
  TRANSFER: ['money-ask', contextWeight],
  SAFE_ACCOUNT: ['money-ask', askWeight],
  GIFT_CARD: ['money-ask', askWeight],
  VOUCHERS: ['money-ask', askWeight],
  GOLD: ['money-ask', contextWeight],
  WATCH: ['money-ask', contextWeight],
  BITCOIN: ['money-ask', askWeight],
  ENVELOPE: ['handover', askWeight],
  COURIER: ['handover', contextWeight],
  TAXI: ['handover', contextWeight],
  POLICE: ['impersonation', contextWeight],
  POLICE_OFFICER: ['impersonation', contextWeight],
  DETECTIVE: ['impersonation', contextWeight],
  FRAUD_DEPARTMENT: ['impersonation', contextWeight],
  HMRC: ['impersonation', contextWeight],
  FRAUD: ['account-threat', contextWeight],
  INVESTIGATION: ['account-threat', contextWeight],
  ARREST: ['account-threat', contextWeight],
  WARRANT: ['account-threat', contextWeight],
  BAIL: ['account-threat', contextWeight],
  DO_NOT_TELL: ['secrecy', askWeight],
  "DON'T_TELL": ['secrecy', askWeight],
  STAY_ON_THE_LINE: ['pressure', askWeight],
};

/** Words as shown to a resident, where the @NAME read aloud is not quite right. */
const phrases: Readonly<Record<string, string>> = {
  PIN_NUMBER: 'PIN number',
  YOUR_PIN: 'your PIN',
  HMRC: 'HMRC',
  ANYDESK: 'AnyDesk',
  TEAMVIEWER: 'TeamViewer',
  DO_NOT_TELL: 'do not tell',
  "DON'T_TELL": "don't tell",
};

/** The keywords the detector knows, keyed by canonical @NAME. */
export const keywordHints: ReadonlyMap<string, KeywordHint> = new Map(
  Object.entries(table).map(([name, [stage, weight]]) => [
    name,
    Object.freeze({ name, stage, weight, phrase: phrases[name] ?? name.toLowerCase().replaceAll('_', ' ') }),
  ]),
);

/**
 * The canonical @NAME of a spotted keyword as the guard may pass it: `@BANK_CARD`, `bank card`, `Bank-Card` and
 * `BANK_CARD` are one keyword. Unknown names give undefined (and are ignored).
 */
export function keywordHint(raw: string): KeywordHint | undefined {
  // The guard normally passes the @NAME as the model spells it: look that up before normalising.
  const exact = keywordHints.get(raw);
  if (exact !== undefined) return exact;
  const name = raw
    .trim()
    .replace(/^@/, '')
    .toUpperCase()
    .replace(/[\s-]+/g, '_')
    .replace(/[’‘]/g, "'");
  return keywordHints.get(name);
}

/** The keyword hints of one call: each keyword counts once, and their total nudge is capped. */
export interface KeywordHintState {
  /** Records an utterance's spotted keywords; returns the hints heard for the first time in this call. */
  add(keywords: readonly string[]): readonly KeywordHint[];
  /** Log-odds the hints so far add to the risk, 0..`maxKeywordLogit`. */
  readonly logit: number;
}

/** Creates the per-call keyword-hint state (never shared between calls). */
export function createKeywordHints(): KeywordHintState {
  const heard = new Set<string>();
  let total = 0;
  return {
    add(keywords) {
      const fresh: KeywordHint[] = [];
      for (const raw of keywords) {
        const hint = keywordHint(raw);
        if (hint === undefined || heard.has(hint.name)) continue;
        heard.add(hint.name);
        total += hint.weight;
        fresh.push(hint);
      }
      return fresh;
    },
    get logit() {
      return Math.min(maxKeywordLogit, total);
    },
  };
}

/** The reason shown for a keyword hint ("The keyword spotter heard 'bank card'."). */
export function keywordExplanation(hint: KeywordHint): string {
  return `The keyword spotter heard '${hint.phrase}'.`;
}
