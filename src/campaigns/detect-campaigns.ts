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
  /**
   * The caller is a trusted contact of the resident called (screening rang it through as one): such calls never
   * count towards a campaign — a GP surgery ringing its patients is not a scam.
   */
  trusted?: boolean;
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
/** A resident's entry in a window counts calls in multiples of this, plus the calls at unusual hours. */
const perCall = 2 ** 20;
const noWindow: WindowScore = Object.freeze({
  score: 0,
  distinct: 0,
  unusualResidents: 0,
  singleDistrict: null,
  from: 0,
});

/** Finds campaigns in the calls; the result is ordered by start, then key. */
export function detectCampaigns(
  input: CampaignInput,
  thresholds: CampaignThresholds = defaultCampaignThresholds,
): DetectedCampaign[] {
  const ordered = [...input.calls].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0),
  );
  const stream = createCampaignStream(
    { districts: input.districts, reports: input.reports, now: input.now },
    thresholds,
  );
  for (const call of ordered) stream.push(call);
  return sortCampaigns(stream.finish());
}

/** Orders campaigns by start, then key (the order `detectCampaigns` returns). */
export function sortCampaigns(campaigns: DetectedCampaign[]): DetectedCampaign[] {
  return campaigns.sort((a, b) => a.start.getTime() - b.start.getTime() || a.key.localeCompare(b.key));
}

export interface CampaignStreamOptions {
  /** Postcode district of each resident (a map, or a function for a store too large to hold as one). */
  districts: ReadonlyMap<number, string> | ((residentId: number) => string | undefined);
  reports: readonly CampaignReport[];
  /** Decides `active` or `ended` for the campaigns found. */
  now: Date;
  /** Called with each campaign as soon as its calls are over (more than `gapMinutes` after its last call). */
  onCampaign?: (campaign: DetectedCampaign) => void;
}

/**
 * Campaign detection over a stream of calls in time order, with state for the last `gapMinutes` only: per caller
 * number, number range and script, the calls of the current sliding window and the distinct residents and numbers of
 * the current cluster. Memory grows with the callers active in the last two hours, not with the length of the stream.
 */
export interface CampaignStream {
  /** Adds the next call; calls must come in time order (ties in any order). */
  push(call: CampaignCall): void;
  /** Ends every open cluster and returns every campaign found (in the order their clusters closed). */
  finish(): DetectedCampaign[];
  /** Groups (number, range, script) with a cluster still open: the detector's live state. */
  readonly openGroups: number;
  /** Calls counted so far (calls without a resident and calls from a trusted contact are skipped). */
  readonly counted: number;
}

interface CallFacts {
  residentId: number;
  number: string | null;
  at: number;
  flagged: boolean;
  unusual: boolean;
}

interface WindowScore {
  score: number;
  distinct: number;
  unusualResidents: number;
  singleDistrict: string | null;
  from: number;
}

/** One open cluster of a group: calls no more than `gapMinutes` apart. */
interface OpenGroup {
  kind: CampaignKind;
  /** The number, the range's prefix or the script. */
  id: string;
  first: number;
  last: number;
  calls: number;
  flaggedCalls: number;
  unusualHourCalls: number;
  residentIds: Set<number>;
  /** Numbers of a range or script (a number's group has just its own). */
  numbers: Set<string> | null;
  /** The calls of the sliding window, oldest first from `head`. */
  window: CallFacts[];
  head: number;
  /** Calls of each resident in the window, times `perCall`, plus their unusual-hour calls. */
  residents: Map<number, number>;
  unusualResidents: number;
  /** Residents of the window per district (`''` for residents without one). */
  districtResidents: Map<string, number>;
  best: WindowScore;
}

