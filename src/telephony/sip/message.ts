/**
 * The SIP message model (RFC 3261 §7) and its header accessors. A message is plain immutable data: start-line
 * fields, headers in the order received (names canonical — compact forms expanded — values unfolded and trimmed),
 * and the body as bytes. Headers are the single source of truth; the typed accessors below parse on demand.
 *
 * This module is the entry point of the SIP layer: it re-exports parsing, serialization and builders.
 *
 * @example
 * const result = parseMessage(datagram);
 * if (result.ok && result.message.kind === 'request') {
 *   getCallId(result.message); // 'a84b4c76e66710@pc33.atlanta.example.com'
 *   getFrom(result.message)?.params.get('tag'); // '1928301774'
 * }
 */
import { type ContactValue, type NameAddr, parseContact, parseNameAddr, parseNameAddrList } from './address.js';
import { type AuthValue, parseAuth } from './auth.js';
import { sameHeaderName } from './header-names.js';
import { type CSeq, parseCallId, parseCSeq, parseMaxForwards, parsePrivacy, splitList } from './header-values.js';
import type { Parsed } from './scanner.js';
import type { Uri } from './uri.js';
import { parseVia, type Via } from './via.js';

/** One header field line. `name` is canonical for known headers (`Via`, `Call-ID`), else as received. */
export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

