/**
 * Number intelligence: turns whatever a network, a carer or a CSV presents as a phone number into one canonical
 * form (E.164 for full numbers, a short code for 999/101/…), with its validity and type. Built on libphonenumber-js
 * (full metadata) rather than hand-written numbering rules.
 *
 * @example
 * parseNumber('01279 555001') // { ok: true, number: { key: '+441279555001', e164: '+441279555001', kind: 'fixed-line', ... } }
 */
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { SpecialService } from './special-numbers.js';
import { specialServiceFor } from './special-numbers.js';

/** A full international number in E.164 form (`+441279555001`); only `parseNumber` makes one. */
export type E164 = string & { readonly __brand: 'E164' };

export const numberKinds = [
  'mobile',
  'fixed-line',
  'fixed-line-or-mobile',
  'premium-rate',
  'toll-free',
  'shared-cost',
  'non-geographic',
  'voip',
  'personal',
  'pager',
  'short-code',
  'unknown',
] as const;
export type NumberKind = (typeof numberKinds)[number];

/** A number as CallWarden understands it. `key` is the canonical identity used for lists and lookups. */
export interface PhoneNumber {
  /** E.164 for full numbers; `<REGION>:<digits>` (e.g. `GB:999`) for short codes, which have no E.164 form. */
  key: string;
  e164: E164 | null;
  /** Region the number belongs to (ISO 3166 alpha-2), when known. */
  country: string | null;
  /** International calling code without '+' (`44`); null for short codes. Calling codes are prefix-free. */
  callingCode: string | null;
  kind: NumberKind;
  /** True when the number is a possible, allocated-pattern number in its numbering plan (libphonenumber). */
  valid: boolean;
  /** The number written the way people in its country write it (`01279 555001`). */
  national: string;
  /** Emergency or special public service this number belongs to (999, 101, 159, …), if any. */
  special: SpecialService | null;
}

export type ParseResult = { ok: true; number: PhoneNumber } | { ok: false; error: string };

const typeToKind: Record<string, NumberKind> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed-line',
  FIXED_LINE_OR_MOBILE: 'fixed-line-or-mobile',
  PREMIUM_RATE: 'premium-rate',
  TOLL_FREE: 'toll-free',
  SHARED_COST: 'shared-cost',
  UAN: 'non-geographic',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  VOICEMAIL: 'non-geographic',
};

/** Values a caller-ID header carries when the number is withheld or unavailable. */
const withheldWords = new Set(['anonymous', 'withheld', 'unavailable', 'unknown', 'private', 'restricted', 'unknown']);

/** True when a presented caller ID means "no number" (withheld, anonymous, unavailable) rather than a bad number. */
export function isWithheldPresentation(raw: string): boolean {
  const user = extractUserPart(raw).toLowerCase();
  return user === '' || withheldWords.has(user);
}

/**
 * Pulls the number out of the forms networks and people use: `tel:+44-1279-555001`, `sip:+441279555001@host;user=phone`,
 * `"Name" <sip:...>`, `00 44 ...`, `(01279) 555 001`.
 */
export function extractUserPart(raw: string): string {
  let text = raw.trim();
  const angle = /<([^>]*)>/.exec(text);
  if (angle?.[1] !== undefined) text = angle[1].trim();
  const scheme = /^(sips?|tel):/i.exec(text);
  if (scheme) {
    text = text.slice(scheme[0].length);
    text = text.split(/[;?]/, 1)[0] ?? '';
    const at = text.indexOf('@');
    if (at >= 0) text = text.slice(0, at);
    try {
      text = decodeURIComponent(text);
    } catch {
      // keep the raw text: a malformed escape is reported as an invalid number below
    }
  }
  return text.trim();
}

/**
 * Normalises a number in any common written form to CallWarden's canonical form.
 * `region` is the default country for national numbers (UK unless configured otherwise).
 */
export function parseNumber(raw: string, region = 'GB'): ParseResult {
  if (typeof raw !== 'string') return { ok: false, error: 'a phone number must be text' };
  // Parsing with full metadata costs ~20 µs; the same numbers (residents, contacts, repeat and campaign callers)
  // arrive again and again, so results are kept in a bounded cache. Results are frozen: safe to share.
  if (raw.length > 200) return parseUncached(raw, region);
  const cacheKey = `${region}|${raw}`;
  const cached = parseCache.get(cacheKey);
  if (cached !== undefined) return cached;
  builtFromBlock = false;
  const result = Object.freeze(parseUncached(raw, region));
  if (result.ok) Object.freeze(result.number);
  // Results rebuilt cheaply from the block cache are not worth keeping: caching them would only turn short-lived
  // garbage into long-lived garbage.
  if (!builtFromBlock) parseCache.set(cacheKey, result);
  return result;
}

/**
 * A number classified from the block cache. Its national form is formatted only when asked for (explanations):
 * a getter on the class, not on each object, so millions of them share one hidden class and one function.
 */
class BlockNumber implements PhoneNumber {
  readonly key: string;
  readonly country: string | null;
  readonly callingCode: string | null;
  readonly kind: NumberKind;
  readonly valid: boolean;
  readonly special = null;
  constructor(
    readonly e164: E164,
    block: BlockFacts,
  ) {
    this.key = e164;
    this.country = block.country;
    this.callingCode = block.callingCode;
    this.kind = block.kind;
    this.valid = block.valid;
  }

