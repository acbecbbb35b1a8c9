/**
 * Datagram → message (RFC 3261 §7, §18.3). Strict where RFC 3261 requires it (start-line grammar, version,
 * required and single-valued headers, CSeq, Content-Length framing), tolerant where RFC 4475 says a robust parser
 * must be (folding, LWS around separators, compact and oddly-cased names, unknown methods, headers and schemes).
 * Never throws: every outcome is a tagged `ParseResult`.
 *
 * @example
 * const r = parseMessage(Buffer.from('OPTIONS sip:bob@example.com SIP/2.0\r\nVia: …\r\n…\r\n\r\n'));
 * if (!r.ok) reply(r.error.code); // 400 | 413 | 505, or 'drop'
 */
import { isUtf8 } from 'node:buffer';
import { parseContact, parseNameAddr, parseNameAddrList } from './address.js';
import { canonicalHeaderName } from './header-names.js';
import { parseCallId, parseContentLength, parseCSeq, parseMaxForwards, parseSipDate } from './header-values.js';
import type { ParseError, ParseErrorCode, ParseResult, SipHeader, SipMessage } from './message.js';
import { isToken, trimWs } from './scanner.js';
import { parseUri } from './uri.js';
import { parseVia } from './via.js';

export interface ParseOptions {
  /** Largest datagram accepted; larger → 413 (requests) or drop (responses). Default 65535 (max UDP payload). */
  readonly maxSize?: number;
}

/** Default `maxSize`: the largest UDP payload. */
export const defaultMaxMessageSize = 65535;

class Rejection {
  constructor(
    readonly code: ParseErrorCode,
    readonly reason: string,
    readonly headers?: readonly SipHeader[],
  ) {}
}

const requiredHeaders = ['Via', 'From', 'To', 'Call-ID', 'CSeq'] as const;
// Headers that RFC 3261 §7.3.1 does not allow as comma lists, so more than one line is an error (RFC 4475 §3.3.8).
const singleValued = ['From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards'] as const;

/** Finds the empty line ending the header section: returns [end of headers, start of body], or null. */
function findHeaderEnd(buf: Buffer, from: number): [number, number] | null {
  for (let i = buf.indexOf(0x0a, from); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    const end = i > from && buf[i - 1] === 0x0d ? i - 1 : i;
    if (buf[i + 1] === 0x0a) return [end, i + 2];
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return [end, i + 3];
  }
  return null;
}

function decodeHeaders(bytes: Buffer): string {
  // Header text is UTF-8 in SIP; octets that are not valid UTF-8 are kept one char per byte (Latin-1).
  return bytes.toString(isUtf8(bytes) ? 'utf8' : 'latin1');
}

function readHeaders(lines: readonly string[], fail: (reason: string) => never): SipHeader[] {
  const headers: SipHeader[] = [];
  let pending: { name: string; value: string } | null = null;
  for (const line of lines) {
    if (line.includes('\r')) fail('bare CR in the header section');
    if (line.startsWith(' ') || line.startsWith('\t')) {
      // Folded continuation (LWS = [*WSP CRLF] 1*WSP): equivalent to a single SP.
      if (pending === null) fail('the first header line starts with white space');
      pending.value = `${trimWs(pending.value)} ${trimWs(line)}`;
      continue;
    }
    if (pending !== null) headers.push({ name: pending.name, value: trimWs(pending.value) });
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).replace(/[ \t]+$/, '');
    if (!isToken(name)) fail(`malformed header line '${line.slice(0, 40)}'`);
    pending = { name: canonicalHeaderName(name), value: line.slice(colon + 1) };
  }
  if (pending !== null) headers.push({ name: pending.name, value: trimWs(pending.value) });
  return headers;
}

