/**
 * Seeded synthetic call traffic for testing and benchmarking campaign detection: a day (or a month) of ordinary calls
 * to many residents in many postcode districts — family and friends (trusted contacts), the residents' GP surgeries
 * (trusted contacts too), unknown callers from a large pool of mobiles, callers who ring the same resident again,
 * withheld numbers, the odd blocked number — with scam bursts laid on top: one number, or a range of numbers, calling
 * many residents of one district within minutes. Calls come in time order, generated on the fly, so ten million of
 * them never sit in memory at once. Pure: same options, same calls.
 *
 * @example
 * const world = syntheticWorld({ residents: 5000, districts: 50 });
 * for (const call of syntheticCalls(world, { start, days: 1, callsPerDay: 20_000, bursts: [burst] })) stream.push(call);
 */
import type { CampaignCall, CampaignReport } from './detect-campaigns.js';

/** Residents numbered 1…N, each in one postcode district, each with a GP surgery in that district. */
export interface SyntheticWorld {
  residents: number;
  /** District names (`AB1`, `AB2`…). */
  districtNames: string[];
  districtOf(residentId: number): string;
  /** Residents of a district, in id order. */
  residentsIn(district: string): number[];
  /** The resident's GP surgery's number (a trusted contact of the resident). */
  surgeryOf(residentId: number): string;
  /** The resident's family and friends (trusted contacts). */
  contactsOf(residentId: number): string[];
}

export interface SyntheticBurst {
  /** First call of the burst. */
  at: Date;
  district: string;
  /** Distinct residents of the district called (at most every resident there). */
  residents: number;
  /** The burst's calls are spread over this many minutes. */
  minutes: number;
  /** Numbers the calls show, used in turn (one number, or several of one range). */
  numbers: string[];
  /** Screening's decision for the calls (default `screen` with risk 0.3: not flagged). */
  action?: string;
  risk?: number;
}

export interface SyntheticTraffic {
  start: Date;
  days: number;
  /** Ordinary calls per day (bursts come on top). */
  callsPerDay: number;
  bursts?: readonly SyntheticBurst[];
  /** Unknown callers: a pool of this many mobile numbers (default 2,000,000). */
  unknownCallers?: number;
  seed?: number;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The k-th number of a scattered set of UK mobiles (`+447` and nine digits; for k < 9×10⁸ no two k collide). */
export function scatteredMobile(k: number): string {
  // k × 2654435761 mod 9×10⁸ without losing precision: the multiplier split in 16-bit halves.
  const m = 900_000_000;
  const scattered = (((((k * 40_503) % m) * 65_536) % m) + ((k * 31_153) % m)) % m;
  return `+447${100_000_000 + scattered}`;
}

const letters = 'ABCDEFGHJKLMNOPRSTUWY';

export function syntheticWorld(options: { residents: number; districts: number }): SyntheticWorld {
  const { residents } = options;
  const districtNames = Array.from(
    { length: options.districts },
    (_, i) => `${letters[i % letters.length]}${letters[Math.floor(i / letters.length) % letters.length]}${1 + (i % 9)}`,
  );
  // Residents are spread evenly: resident r lives in district (r - 1) mod D.
  const districtIndex = (residentId: number) => (residentId - 1) % districtNames.length;
  return {
    residents,
    districtNames,
    districtOf: (residentId) => districtNames[districtIndex(residentId)] ?? '',
    residentsIn(district) {
      const d = districtNames.indexOf(district);
      if (d < 0) return [];
      const ids: number[] = [];
      for (let id = d + 1; id <= residents; id += districtNames.length) ids.push(id);
      return ids;
    },
    // Three surgeries per district; their numbers share one range of landlines.
    surgeryOf: (residentId) => `+441279${String(600_000 + districtIndex(residentId) * 3 + (residentId % 3))}`,
    contactsOf: (residentId) => [0, 1, 2].map((c) => scatteredMobile(500_000_000 + residentId * 3 + c)),
  };
}

const minuteMs = 60_000;
/** Share of a day's calls in each UTC hour: quiet at night, busy in the day. */
const hourWeights = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 3, 6, 8, 8, 8, 7, 7, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1.5];
const weightSum = hourWeights.reduce((a, b) => a + b, 0);