  get national(): string {
    return parsePhoneNumberFromString(this.e164)?.formatNational() ?? this.e164;
  }
}

/** Set by `parseUncached` when it built its result from the block cache (synchronous, so no interleaving). */
let builtFromBlock = false;

/**
 * A bounded cache in two generations: lookups hit the young one, then the old one (promoting the entry); when the
 * young one is full the old one is dropped whole. O(1) per operation, unlike evicting single oldest Map entries.
 */
class GenerationalCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly generationSize: number) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

const parseCache = new GenerationalCache<ParseResult>(50_000);

/**
 * Validity, type and country of E.164 numbers by 1,000-number block (same length, all but the last three digits):
 * numbering plans allocate and classify numbers in blocks no smaller than that (Ofcom: 1,000), so a number whose
 * block libphonenumber has already classified needs no new pattern matching — the expensive part of parsing.
 */
type BlockFacts = Pick<PhoneNumber, 'country' | 'callingCode' | 'kind' | 'valid'> & { e164Prefix: string };
const blockCache = new GenerationalCache<BlockFacts>(20_000);
const nationalBlockCache = new GenerationalCache<BlockFacts>(20_000);

function blockKey(e164: string): string {
  return `${e164.length}:${e164.slice(0, -3)}`;
}

function nationalBlockKey(region: string, digits: string): string {
  return `${region}:${digits.length}:${digits.slice(0, -3)}`;
}

function parseUncached(raw: string, region: string): ParseResult {
  const regionCode = region.toUpperCase();
  if (!isSupportedCountry(regionCode)) return { ok: false, error: `unknown region '${region}'` };
  const user = extractUserPart(raw);
  if (user === '') return { ok: false, error: 'the number is empty' };
  if (user.length > 40) return { ok: false, error: 'the number is too long to be a phone number' };
  if (!/^[+\d\s().\-/]+$/.test(user)) {
    return { ok: false, error: `'${truncate(raw)}' is not a phone number (only digits, spaces, + ( ) - . allowed)` };
  }
  let digits = user.replace(/[\s().\-/]/g, '');
  if (digits.indexOf('+') > 0 || digits.split('+').length > 2) {
    return { ok: false, error: `'${truncate(raw)}' has a '+' in the wrong place` };
  }
  // International prefix written as 00 (most of Europe): treat as '+'.
  if (digits.startsWith('00') && digits.length > 4) digits = `+${digits.slice(2)}`;
  if (!digits.startsWith('+')) {
    const special = specialServiceFor(regionCode, digits);
    if (special || digits.length <= 6) {
      return {
        ok: true,
        number: {
          key: `${regionCode}:${digits}`,
          e164: null,
          country: regionCode,
          callingCode: null,
          kind: 'short-code',
          valid: special !== null,
          national: digits,
          special,
        },
      };
    }
  }
  if (digits.replace('+', '').length < 3) return { ok: false, error: `'${truncate(raw)}' is too short` };
  const international = /^\+[1-9]\d{7,14}$/.test(digits);
  const national = !international && /^\d{7,17}$/.test(digits);
  const block = international
    ? blockCache.get(blockKey(digits))
    : national
      ? nationalBlockCache.get(nationalBlockKey(regionCode, digits))
      : undefined;
  if (block !== undefined) {
    const e164 = (international ? digits : `${block.e164Prefix}${digits.slice(-3)}`) as E164;
    const number = new BlockNumber(e164, block);
    builtFromBlock = true;
    return { ok: true, number };
  }
  const parsed = parsePhoneNumberFromString(digits, regionCode as CountryCode);
  if (!parsed) return { ok: false, error: `'${truncate(raw)}' is not a phone number` };
  const e164 = parsed.number as E164;
  const valid = parsed.isValid();
  const type = valid ? parsed.getType() : undefined;
  const kind = type ? (typeToKind[type] ?? 'unknown') : 'unknown';
  const facts = { country: parsed.country ?? null, callingCode: parsed.countryCallingCode, kind, valid };
  if (international && e164 === digits) {
    blockCache.set(blockKey(e164), Object.freeze({ ...facts, e164Prefix: e164.slice(0, -3) }));
  } else if (national && e164.endsWith(digits.slice(-3))) {
    // The national form keeps the last digits: the same block in national form maps to the same E.164 block.
    nationalBlockCache.set(
      nationalBlockKey(regionCode, digits),
      Object.freeze({ ...facts, e164Prefix: e164.slice(0, -3) }),
    );
  }
  return {
    ok: true,
    number: {
      key: e164,
      e164,
      country: parsed.country ?? null,
      callingCode: parsed.countryCallingCode,
      kind,
      valid,
      national: parsed.formatNational(),
      special: null,
    },
  };
}

/** Like `parseNumber` but throws a `TypeError` with the reason; for trusted input such as tests and fixtures. */
export function mustParseNumber(raw: string, region = 'GB'): PhoneNumber {
  const result = parseNumber(raw, region);
  if (!result.ok) throw new TypeError(result.error);
  return result.number;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
