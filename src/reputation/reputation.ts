/**
 * Number reputation from scam reports. Resists abuse: each reporter counts once however often they report, verified
 * residents weigh more than anonymous sources, evidence decays with time, and no single actor can push a number to
 * "scam" alone. Pure: the caller supplies the reports and the clock.
 *
 * @example
 * computeReputation([{ reporter: 'resident:1', reporterKind: 'verified-resident', at, status: 'open' }], now)
 * // → { verdict: 'suspicious', distinctReporters: 1, ... }
 */
export const reporterKinds = ['verified-resident', 'carer', 'analyst', 'anonymous'] as const;
export type ReporterKind = (typeof reporterKinds)[number];

export const reportStatuses = ['open', 'confirmed', 'rejected'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export interface ReportEvidence {
  /** Stable identity of whoever filed it (`resident:12`, `token:4`, `cli`): duplicates from one reporter count once. */
  reporter: string;
  reporterKind: ReporterKind;
  at: Date;
  status: ReportStatus;
}

export const reputationVerdicts = ['clean', 'suspicious', 'scam'] as const;
export type ReputationVerdict = (typeof reputationVerdicts)[number];

export interface Reputation {
  /** 0..1: how strongly the reports say this number is used for scams. */
  score: number;
  verdict: ReputationVerdict;
  distinctReporters: number;
  reports: number;
  /** Decayed, de-duplicated evidence weight the score comes from. */
  evidence: number;
}

export interface ReputationPolicy {
  /** Weight of one reporter of each kind (before decay). */
  weights: Record<ReporterKind, number>;
  /** Days after which a report counts half. */
  halfLifeDays: number;
  /** Evidence at which a number is a known scam number (and screening blocks it): two recent verified residents. */
  scamEvidence: number;
  /** Distinct reporters needed before a number can be a known scam number: never one actor's say-so. */
  minDistinctReporters: number;
  /** Evidence at which the number is suspicious (screened with a warning). */
  suspiciousEvidence: number;
}

export const defaultReputationPolicy: ReputationPolicy = Object.freeze({
  weights: Object.freeze({ 'verified-resident': 1, carer: 0.8, analyst: 1.5, anonymous: 0.25 }),
  halfLifeDays: 30,
  scamEvidence: 1.8,
  minDistinctReporters: 2,
  suspiciousEvidence: 0.5,
});

export const cleanReputation: Reputation = Object.freeze({
  score: 0,
  verdict: 'clean',
  distinctReporters: 0,
  reports: 0,
  evidence: 0,
});

const dayMs = 86_400_000;

/** Computes a number's reputation from its reports at time `now`. Rejected reports carry no weight. */
export function computeReputation(
  reports: readonly ReportEvidence[],
  now: Date,
  policy: ReputationPolicy = defaultReputationPolicy,
): Reputation {
  const strongest = new Map<string, number>();
  let counted = 0;
  for (const report of reports) {
    if (report.status === 'rejected') continue;
    counted += 1;
    const ageDays = Math.max(0, (now.getTime() - report.at.getTime()) / dayMs);
    const kindWeight = report.status === 'confirmed' ? policy.weights.analyst : policy.weights[report.reporterKind];
    const weight = kindWeight * 0.5 ** (ageDays / policy.halfLifeDays);
    strongest.set(report.reporter, Math.max(strongest.get(report.reporter) ?? 0, weight));
  }
  let evidence = 0;
  for (const weight of strongest.values()) evidence += weight;
  const distinctReporters = strongest.size;
  const verdict: ReputationVerdict =
    evidence >= policy.scamEvidence && distinctReporters >= policy.minDistinctReporters
      ? 'scam'
      : evidence >= policy.suspiciousEvidence
        ? 'suspicious'
        : 'clean';
  // Saturating map of evidence to 0..1; a single reporter is capped below the scam level.
  let score = 1 - Math.exp(-evidence / policy.scamEvidence);
  if (distinctReporters < policy.minDistinctReporters) score = Math.min(score, 0.6);
  return { score: round(score), verdict, distinctReporters, reports: counted, evidence: round(evidence) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
