/**
 * Closed outcome sets of the scam detector: the script stages it recognises and the action levels it reports.
 *
 * @example
 * const level: ActionLevel = 'alert';
 * actionRank[level] >= actionRank.warn; // true
 */

/** Stages of a courier-fraud style script (and its relatives), in the order they usually appear. */
export const stages = [
  'impersonation',
  'account-threat',
  'credential-ask',
  'money-ask',
  'handover',
  'secrecy',
  'pressure',
] as const;
export type Stage = (typeof stages)[number];

/** The stages that are a harmful ask (the victim is asked to give or do something that loses money). */
export const askStages = ['credential-ask', 'money-ask', 'handover'] as const satisfies readonly Stage[];

/** none → warn (tell the resident) → alert (also notify the trusted contact) → end (cut the call). */
export const actionLevels = ['none', 'warn', 'alert', 'end'] as const;
export type ActionLevel = (typeof actionLevels)[number];

export const actionRank = { none: 0, warn: 1, alert: 2, end: 3 } as const satisfies Record<ActionLevel, number>;

export const speakers = ['caller', 'callee'] as const;
export type Speaker = (typeof speakers)[number];

/** Marks a branch that the type system proves unreachable. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}

export function isStage(value: string): value is Stage {
  return (stages as readonly string[]).includes(value);
}
