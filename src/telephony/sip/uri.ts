/**
 * URIs as SIP carries them (RFC 3261 §19.1, RFC 3966): `sip:`/`sips:` with user (percent-decoded), password, host,
 * port, parameters and headers; `tel:` with its number and parameters; any other scheme kept opaque (RFC 4475
 * §3.3.2–3.3.4: a parser must accept unknown schemes and let the application decide). `raw` always holds the text as
 * received, so a forwarded URI keeps its bytes.
 *
 * @example
 * const r = parseUri('sip:alice%20smith@example.com:5070;transport=tcp');
 * // r.ok && r.value.kind === 'sip' → user 'alice smith', host 'example.com', port 5070, params { transport: 'tcp' }
 */
import { isUtf8 } from 'node:buffer';
import { attempt, fail, type Params, type Parsed } from './scanner.js';

export interface SipUri {
  readonly kind: 'sip';
  readonly scheme: 'sip' | 'sips';
  readonly raw: string;
  /** Percent-decoded user part (`%00` stays a NUL character, never truncates); null when the URI has no userinfo. */
  readonly user: string | null;
  readonly password: string | null;
  /** Host as written (IPv6 references keep their brackets). Compare hosts case-insensitively. */
  readonly host: string;
  readonly port: number | null;
  /** uri-parameters, names lower-cased, names and values percent-decoded (`;%6C%72` is `lr`). */
  readonly params: Params;
  /** Header fields embedded after `?`, names and values percent-decoded. */
  readonly headers: ReadonlyMap<string, string>;
}

export interface TelUri {
  readonly kind: 'tel';
  readonly scheme: 'tel';
  readonly raw: string;
  /** The telephone-subscriber part, percent-decoded, visual separators kept (`+1-201-555-0123`). */
  readonly number: string;
  readonly params: Params;
}

export interface OtherUri {
  readonly kind: 'other';
  /** Lower-cased scheme (`isbn`, `http`, `soap.beep`). */
  readonly scheme: string;
  readonly raw: string;
  /** Everything after `scheme:`, uninterpreted. */
  readonly opaque: string;
}

export type Uri = SipUri | TelUri | OtherUri;

