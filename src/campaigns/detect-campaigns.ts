/**
 * Campaign detection: finds scam campaigns in the call log — one caller number, one number range (numbers sharing
 * all but their last few digits), or one detected script reaching many different residents in a short window,
 * weighing calls at unusual hours and a campaign concentrated in one postcode district more. Pure: the caller
 * supplies the calls, the residents' districts, the reports and the clock; thresholds are data.
 *
 * @example
 * const campaigns = detectCampaigns({ calls, districts: new Map([[1, 'CM23']]), reports: [], now });
 * // → [{ key: 'number:+442079460001', kind: 'number', residentsReached: 3, reason: 'One number called 3 …', … }]
 */

export const campaignKinds = ['number', 'range', 'script'] as const;
export type CampaignKind = (typeof campaignKinds)[number];

/** A stored campaign's life: detected `active`, `ended` when the calls stop, or reviewed by an analyst. */
export const campaignStatuses = ['active', 'ended', 'confirmed', 'dismissed'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** What screening should do with a campaign's numbers while it is active. */
export const campaignResponses = ['block', 'monitor'] as const;
export type CampaignResponse = (typeof campaignResponses)[number];

/** A call as the detector sees it (a subset of the call log). */
export interface CampaignCall {
  callId: string;
  residentId: number | null;
  /** E.164 caller number; null when withheld or unparseable. */
  number: string | null;
  at: Date;
  /** The screening decision: `ring`, `screen`, `voicemail` or `block`. */
  action: string;
  risk: number;
}

/** A report as the detector sees it: reported calls count as flagged, and a report's type names the script. */
export interface CampaignReport {
  number: string | null;
  callId: string | null;
  type: string;
}

export interface CampaignThresholds {
  /** Length of the sliding window in which residents are counted. */
  windowMinutes: number;
  /** Weighted residents one number must reach within the window. */
  numberResidents: number;
  /** Weighted residents one number range must reach within the window (with at least two numbers). */
  rangeResidents: number;
  /** Weighted residents one detected script must reach within the window. */
  scriptResidents: number;
  /** Distinct residents needed whatever the weights: one resident called many times is never a campaign. */
  minDistinctResidents: number;
  /** A range is the E.164 number without this many trailing digits. */
  rangeSuffixDigits: number;
  /** Local hours (0–23) when calls are unusual: from `start` (inclusive) to `end` (exclusive), across midnight. */
  unusualHours: { start: number; end: number };
  timeZone: string;
  /** Weight of a resident first reached at unusual hours (a resident reached by day weighs 1). */
  unusualHourWeight: number;
  /** Added once when every resident reached lives in one postcode district. */
  singleDistrictBonus: number;
  /** A call is flagged when it was blocked or screened with at least this risk, or was reported. */
  flaggedRisk: number;
  /** A campaign is over when its last call is older than this. */
  endAfterMinutes: number;
  /** Calls further apart than this start a new campaign. */
  gapMinutes: number;
  /** Block the numbers while active when at least this share of calls is flagged … */
  blockFlaggedShare: number;
  /** … or at least this share of calls came at unusual hours; otherwise the campaign is only monitored. */
  blockUnusualShare: number;
  /** Report types that do not name a script (too vague to group calls by). */
  vagueReportTypes: readonly string[];
}

export const defaultCampaignThresholds: CampaignThresholds = Object.freeze({
  windowMinutes: 60,
  numberResidents: 3,
  rangeResidents: 5,
  scriptResidents: 5,
  minDistinctResidents: 2,
  rangeSuffixDigits: 3,
  unusualHours: Object.freeze({ start: 21, end: 8 }),
  timeZone: 'Europe/London',
  unusualHourWeight: 1.5,
  singleDistrictBonus: 0.5,
  flaggedRisk: 0.5,
  endAfterMinutes: 120,
  gapMinutes: 120,
  blockFlaggedShare: 0.3,
  blockUnusualShare: 0.5,
  vagueReportTypes: Object.freeze(['other']),
});

export interface CampaignInput {
  calls: readonly CampaignCall[];
  /** Postcode district of each resident (`CM23`); residents without one count under no district. */
  districts: ReadonlyMap<number, string>;
  reports: readonly CampaignReport[];
  now: Date;
}

export interface DetectedCampaign {
  /** Stable identity of what the calls share: `number:+44…`, `range:+44207946…` or `script:courier-fraud`. */
  key: string;
  kind: CampaignKind;
  /** First and last call of the campaign. */
  start: Date;
  end: Date;
  status: 'active' | 'ended';
  numbers: string[];
  residentIds: number[];
  residentsReached: number;
  districts: string[];
  calls: number;
  flaggedCalls: number;
  /** Share of the campaign's calls that were flagged (0..1). */
  flaggedShare: number;
  unusualHourCalls: number;
  /** Weighted residents of the strongest window, which crossed the threshold. */
  score: number;
  response: CampaignResponse;
  /** One sentence for a list. */
  reason: string;
  /** Every signal that counted, with its value. */
  explanations: string[];
}

const minuteMs = 60_000;

/** Finds campaigns in the calls; the result is ordered by start, then key. */
export function detectCampaigns(
  input: CampaignInput,
  thresholds: CampaignThresholds = defaultCampaignThresholds,
): DetectedCampaign[] {
  const reportedCalls = new Set<string>();
  const reportedNumbers = new Set<string>();
  const scriptOfCall = new Map<string, string>();
  for (const report of input.reports) {
    if (report.callId !== null) {
      reportedCalls.add(report.callId);
      if (!thresholds.vagueReportTypes.includes(report.type)) scriptOfCall.set(report.callId, report.type);
    } else if (report.number !== null) {
      reportedNumbers.add(report.number);
    }
  }
  const hourOf = localHour(thresholds.timeZone);
  const facts: CallFacts[] = [];
  for (const call of input.calls) {
    if (call.residentId === null) continue;
    const flaggedByDecision =
      (call.action === 'block' || call.action === 'screen') && call.risk >= thresholds.flaggedRisk;
    const reported = reportedCalls.has(call.callId) || (call.number !== null && reportedNumbers.has(call.number));
    facts.push({
      call,
      residentId: call.residentId,
      flagged: flaggedByDecision || reported,
      unusual: isUnusual(hourOf(call.at), thresholds.unusualHours),
      script: scriptOfCall.get(call.callId) ?? null,
    });
  }
  facts.sort((a, b) => a.call.at.getTime() - b.call.at.getTime() || a.call.callId.localeCompare(b.call.callId));

  const groups = new Map<string, { kind: CampaignKind; label: string; calls: CallFacts[] }>();
  const addTo = (key: string, kind: CampaignKind, label: string, fact: CallFacts) => {
    const group = groups.get(key) ?? { kind, label, calls: [] };
    group.calls.push(fact);
    groups.set(key, group);
  };
  for (const fact of facts) {
    const { number } = fact.call;
    if (number?.startsWith('+')) {
      addTo(`number:${number}`, 'number', number, fact);
      const digits = number.length - 1;
      if (digits > thresholds.rangeSuffixDigits + 4) {
        const prefix = number.slice(0, number.length - thresholds.rangeSuffixDigits);
        addTo(`range:${prefix}`, 'range', `${prefix}${'x'.repeat(thresholds.rangeSuffixDigits)}`, fact);
      }
    }
    if (fact.script !== null) addTo(`script:${fact.script}`, 'script', fact.script, fact);
  }

  const found: DetectedCampaign[] = [];
  for (const [key, group] of groups) {
    const needed =
      group.kind === 'number'
        ? thresholds.numberResidents
        : group.kind === 'range'
          ? thresholds.rangeResidents
          : thresholds.scriptResidents;
    for (const cluster of clusters(group.calls, thresholds.gapMinutes * minuteMs)) {
      // A range reached by one number only is that number's campaign, not a range's.
      if (group.kind === 'range' && new Set(cluster.map((fact) => fact.call.number)).size < 2) continue;
      const strongest = strongestWindow(cluster, input.districts, thresholds);
      if (strongest.score < needed || strongest.distinct < thresholds.minDistinctResidents) continue;
      found.push(describe(key, group.kind, group.label, cluster, strongest, needed, input, thresholds));
    }
  }
  return found.sort((a, b) => a.start.getTime() - b.start.getTime() || a.key.localeCompare(b.key));
}

interface CallFacts {
  call: CampaignCall;
  residentId: number;
  flagged: boolean;
  unusual: boolean;
  script: string | null;
}

interface WindowScore {
  score: number;
  distinct: number;
  unusualResidents: number;
  singleDistrict: string | null;
  from: Date;
}

/** Splits time-ordered calls where two consecutive calls are more than `gapMs` apart. */
function clusters(calls: readonly CallFacts[], gapMs: number): CallFacts[][] {
  const result: CallFacts[][] = [];
  let current: CallFacts[] = [];
  for (const fact of calls) {
    const last = current.at(-1);
    if (last && fact.call.at.getTime() - last.call.at.getTime() > gapMs) {
      result.push(current);
      current = [];
    }
    current.push(fact);
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** The window (starting at each call in turn) with the highest weighted count of distinct residents. */
function strongestWindow(
  cluster: readonly CallFacts[],
  districts: ReadonlyMap<number, string>,
  thresholds: CampaignThresholds,
): WindowScore {
  const windowMs = thresholds.windowMinutes * minuteMs;
  let best: WindowScore = { score: 0, distinct: 0, unusualResidents: 0, singleDistrict: null, from: new Date(0) };
  for (let i = 0; i < cluster.length; i += 1) {
    const first = cluster[i];
    if (!first) continue;
    // Each resident weighs once: more if any of their calls in the window came at unusual hours.
    const residents = new Map<number, boolean>();
    for (let j = i; j < cluster.length; j += 1) {
      const fact = cluster[j];
      if (!fact || fact.call.at.getTime() - first.call.at.getTime() > windowMs) break;
      residents.set(fact.residentId, (residents.get(fact.residentId) ?? false) || fact.unusual);
    }
    let score = 0;
    let unusualResidents = 0;
    for (const unusual of residents.values()) {
      score += unusual ? thresholds.unusualHourWeight : 1;
      if (unusual) unusualResidents += 1;
    }
    const windowDistricts = new Set([...residents.keys()].map((id) => districts.get(id) ?? null));
    const [only] = windowDistricts;
    const singleDistrict = windowDistricts.size === 1 && only != null && residents.size > 1 ? only : null;
    if (singleDistrict !== null) score += thresholds.singleDistrictBonus;
    if (score > best.score) {
      best = { score, distinct: residents.size, unusualResidents, singleDistrict, from: first.call.at };
    }
  }
  return best;
}

function describe(
  key: string,
  kind: CampaignKind,
  label: string,
  cluster: readonly CallFacts[],
  strongest: WindowScore,
  needed: number,
  input: CampaignInput,
  thresholds: CampaignThresholds,
): DetectedCampaign {
  const first = cluster[0];
  const last = cluster.at(-1);
  if (!first || !last) throw new Error('a campaign needs at least one call');
  const residentIds = [...new Set(cluster.map((fact) => fact.residentId))].sort((a, b) => a - b);
  const numbers = [...new Set(cluster.flatMap((fact) => (fact.call.number === null ? [] : [fact.call.number])))].sort();
  const districts = [
    ...new Set(residentIds.flatMap((id) => (input.districts.has(id) ? [input.districts.get(id) ?? ''] : []))),
  ].sort();
  const flaggedCalls = cluster.filter((fact) => fact.flagged).length;
  const unusualHourCalls = cluster.filter((fact) => fact.unusual).length;
  const flaggedShare = round(flaggedCalls / cluster.length);
  const unusualShare = unusualHourCalls / cluster.length;
  const response: CampaignResponse =
    flaggedShare >= thresholds.blockFlaggedShare || unusualShare >= thresholds.blockUnusualShare ? 'block' : 'monitor';
  const status =
    input.now.getTime() - last.call.at.getTime() > thresholds.endAfterMinutes * minuteMs ? 'ended' : 'active';

  const what =
    kind === 'number'
      ? `One number (${label})`
      : kind === 'range'
        ? `${numbers.length} numbers in one range (${label})`
        : `Calls following the same script (${label})`;
  const where =
    districts.length === 1 ? ` in ${districts[0]}` : districts.length > 1 ? ` in ${districts.join(', ')}` : '';
  const reason = `${what} reached ${residentIds.length} residents${where} between ${hhmm(first.call.at, thresholds.timeZone)} and ${hhmm(last.call.at, thresholds.timeZone)}.`;
  const explanations = [
    `${strongest.distinct} different residents were called within ${thresholds.windowMinutes} minutes from ${strongest.from.toISOString()}; weighted ${round(strongest.score)} against a threshold of ${needed}.`,
  ];
  if (strongest.unusualResidents > 0) {
    explanations.push(
      `${strongest.unusualResidents} of them were called at unusual hours (${pad(thresholds.unusualHours.start)}:00–${pad(thresholds.unusualHours.end)}:00), weighing ${thresholds.unusualHourWeight} each.`,
    );
  }
  if (strongest.singleDistrict !== null) {
    explanations.push(
      `All of them live in one postcode district (${strongest.singleDistrict}), adding ${thresholds.singleDistrictBonus}.`,
    );
  }
  explanations.push(
    `${flaggedCalls} of ${cluster.length} calls (${Math.round(flaggedShare * 100)}%) were flagged: blocked or screened with risk ≥ ${thresholds.flaggedRisk}, or reported.`,
  );
  explanations.push(
    response === 'block'
      ? 'While the campaign is active its numbers are blocked for every resident (trusted contacts still ring through).'
      : `Too few calls were flagged (under ${Math.round(thresholds.blockFlaggedShare * 100)}%) or at unusual hours to block the numbers automatically; an analyst can confirm the campaign to block them.`,
  );
  return {
    key,
    kind,
    start: first.call.at,
    end: last.call.at,
    status,
    numbers,
    residentIds,
    residentsReached: residentIds.length,
    districts,
    calls: cluster.length,
    flaggedCalls,
    flaggedShare,
    unusualHourCalls,
    score: round(strongest.score),
    response,
    reason,
    explanations,
  };
}

/** The local hour (0–23) of an instant in a time zone. */
function localHour(timeZone: string): (at: Date) => number {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  return (at) => Number(format.format(at)) % 24;
}

function isUnusual(hour: number, hours: { start: number; end: number }): boolean {
  return hours.start <= hours.end ? hour >= hours.start && hour < hours.end : hour >= hours.start || hour < hours.end;
}

function hhmm(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

function pad(hour: number): string {
  return String(hour).padStart(2, '0');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