function valuesOf(headers: readonly SipHeader[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter((header) => header.name.toLowerCase() === lower).map((header) => header.value);
}

function readRequestLine(line: string, reject: (code: ParseErrorCode, reason: string) => never) {
  const parts = line.split(' ');
  const [method, rawUri, version] = parts;
  if (parts.length !== 3 || method === undefined || rawUri === undefined || version === undefined) {
    return reject(400, 'Request-Line must be Method SP Request-URI SP SIP-Version, single spaces, nothing after');
  }
  if (!isToken(method)) reject(400, `malformed method '${method}'`);
  if (!/^SIP\/[0-9]+\.[0-9]+$/i.test(version)) reject(400, `malformed SIP-Version '${version}'`);
  if (version.toUpperCase() !== 'SIP/2.0') reject(505, `SIP version '${version}' is not supported`);
  if (rawUri === '') reject(400, 'empty Request-URI');
  const uri = parseUri(rawUri);
  if (!uri.ok) return reject(400, `bad Request-URI: ${uri.error}`);
  // RFC 3261 §19.1.1 table: URI headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
  if (uri.value.kind === 'sip' && uri.value.headers.size > 0) reject(400, 'Request-URI must not carry URI headers');
  return { method, uri: uri.value };
}

function readStatusLine(line: string, reject: (code: ParseErrorCode, reason: string) => never) {
  const match = /^(\S+) (\S+)(?: (.*))?$/s.exec(line) ?? reject('drop', 'malformed Status-Line');
  const version = match[1] as string;
  const code = match[2] as string;
  if (version.toUpperCase() !== 'SIP/2.0') reject('drop', `SIP version '${version}' is not supported`);
  if (!/^[1-6][0-9]{2}$/.test(code)) reject('drop', `bad status code '${code.slice(0, 16)}'`);
  return { status: Number(code), reason: match[3] ?? '' };
}

function validate(headers: readonly SipHeader[], method: string | null, reject: (reason: string) => never): void {
  for (const name of requiredHeaders) {
    if (valuesOf(headers, name).length === 0) reject(`missing required header ${name}`);
  }
  for (const name of singleValued) {
    if (valuesOf(headers, name).length > 1) reject(`more than one ${name} header`);
  }
  const check = (name: string, parse: (value: string) => { ok: true } | { ok: false; error: string }) => {
    for (const value of valuesOf(headers, name)) {
      const parsed = parse(value);
      if (!parsed.ok) reject(`bad ${name}: ${parsed.error}`);
    }
  };
  check('Via', parseVia);
  check('From', parseNameAddr);
  check('To', parseNameAddr);
  check('Call-ID', parseCallId);
  check('CSeq', parseCSeq);
  check('Max-Forwards', parseMaxForwards);
  check('Contact', parseContact);
  check('Route', parseNameAddrList);
  check('Record-Route', parseNameAddrList);
  check('Date', parseSipDate);
  if (method !== null) {
    const cseq = parseCSeq(valuesOf(headers, 'CSeq')[0] ?? '');
    if (cseq.ok && cseq.value.method !== method) {
      reject(`CSeq method '${cseq.value.method}' does not match request method '${method}'`);
    }
  }
}

function parseOrReject(buf: Buffer, maxSize: number): SipMessage {
  let start = 0;
  // RFC 3261 §7.5: ignore CRLFs before the start-line.
  while (buf[start] === 0x0d || buf[start] === 0x0a) start++;
  if (start === buf.length) throw new Rejection('drop', 'empty datagram (keep-alive)');
  const isResponse =
    buf
      .subarray(start, start + 4)
      .toString('latin1')
      .toUpperCase() === 'SIP/';
  const errorCode = (code: ParseErrorCode): ParseErrorCode => (isResponse ? 'drop' : code);
  const reject = (code: ParseErrorCode, reason: string): never => {
    throw new Rejection(errorCode(code), reason);
  };
  if (buf.length > maxSize) reject(413, `message of ${buf.length} bytes exceeds the ${maxSize}-byte limit`);

  const firstLineEnd = buf.indexOf(0x0a, start);
  const firstLine = decodeHeaders(buf.subarray(start, firstLineEnd < 0 ? buf.length : firstLineEnd)).replace(/\r$/, '');
  if (!isResponse && !/^[A-Za-z0-9\-.!%*_+`'~]+ /.test(firstLine)) reject('drop', 'not a SIP message');

  const bounds = findHeaderEnd(buf, start);
  if (bounds === null) return reject(400, 'no empty line after the header section');
  const [headerEnd, bodyStart] = bounds;
  const lines = decodeHeaders(buf.subarray(start, headerEnd)).split(/\r?\n/);
  const startLine = lines[0] ?? '';
  if (startLine.includes('\r')) reject(400, 'bare CR in the start-line');
  const headers = readHeaders(lines.slice(1), (reason) => reject(400, reason));

  const rejectWithHeaders = (code: ParseErrorCode, reason: string): never => {
    throw new Rejection(errorCode(code), reason, headers);
  };
  const head = isResponse
    ? readStatusLine(startLine, rejectWithHeaders)
    : readRequestLine(startLine, rejectWithHeaders);

  // Framing (RFC 3261 §18.3, §20.14; RFC 4475 §3.1.2.2, §3.1.2.3, §3.3.9).
  const lengths = valuesOf(headers, 'Content-Length');
  let body: Buffer;
  if (lengths.length === 0) {
    body = Buffer.from(buf.subarray(bodyStart));
  } else {
    const parsed = lengths.map(parseContentLength);
    const bad = parsed.find((result) => !result.ok);
    if (bad && !bad.ok) return rejectWithHeaders(400, bad.error);
    const distinct = new Set(parsed.map((result) => (result.ok ? result.value : -1)));
    if (distinct.size > 1) rejectWithHeaders(400, 'conflicting Content-Length headers');
    const length = [...distinct][0] ?? 0;
    const available = buf.length - bodyStart;
    if (length > available) {
      rejectWithHeaders(400, `Content-Length ${length} exceeds the ${available} body bytes received`);
    }
    // Octets after Content-Length are ignored, never forwarded (RFC 4475 §3.1.1.8).
    body = Buffer.from(buf.subarray(bodyStart, bodyStart + length));
  }

  validate(headers, 'method' in head ? head.method : null, (reason) => rejectWithHeaders(400, reason));
  if ('method' in head) return { kind: 'request', method: head.method, uri: head.uri, headers, body };
  return { kind: 'response', status: head.status, reason: head.reason, headers, body };
}

/**
 * Parses one SIP message from a datagram (or one frame cut by `createStreamFramer`). Never throws.
 *
 * @example
 * const r = parseMessage(datagram, { maxSize: 8192 });
 * if (r.ok) handle(r.message);
 * else if (r.error.code !== 'drop') sendStatelessError(r.error.code, r.error.headers);
 */
export function parseMessage(buf: Buffer, opts: ParseOptions = {}): ParseResult {
  try {
    return { ok: true, message: parseOrReject(buf, opts.maxSize ?? defaultMaxMessageSize) };
  } catch (error) {
    if (error instanceof Rejection) {
      const { code, reason, headers } = error;
      const parseError: ParseError = headers ? { code, reason, headers } : { code, reason };
      return { ok: false, error: parseError };
    }
    // A parser bug must not take the transport down; the reason says so, and the fuzz test looks for it.
    return { ok: false, error: { code: 'drop', reason: `internal parser error: ${String(error)}` } };
  }
}