const schemePattern = /^([A-Za-z][A-Za-z0-9+\-.]*):/;
// user = 1*( unreserved / escaped / user-unreserved ); password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )
const userPattern = /^[A-Za-z0-9\-_.!~*'()%&=+$,;?/]+$/;
const passwordPattern = /^[A-Za-z0-9\-_.!~*'()%&=+$,]*$/;
const hostnamePattern = /^[A-Za-z0-9\-._]+$/;
const ipv6Pattern = /^\[[0-9A-Fa-f:.]+\]$/;
// paramchar = param-unreserved / unreserved / escaped; hnv = hnv-unreserved / unreserved / escaped
const paramPattern = /^[A-Za-z0-9\-_.!~*'()%[\]/:&+$]+$/;
const headerPartPattern = /^[A-Za-z0-9\-_.!~*'()%[\]/?:+$]*$/;
const telNumberPattern = /^[A-Za-z0-9\-_.!~*'()%&=+$,/?:[\]#]+$/;
const forbiddenVisible = new Set('<>"\\^`{|}');

/** White space, controls, non-ASCII and the characters RFC 2396 calls "unwise" must be %-escaped in a URI. */
function hasForbiddenChar(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code <= 0x20 || code >= 0x7f || forbiddenVisible.has(char)) return true;
  }
  return false;
}

/**
 * Percent-decodes `text` (bytes, then UTF-8 when valid, else Latin-1); a `%` not followed by two hex digits fails.
 *
 * @example
 * percentDecode('null-%00-null'); // 'null-\u0000-null'
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail(`bad %-escape '%${hex}'`);
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
    }
  }
  const buffer = Buffer.from(bytes);
  return buffer.toString(isUtf8(buffer) ? 'utf8' : 'latin1');
}

function splitParams(text: string, what: string): Params {
  const params = new Map<string, string | null>();
  if (text === '') return params;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? null : part.slice(eq + 1);
    if (!paramPattern.test(rawName)) fail(`empty or malformed ${what} parameter '${part}'`);
    if (rawValue !== null && !paramPattern.test(rawValue)) fail(`malformed value in ${what} parameter '${part}'`);
    const name = percentDecode(rawName).toLowerCase();
    if (!params.has(name)) params.set(name, rawValue === null ? null : percentDecode(rawValue));
  }
  return params;
}

function parseSipUri(raw: string, scheme: 'sip' | 'sips', rest: string): SipUri {
  // '@' is allowed nowhere but as the userinfo terminator, while '?' and ';' are legal inside the user part
  // (RFC 4475 §3.1.1.2, §3.1.1.9), so split on '@' first.
  const at = rest.indexOf('@');
  let user: string | null = null;
  let password: string | null = null;
  let hostPart = rest;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    hostPart = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const rawUser = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const rawPassword = colon < 0 ? null : userinfo.slice(colon + 1);
    if (!userPattern.test(rawUser)) fail(`malformed user part '${rawUser}'`);
    if (rawPassword !== null && !passwordPattern.test(rawPassword)) fail('malformed password');
    user = percentDecode(rawUser);
    password = rawPassword === null ? null : percentDecode(rawPassword);
  }
  const query = hostPart.indexOf('?');
  const beforeQuery = query < 0 ? hostPart : hostPart.slice(0, query);
  const headerText = query < 0 ? null : hostPart.slice(query + 1);
  const semi = beforeQuery.indexOf(';');
  const hostPort = semi < 0 ? beforeQuery : beforeQuery.slice(0, semi);
  const params = splitParams(semi < 0 ? '' : beforeQuery.slice(semi + 1), 'URI');

  let host = hostPort;
  let port: number | null = null;
  const portMatch = /^(.*?):([0-9]*)$/.exec(hostPort);
  if (portMatch && !(hostPort.startsWith('[') && !hostPort.includes(']:'))) {
    host = portMatch[1] as string;
    const digits = portMatch[2] as string;
    if (digits.length === 0 || digits.length > 5 || Number(digits) > 65535) fail(`bad port '${digits}'`);
    port = Number(digits);
  }
  if (!(hostnamePattern.test(host) || ipv6Pattern.test(host))) fail(`malformed host '${host}'`);

  const headers = new Map<string, string>();
  if (headerText !== null) {
    for (const part of headerText.split('&')) {
      const eq = part.indexOf('=');
      if (eq <= 0 || !headerPartPattern.test(part.slice(0, eq)) || !headerPartPattern.test(part.slice(eq + 1))) {
        fail(`malformed URI header '${part}'`);
      }
      headers.set(percentDecode(part.slice(0, eq)), percentDecode(part.slice(eq + 1)));
    }
  }
  return { kind: 'sip', scheme, raw, user, password, host, port, params, headers };
}

function parseTelUri(raw: string, rest: string): TelUri {
  const semi = rest.indexOf(';');
  const rawNumber = semi < 0 ? rest : rest.slice(0, semi);
  if (!telNumberPattern.test(rawNumber)) fail(`malformed telephone number '${rawNumber}'`);
  return {
    kind: 'tel',
    scheme: 'tel',
    raw,
    number: percentDecode(rawNumber),
    params: splitParams(semi < 0 ? '' : rest.slice(semi + 1), 'tel'),
  };
}

/** The throwing core of `parseUri`, for parsers that already run inside `attempt`. */
export function readUri(raw: string): Uri {
  if (hasForbiddenChar(raw)) fail(`URI '${raw}' contains white space or a character that must be escaped`);
  const match = schemePattern.exec(raw) ?? fail(`'${raw}' is not an absolute URI (no scheme)`);
  const scheme = (match[1] as string).toLowerCase();
  const rest = raw.slice(match[0].length);
  if (rest === '') fail(`URI '${raw}' is empty after the scheme`);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(raw, scheme, rest);
  if (scheme === 'tel') return parseTelUri(raw, rest);
  return { kind: 'other', scheme, raw, opaque: rest };
}

/**
 * Parses a URI; never throws.
 *
 * @example
 * parseUri('tel:+44-1279-555001;phone-context=example'); // { ok: true, value: { kind: 'tel', number: '+44-1279-555001', ... } }
 * parseUri('<sip:a@b>'); // { ok: false, error: "'<sip:a@b>' ... " }
 */
export function parseUri(text: string): Parsed<Uri> {
  return attempt(() => readUri(text));
}

/**
 * Writes a SIP URI from its parts (percent-encoding the user where needed); other kinds return `raw`.
 *
 * @example
 * formatUri({ kind: 'sip', scheme: 'sip', raw: '', user: 'a b', password: null, host: 'example.com', port: null,
 *   params: new Map([['lr', null]]), headers: new Map() }); // 'sip:a%20b@example.com;lr'
 */
export function formatUri(uri: Uri): string {
  if (uri.kind !== 'sip') return uri.raw;
  const encode = (text: string, allowed: RegExp) =>
    [...Buffer.from(text, 'utf8')]
      .map((byte) => {
        const char = String.fromCharCode(byte);
        return byte < 0x80 && allowed.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      })
      .join('');
  const userChars = /[A-Za-z0-9\-_.!~*'()&=+$,;?/]/;
  const paramChars = /[A-Za-z0-9\-_.!~*'()[\]/:&+$]/;
  const headerChars = /[A-Za-z0-9\-_.!~*'()[\]/?:+$]/;
  let text = `${uri.scheme}:`;
  if (uri.user !== null) {
    text += encode(uri.user, userChars);
    if (uri.password !== null) text += `:${encode(uri.password, /[A-Za-z0-9\-_.!~*'()&=+$,]/)}`;
    text += '@';
  }
  text += uri.host;
  if (uri.port !== null) text += `:${uri.port}`;
  for (const [name, value] of uri.params) {
    text += `;${encode(name, paramChars)}${value === null ? '' : `=${encode(value, paramChars)}`}`;
  }
  const headers = [...uri.headers].map(([name, value]) => `${encode(name, headerChars)}=${encode(value, headerChars)}`);
  if (headers.length > 0) text += `?${headers.join('&')}`;
  return text;
}