/** The burst's calls: each resident of the district called once, in order, evenly over its minutes. */
export function burstCalls(world: SyntheticWorld, burst: SyntheticBurst, id: number): CampaignCall[] {
  const targets = world.residentsIn(burst.district).slice(0, burst.residents);
  const step = targets.length > 1 ? (burst.minutes * minuteMs) / (targets.length - 1) : 0;
  return targets.map((residentId, k) => ({
    callId: `burst-${id}-${k}`,
    residentId,
    number: burst.numbers[k % burst.numbers.length] ?? null,
    at: new Date(burst.at.getTime() + Math.round(k * step)),
    action: burst.action ?? 'screen',
    risk: burst.risk ?? 0.3,
  }));
}

/** Reports a few of the called residents file about a burst (one in four calls), naming the script. */
export function burstReports(world: SyntheticWorld, burst: SyntheticBurst, id: number, type: string): CampaignReport[] {
  return burstCalls(world, burst, id)
    .filter((_, k) => k % 4 === 0)
    .map((call) => ({ number: call.number, callId: call.callId, type }));
}

/** Ordinary calls with the bursts merged in, in time order. */
export function* syntheticCalls(world: SyntheticWorld, traffic: SyntheticTraffic): Generator<CampaignCall> {
  const random = seededRandom(traffic.seed ?? 1);
  const unknownCallers = traffic.unknownCallers ?? 2_000_000;
  const pending = (traffic.bursts ?? [])
    .flatMap((burst, id) => burstCalls(world, burst, id))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  let nextBurst = 0;
  // Recent unknown callers, some of whom ring the same resident again.
  const recent: { number: string; residentId: number }[] = [];
  let seq = 0;
  const pickResident = () => 1 + Math.floor(random() * world.residents);
  const startMs = traffic.start.getTime();
  const minutes = traffic.days * 24 * 60;
  const slot: CampaignCall[] = [];
  let carry = 0;
  for (let minute = 0; minute < minutes; minute += 1) {
    const minuteStart = startMs + minute * minuteMs;
    const hour = new Date(minuteStart).getUTCHours();
    const expected = (traffic.callsPerDay * (hourWeights[hour] ?? 1)) / weightSum / 60 + carry;
    const count = Math.floor(expected);
    carry = expected - count;
    slot.length = 0;
    for (let i = 0; i < count; i += 1) {
      seq += 1;
      const at = new Date(minuteStart + Math.floor(random() * minuteMs));
      const pick = random();
      let residentId: number;
      let number: string | null;
      let action = 'screen';
      let risk = 0.3;
      let trusted = false;
      if (pick < 0.35) {
        // Family and friends.
        residentId = pickResident();
        number = world.contactsOf(residentId)[Math.floor(random() * 3)] ?? null;
        action = 'ring';
        risk = 0;
        trusted = true;
      } else if (pick < 0.45) {
        // The GP surgery ringing its patients.
        residentId = pickResident();
        number = world.surgeryOf(residentId);
        action = 'ring';
        risk = 0;
        trusted = true;
      } else if (pick < 0.53 && recent.length > 0) {
        // A caller ringing the same resident again (a delivery, a tradesman, a persistent salesman).
        const again = recent[Math.floor(random() * recent.length)];
        residentId = again?.residentId ?? pickResident();
        number = again?.number ?? null;
      } else if (pick < 0.58) {
        residentId = pickResident();
        number = null;
        action = 'voicemail';
      } else if (pick < 0.6) {
        // A number on the block list from earlier scams.
        residentId = pickResident();
        number = scatteredMobile(unknownCallers + Math.floor(random() * 50_000));
        action = 'block';
        risk = 0.95;
      } else {
        residentId = pickResident();
        number = scatteredMobile(Math.floor(random() * unknownCallers));
        if (recent.length < 1000) recent.push({ number, residentId });
        else recent[seq % 1000] = { number, residentId };
      }
      slot.push({ callId: `c${seq}`, residentId, number, at, action, risk, ...(trusted ? { trusted } : {}) });
    }
    const minuteEnd = minuteStart + minuteMs;
    for (let call = pending[nextBurst]; call && call.at.getTime() < minuteEnd; call = pending[nextBurst]) {
      slot.push(call);
      nextBurst += 1;
    }
    slot.sort((a, b) => a.at.getTime() - b.at.getTime());
    yield* slot;
  }
  // Bursts after the last minute of ordinary traffic.
  for (; nextBurst < pending.length; nextBurst += 1) {
    const call = pending[nextBurst];
    if (call) yield call;
  }
}
