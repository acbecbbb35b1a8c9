/**
 * Words a resident or carer understands, for stages the learned model noticed (rules carry their own sentence)
 * and for each action level.
 *
 * @example
 * actionExplanations.end; // 'This is almost certainly a scam. The call is being ended to protect you.'
 */
import type { ActionLevel, Stage } from './stages.js';

/** Shown when the learned model, not a rule, noticed a stage. */
export const stageExplanations = {
  impersonation: 'The caller seems to be pretending to be someone official or someone you know.',
  'account-threat': 'The caller is talking about a problem with your money, account or the law to alarm you.',
  'credential-ask': 'The caller seems to be after your PIN, passwords, codes or card details. Never share them.',
  'money-ask': 'The caller seems to want you to take out, move or spend money. Genuine callers never ask that.',
  handover: 'The caller seems to be arranging for someone to collect money, cards or goods from you.',
  secrecy: 'The caller seems to want you to keep this secret. Genuine callers never ask for secrecy.',
  pressure: 'The caller seems to be rushing you or keeping you on the line. Take your time and check.',
} as const satisfies Record<Stage, string>;

export const actionExplanations = {
  none: 'Nothing suspicious so far.',
  warn: 'Be careful: this call has signs of a scam. Do not give any details or money.',
  alert: 'This looks like a scam. Your trusted contact has been told. Do not give any details or money.',
  end: 'This is almost certainly a scam. The call is being ended to protect you.',
} as const satisfies Record<ActionLevel, string>;