export function createCampaignStream(
  options: CampaignStreamOptions,
  thresholds: CampaignThresholds = defaultCampaignThresholds,
): CampaignStream {
  const { districts, now, onCampaign } = options;
  const districtOf = typeof districts === 'function' ? districts : (residentId: number) => districts.get(residentId);
  const reportedCalls = new Set<string>();
  const reportedNumbers = new Set<string>();
  const scriptOfCall = new Map<string, string>();
  for (const report of options.reports) {
    if (report.callId !== null) {
      reportedCalls.add(report.callId);
      if (!thresholds.vagueReportTypes.includes(report.type)) scriptOfCall.set(report.callId, report.type);
    } else if (report.number !== null) {
      reportedNumbers.add(report.number);
    }
  }
  const hourOf = localHour(thresholds.timeZone);
  const windowMs = thresholds.windowMinutes * minuteMs;
  const gapMs = thresholds.gapMinutes * minuteMs;
  const open: Record<CampaignKind, Map<string, OpenGroup>> = { number: new Map(), range: new Map(), script: new Map() };
  // Every call a group took, oldest first: a group whose latest entry here is more than `gapMinutes` old is over.
  let touched: OpenGroup[] = [];
  let touchedAt: number[] = [];
  let touchedHead = 0;
  const found: DetectedCampaign[] = [];
  let counted = 0;
  let latest = Number.NEGATIVE_INFINITY;

  const neededFor = (kind: CampaignKind) =>
    kind === 'number'
      ? thresholds.numberResidents
      : kind === 'range'
        ? thresholds.rangeResidents
        : thresholds.scriptResidents;

  /** Scores the window starting at its oldest call; the strongest window of the cluster is kept. */
  function scoreWindow(group: OpenGroup): void {
    const distinct = group.residents.size;
    let score = distinct - group.unusualResidents + group.unusualResidents * thresholds.unusualHourWeight;
    let singleDistrict: string | null = null;
    if (group.districtResidents.size === 1 && distinct > 1) {
      const [only] = group.districtResidents.keys();
      if (only !== undefined && only !== '') singleDistrict = only;
    }
    if (singleDistrict !== null) score += thresholds.singleDistrictBonus;
    if (score > group.best.score) {
      const from = group.window[group.head]?.at ?? 0;
      group.best = { score, distinct, unusualResidents: group.unusualResidents, singleDistrict, from };
    }
  }

  /** Scores the window starting at the oldest call, then lets that call go. */
  function dropOldest(group: OpenGroup): void {
    scoreWindow(group);
    const fact = group.window[group.head];
    if (!fact) return;
    group.head += 1;
    const seen = group.residents.get(fact.residentId);
    if (seen !== undefined) {
      const left = seen - perCall - (fact.unusual ? 1 : 0);
      if (fact.unusual && left % perCall === 0) group.unusualResidents -= 1;
      if (left >= perCall) group.residents.set(fact.residentId, left);
      else {
        group.residents.delete(fact.residentId);
        const district = districtOf(fact.residentId) ?? '';
        const left = (group.districtResidents.get(district) ?? 1) - 1;
        if (left === 0) group.districtResidents.delete(district);
        else group.districtResidents.set(district, left);
      }
    }
    if (group.head === group.window.length) {
      group.window.length = 0;
      group.head = 0;
    } else if (group.head > 1024 && group.head * 2 > group.window.length) {
      group.window.splice(0, group.head);
      group.head = 0;
    }
  }

  function close(group: OpenGroup): void {
    while (group.head < group.window.length) dropOldest(group);
    if (group.best.score < neededFor(group.kind) || group.best.distinct < thresholds.minDistinctResidents) return;
    // A range reached by one number only is that number's campaign, not a range's.
    if (group.kind === 'range' && (group.numbers?.size ?? 0) < 2) return;
    const campaign = describe(group, neededFor(group.kind), districtOf, now, thresholds);
    found.push(campaign);
    onCampaign?.(campaign);
  }

  function addTo(kind: CampaignKind, id: string, fact: CallFacts): void {
    const groups = open[kind];
    let group = groups.get(id);
    if (group && fact.at - group.last > gapMs) {
      close(group);
      group = undefined;
    }
    if (group) {
      while (group.head < group.window.length && fact.at - (group.window[group.head]?.at ?? 0) > windowMs) {
        dropOldest(group);
      }
    } else {
      group = {
        kind,
        id,
        first: fact.at,
        last: fact.at,
        calls: 0,
        flaggedCalls: 0,
        unusualHourCalls: 0,
        residentIds: new Set(),
        numbers: kind === 'number' ? null : new Set(),
        window: [],
        head: 0,
        residents: new Map(),
        unusualResidents: 0,
        districtResidents: new Map(),
        best: noWindow,
      };
      groups.set(id, group);
    }
    touched.push(group);
    touchedAt.push(fact.at);
    group.last = fact.at;
    group.calls += 1;
    if (fact.flagged) group.flaggedCalls += 1;
    if (fact.unusual) group.unusualHourCalls += 1;
    group.residentIds.add(fact.residentId);
    if (fact.number !== null) group.numbers?.add(fact.number);
    group.window.push(fact);
    const seen = group.residents.get(fact.residentId) ?? 0;
    if (seen === 0) {
      const district = districtOf(fact.residentId) ?? '';
      group.districtResidents.set(district, (group.districtResidents.get(district) ?? 0) + 1);
    }
    if (fact.unusual && seen % perCall === 0) group.unusualResidents += 1;
    group.residents.set(fact.residentId, seen + perCall + (fact.unusual ? 1 : 0));
  }

  /** Closes the clusters whose last call is more than `gapMinutes` before the latest call: no call can join them. */
  function closeIdle(): void {
    while (touchedHead < touched.length) {
      const at = touchedAt[touchedHead] ?? latest;
      if (latest - at <= gapMs) break;
      const group = touched[touchedHead];
      touchedHead += 1;
      // Only the group's latest call decides; its cluster may also have been closed and replaced already.
      if (!group || group.last !== at || open[group.kind].get(group.id) !== group) continue;
      open[group.kind].delete(group.id);
      close(group);
    }
    if (touchedHead > 65_536 && touchedHead * 2 > touched.length) {
      touched = touched.slice(touchedHead);
      touchedAt = touchedAt.slice(touchedHead);
      touchedHead = 0;
    }
  }

  return {
    push(call) {
      if (call.residentId === null || call.trusted === true) return;
      const at = call.at.getTime();
      if (at < latest) throw new Error('campaign stream: calls must come in time order');
      if (at > latest) {
        latest = at;
        closeIdle();
      }
      counted += 1;
      const flaggedByDecision =
        (call.action === 'block' || call.action === 'screen') && call.risk >= thresholds.flaggedRisk;
      const reported =
        (reportedCalls.size > 0 && reportedCalls.has(call.callId)) ||
        (call.number !== null && reportedNumbers.size > 0 && reportedNumbers.has(call.number));
      const fact: CallFacts = {
        residentId: call.residentId,
        number: call.number,
        at,
        flagged: flaggedByDecision || reported,
        unusual: isUnusual(hourOf(call.at), thresholds.unusualHours),
      };
      const { number } = call;
      if (number?.startsWith('+')) {
        addTo('number', number, fact);
        const digits = number.length - 1;
        if (digits > thresholds.rangeSuffixDigits + 4) {
          addTo('range', number.slice(0, number.length - thresholds.rangeSuffixDigits), fact);
        }
      }
      const script = scriptOfCall.size > 0 ? scriptOfCall.get(call.callId) : undefined;
      if (script !== undefined) addTo('script', script, fact);
    },
    finish() {
      for (const groups of Object.values(open)) {
        for (const group of groups.values()) close(group);
        groups.clear();
      }
      touched = [];
      touchedAt = [];
      touchedHead = 0;
      return found;
    },
    get openGroups() {
      return open.number.size + open.range.size + open.script.size;
    },
    get counted() {
      return counted;
    },
  };
}