export interface SipRequest {
  readonly kind: 'request';
  /** Method token, case-sensitive (`INVITE`; unknown methods are kept as-is). */
  readonly method: string;
  readonly uri: Uri;
  readonly headers: readonly SipHeader[];
  readonly body: Buffer;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  /** Reason phrase, possibly empty or non-ASCII (RFC 4475 §3.1.1.12–3.1.1.13). */
  readonly reason: string;
  readonly headers: readonly SipHeader[];
  readonly body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

/**
 * What to do with a message that did not parse: answer a request with 400, 413 or 505 (RFC 3261 §21.4, §21.5),
 * or `drop` it silently (all bad responses, and input that is not recognisably SIP).
 */
export type ParseErrorCode = 400 | 413 | 505 | 'drop';

export interface ParseError {
  readonly code: ParseErrorCode;
  /** Why, in words — suitable for a log line or a Warning header, not for the reason phrase. */
  readonly reason: string;
  /** The header fields read before the error, when the header section could be read: enough to build a 400. */
  readonly headers?: readonly SipHeader[];
}

export type ParseResult = { ok: true; message: SipMessage } | { ok: false; error: ParseError };

type WithHeaders = Pick<SipMessage, 'headers'>;

/**
 * Every field value of header `name` in order (case-insensitive; `v` finds `Via`).
 *
 * @example
 * getHeaderValues(message, 'via'); // ['SIP/2.0/UDP a.example.com;branch=z9hG4bK1', …]
 */
export function getHeaderValues(message: WithHeaders, name: string): string[] {
  return message.headers.filter((header) => sameHeaderName(header.name, name)).map((header) => header.value);
}

/**
 * The first field value of header `name`, or undefined.
 *
 * @example
 * getHeader(message, 'Call-ID'); // 'a84b4c76e66710@pc33.atlanta.example.com'
 */
export function getHeader(message: WithHeaders, name: string): string | undefined {
  return message.headers.find((header) => sameHeaderName(header.name, name))?.value;
}

/**
 * The elements of a comma-separated list header across all its field lines (Allow, Supported, Require, Accept…).
 *
 * @example
 * getHeaderList(message, 'Supported'); // ['timer', '100rel']
 */
export function getHeaderList(message: WithHeaders, name: string): string[] {
  return getHeaderValues(message, name).flatMap(splitList);
}

/**
 * All Via entries, top first (several field lines and comma-joined values flattened); null if any is malformed.
 *
 * @example
 * getVias(request)[0]?.branch; // 'z9hG4bK776asdhds'
 */
export function getVias(message: WithHeaders): Via[] | null {
  const vias: Via[] = [];
  for (const value of getHeaderValues(message, 'Via')) {
    const parsed = parseVia(value);
    if (!parsed.ok) return null;
    vias.push(...parsed.value);
  }
  return vias;
}

/**
 * The top (first) Via, or null when absent or malformed.
 *
 * @example
 * getTopVia(request)?.host; // 'pc33.atlanta.example.com'
 */
export function getTopVia(message: WithHeaders): Via | null {
  return getVias(message)?.[0] ?? null;
}

function single<T>(message: WithHeaders, name: string, parse: (value: string) => Parsed<T>): T | null {
  const value = getHeader(message, name);
  if (value === undefined) return null;
  const parsed = parse(value);
  return parsed.ok ? parsed.value : null;
}

/**
 * The From address (display name, URI, `tag`), or null.
 *
 * @example
 * getFrom(request)?.params.get('tag'); // '1928301774'
 */
export function getFrom(message: WithHeaders): NameAddr | null {
  return single(message, 'From', parseNameAddr);
}

/**
 * The To address, or null.
 *
 * @example
 * getTo(response)?.params.get('tag'); // 'a6c85cf'
 */
export function getTo(message: WithHeaders): NameAddr | null {
  return single(message, 'To', parseNameAddr);
}

/**
 * The Call-ID, trimmed, or null.
 *
 * @example
 * getCallId(request); // 'a84b4c76e66710@pc33.atlanta.example.com'
 */
export function getCallId(message: WithHeaders): string | null {
  return single(message, 'Call-ID', parseCallId);
}

/**
 * The CSeq number and method, or null.
 *
 * @example
 * getCSeq(request); // { seq: 314159, method: 'INVITE' }
 */
export function getCSeq(message: WithHeaders): CSeq | null {
  return single(message, 'CSeq', parseCSeq);
}

/**
 * Max-Forwards, or null when absent (RFC 2543 peers omit it) or malformed.
 *
 * @example
 * getMaxForwards(request); // 70
 */
export function getMaxForwards(message: WithHeaders): number | null {
  return single(message, 'Max-Forwards', parseMaxForwards);
}

/**
 * Contacts across all Contact lines: `{ star: true }` for `*`, or the list; null if any is malformed.
 *
 * @example
 * const c = getContacts(request); // { star: false, contacts: [{ uri: { kind: 'sip', host: '192.0.2.4' }, … }] }
 */
export function getContacts(message: WithHeaders): ContactValue | null {
  const contacts: NameAddr[] = [];
  for (const value of getHeaderValues(message, 'Contact')) {
    const parsed = parseContact(value);
    if (!parsed.ok) return null;
    if (parsed.value.star) return parsed.value;
    contacts.push(...parsed.value.contacts);
  }
  return { star: false, contacts };
}

/**
 * Route, Record-Route, Path or P-Asserted-Identity entries in order across all lines; null if any is malformed.
 *
 * @example
 * getAddressList(request, 'Record-Route'); // [{ uri: { kind: 'sip', host: 'p1.example.com', params: Map { lr } } }]
 */
export function getAddressList(
  message: WithHeaders,
  name: 'Route' | 'Record-Route' | 'Path' | 'P-Asserted-Identity' | 'P-Preferred-Identity',
): NameAddr[] | null {
  const list: NameAddr[] = [];
  for (const value of getHeaderValues(message, name)) {
    const parsed = parseNameAddrList(value);
    if (!parsed.ok) return null;
    list.push(...parsed.value);
  }
  return list;
}

/**
 * Privacy values (RFC 3323) across all lines, lower-cased; empty when absent, null when malformed.
 *
 * @example
 * getPrivacy(request); // ['id']
 */
export function getPrivacy(message: WithHeaders): string[] | null {
  const values: string[] = [];
  for (const value of getHeaderValues(message, 'Privacy')) {
    const parsed = parsePrivacy(value);
    if (!parsed.ok) return null;
    values.push(...parsed.value);
  }
  return values;
}

/**
 * Every credentials/challenge value of an auth header (Authorization, Proxy-Authorization, WWW-Authenticate,
 * Proxy-Authenticate); malformed values are skipped.
 *
 * @example
 * getAuthValues(request, 'Authorization')[0]?.params.get('username'); // 'bob'
 */
export function getAuthValues(
  message: WithHeaders,
  name: 'Authorization' | 'Proxy-Authorization' | 'WWW-Authenticate' | 'Proxy-Authenticate',
): AuthValue[] {
  return getHeaderValues(message, name).flatMap((value) => {
    const parsed = parseAuth(value);
    return parsed.ok ? [parsed.value] : [];
  });
}

export type { ContactValue, NameAddr } from './address.js';
export { contactExpires, parseContact, parseNameAddr, parseNameAddrList } from './address.js';
export type { AuthValue, DigestParams } from './auth.js';
export { digestParams, parseAuth } from './auth.js';
export { canonicalHeaderName, sameHeaderName } from './header-names.js';
export type { ContentType, CSeq } from './header-values.js';
export {
  parseCallId,
  parseContentLength,
  parseContentType,
  parseCSeq,
  parseMaxForwards,
  parsePrivacy,
  parseSipDate,
  splitList,
} from './header-values.js';
export { generateBranch, generateCallId, generateTag } from './identifiers.js';
export { type ParseOptions, parseMessage } from './parse-message.js';
export { createResponse, type ResponseOptions } from './response-builder.js';
export type { Params, Parsed } from './scanner.js';
export { serializeMessage, serializeRequest, serializeResponse } from './serialize.js';
export type { OtherUri, SipUri, TelUri, Uri } from './uri.js';
export { formatUri, parseUri, percentDecode } from './uri.js';
export type { Via } from './via.js';
export { parseVia, viaPort } from './via.js';
