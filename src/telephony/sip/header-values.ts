/**
 * Scalar and simple list header values (RFC 3261 §20; RFC 3323 Privacy): CSeq, Max-Forwards, Content-Length,
 * Content-Type, Call-ID, Date, Privacy, and a comma splitter for list headers that respects quotes and `<>`.
 *
 * @example
 * parseCSeq('0009 INVITE'); // { ok: true, value: { seq: 9, method: 'INVITE' } }
 * parseMaxForwards('0068'); // { ok: true, value: 68 }
 */
import { attempt, fail, isToken, type Params, type Parsed, Scanner, trimWs } from './scanner.js';

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

export interface ContentType {
  /** Lower-cased `type/subtype`, e.g. `application/sdp`. */
  readonly mediaType: string;
  readonly params: Params;
}

/** Largest CSeq number and delta-seconds value (RFC 3261 §8.1.1.5, §25.1: less than 2^32). */
export const maxUint32 = 0xffffffff;

function boundedInteger(text: string, max: number, what: string): number {
  if (!/^[0-9]+$/.test(text)) fail(`${what} '${text}' is not a non-negative integer`);
  const digits = text.replace(/^0+(?=.)/, '');
  if (digits.length > 10 || Number(digits) > max) fail(`${what} '${text}' is larger than ${max}`);
  return Number(digits);
}

/**
 * Parses `CSeq: 1*DIGIT LWS Method`; the number must be below 2^32 (RFC 4475 §3.1.2.4).
 *
 * @example
 * parseCSeq('36893488147419103232 REGISTER'); // { ok: false, error: "CSeq number '3689…' is larger than 4294967295" }
 */
export function parseCSeq(value: string): Parsed<CSeq> {
  return attempt(() => {
    const match = /^[ \t]*([^ \t]+)[ \t]+([^ \t]+)[ \t]*$/.exec(value) ?? fail(`malformed CSeq '${value}'`);
    const method = match[2] as string;
    if (!isToken(method)) fail(`malformed CSeq method '${method}'`);
    return { seq: boundedInteger(match[1] as string, maxUint32, 'CSeq number'), method };
  });
}

/**
 * Parses Max-Forwards (0–255, leading zeros allowed).
 *
 * @example
 * parseMaxForwards('300'); // { ok: false, error: "Max-Forwards '300' is larger than 255" }
 */
export function parseMaxForwards(value: string): Parsed<number> {
  return attempt(() => boundedInteger(trimWs(value), 255, 'Max-Forwards'));
}

/**
 * Parses Content-Length; negative or non-numeric values fail (RFC 4475 §3.1.2.3).
 *
 * @example
 * parseContentLength('-999'); // { ok: false, error: "Content-Length '-999' is not a non-negative integer" }
 */
export function parseContentLength(value: string): Parsed<number> {
  return attempt(() => boundedInteger(trimWs(value), Number.MAX_SAFE_INTEGER, 'Content-Length'));
}

/**
 * Parses Content-Type into a lower-cased media type and its parameters.
 *
 * @example
 * parseContentType('multipart/mixed;boundary=7a9cbec02ceef655'); // ok: mediaType 'multipart/mixed', params { boundary }
 */
export function parseContentType(value: string): Parsed<ContentType> {
  return attempt(() => {
    const s = new Scanner(value);
    s.skipWs();
    const type = s.token() ?? fail('Content-Type: missing type');
    if (!s.eatSeparator('/')) fail("Content-Type: expected '/'");
    const subtype = s.token() ?? fail('Content-Type: missing subtype');
    const params = s.params();
    s.end('Content-Type');
    return { mediaType: `${type}/${subtype}`.toLowerCase(), params };
  });
}

/**
 * Checks a Call-ID: non-empty, no white space. (RFC 3261's `word` grammar is stricter, but real user agents put
 * `=` and other octets in Call-IDs, and a B2BUA only needs it as an opaque key.)
 *
 * @example
 * parseCallId(' a84b4c76e66710@pc33.atlanta.example.com '); // { ok: true, value: 'a84b4c76e66710@pc33.atlanta.example.com' }
 */
export function parseCallId(value: string): Parsed<string> {
  const id = trimWs(value);
  if (id === '' || /[\s]/.test(id)) return { ok: false, error: `malformed Call-ID '${value}'` };
  return { ok: true, value: id };
}

const sipDatePattern =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT$/;

/**
 * Parses a SIP-date (RFC 3261 §20.17: RFC 1123 date, always GMT — RFC 4475 §3.1.2.12 rejects `EST`).
 *
 * @example
 * parseSipDate('Sat, 13 Nov 2010 23:29:00 GMT'); // { ok: true, value: Date(2010-11-13T23:29:00Z) }
 */
export function parseSipDate(value: string): Parsed<Date> {
  const match = sipDatePattern.exec(trimWs(value));
  const date = match ? new Date(Date.parse(trimWs(value))) : null;
  if (!date || Number.isNaN(date.getTime())) return { ok: false, error: `malformed Date '${value}' (must be GMT)` };
  return { ok: true, value: date };
}

/**
 * Parses Privacy (RFC 3323 §4.2): `priv-value *(";" priv-value)`, lower-cased.
 *
 * @example
 * parsePrivacy('id;critical'); // { ok: true, value: ['id', 'critical'] }
 */
export function parsePrivacy(value: string): Parsed<string[]> {
  return attempt(() =>
    value.split(';').map((part) => {
      const item = trimWs(part);
      if (!isToken(item)) fail(`malformed Privacy value '${part}'`);
      return item.toLowerCase();
    }),
  );
}

/**
 * Splits a list header value on commas outside quoted strings and `<>` (Accept, Allow, Supported, Require…).
 * Empty elements are dropped, elements trimmed.
 *
 * @example
 * splitList('application/sdp, "a,b" <sip:x@y>, multipart/mixed'); // ['application/sdp', '"a,b" <sip:x@y>', 'multipart/mixed']
 */
export function splitList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  let inAngles = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    if (inQuotes && char === '\\') {
      current += char + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"' && !inAngles) inQuotes = !inQuotes;
    else if (!inQuotes && char === '<') inAngles = true;
    else if (!inQuotes && char === '>') inAngles = false;
    else if (!inQuotes && !inAngles && char === ',') {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts.map((part) => trimWs(part)).filter((part) => part !== '');
}