function describe(
  group: OpenGroup,
  needed: number,
  districtOf: (residentId: number) => string | undefined,
  now: Date,
  thresholds: CampaignThresholds,
): DetectedCampaign {
  const { kind, id, best: strongest } = group;
  const key = `${kind}:${id}`;
  const label = kind === 'range' ? `${id}${'x'.repeat(thresholds.rangeSuffixDigits)}` : id;
  const start = new Date(group.first);
  const end = new Date(group.last);
  const residentIds = [...group.residentIds].sort((a, b) => a - b);
  const numbers = group.numbers === null ? [id] : [...group.numbers].sort();
  const districts = [
    ...new Set(
      residentIds.flatMap((id) => {
        const district = districtOf(id);
        return district === undefined ? [] : [district];
      }),
    ),
  ].sort();
  const { flaggedCalls, unusualHourCalls, calls } = group;
  const flaggedShare = round(flaggedCalls / calls);
  const unusualShare = unusualHourCalls / calls;
  const response: CampaignResponse =
    flaggedShare >= thresholds.blockFlaggedShare || unusualShare >= thresholds.blockUnusualShare ? 'block' : 'monitor';
  const status = now.getTime() - group.last > thresholds.endAfterMinutes * minuteMs ? 'ended' : 'active';

  const what =
    kind === 'number'
      ? `One number (${label})`
      : kind === 'range'
        ? `${numbers.length} numbers in one range (${label})`
        : `Calls following the same script (${label})`;
  const where =
    districts.length === 1 ? ` in ${districts[0]}` : districts.length > 1 ? ` in ${districts.join(', ')}` : '';
  const reason = `${what} reached ${residentIds.length} residents${where} between ${hhmm(start, thresholds.timeZone)} and ${hhmm(end, thresholds.timeZone)}.`;
  const explanations = [
    `${strongest.distinct} different residents were called within ${thresholds.windowMinutes} minutes from ${new Date(strongest.from).toISOString()}; weighted ${round(strongest.score)} against a threshold of ${needed}.`,
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
    `${flaggedCalls} of ${calls} calls (${Math.round(flaggedShare * 100)}%) were flagged: blocked or screened with risk ≥ ${thresholds.flaggedRisk}, or reported.`,
  );
  explanations.push(
    response === 'block'
      ? 'While the campaign is active its numbers are blocked for every resident (trusted contacts still ring through).'
      : `Too few calls were flagged (under ${Math.round(thresholds.blockFlaggedShare * 100)}%) or at unusual hours to block the numbers automatically; an analyst can confirm the campaign to block them.`,
  );
  return {
    key,
    kind,
    start,
    end,
    status,
    numbers,
    residentIds,
    residentsReached: residentIds.length,
    districts,
    calls,
    flaggedCalls,
    flaggedShare,
    unusualHourCalls,
    score: round(strongest.score),
    response,
    reason,
    explanations,
  };
}

/**
 * The local hour (0–23) of an instant in a time zone. Every zone's offset is a whole number of quarter hours, so the
 * answer is cached per quarter hour (formatting dates is slow next to the rest of the detector).
 */
function localHour(timeZone: string): (at: Date) => number {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  const quarterMs = 15 * minuteMs;
  const cache = new Map<number, number>();
  return (at) => {
    const quarter = Math.floor(at.getTime() / quarterMs);
    let hour = cache.get(quarter);
    if (hour === undefined) {
      hour = Number(format.format(at)) % 24;
      if (cache.size > 100_000) cache.clear();
      cache.set(quarter, hour);
    }
    return hour;
  };
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
