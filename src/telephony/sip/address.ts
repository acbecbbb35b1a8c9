/**
 * name-addr / addr-spec header values (RFC 3261 §20.10, §20.20, §20.39, §20.30, §20.34; RFC 3325): From, To,
 * Contact, Route, Record-Route, P-Asserted-Identity. Parameters after `>` (or after a bare addr-spec) belong to the
 * header (`tag`, `expires`, `q`); parameters inside `<>` belong to the URI (RFC 4475 §3.3.12–3.3.13).
 *
 * @example
 * const r = parseNameAddr('"Alice" <sip:alice@example.com>;tag=9fxced76sl');
 * // r.ok → { displayName: 'Alice', uri: { kind: 'sip', user: 'alice', ... }, params: Map { 'tag' => '9fxced76sl' } }
 */
import { attempt, fail, type Params, type Parsed, Scanner, trimWs } from './scanner.js';
import { readUri, type Uri } from './uri.js';

export interface NameAddr {
  /** Display name with quotes and quoted-pairs resolved; token display names joined by single spaces. */
  readonly displayName: string | null;
  readonly uri: Uri;
  /** Header parameters (`tag`, `expires`, `q`, `lr` on Route is inside the URI). */
  readonly params: Params;
}

/** A Contact header value: either `*` (remove all bindings) or a list of addresses. */
export type ContactValue = { readonly star: true } | { readonly star: false; readonly contacts: readonly NameAddr[] };

function readAddress(s: Scanner): NameAddr {
  s.skipWs();
  let displayName: string | null = null;
  if (s.peek() === '"') {
    displayName = s.quotedString();
    s.skipWs();
    if (s.peek() !== '<') fail('a quoted display name must be followed by <URI>');
  } else {
    // *(token LWS) "<" — RFC 4475 §3.1.1.6 asks us to accept `caller<sip:…>` with no LWS before '<'.
    const save = s.pos;
    const words: string[] = [];
    for (let word = s.token(); word !== null; word = s.token()) {
      words.push(word);
      s.skipWs();
    }
    if (s.peek() === '<') displayName = words.length > 0 ? words.join(' ') : null;
    else s.pos = save;
  }
  let uri: Uri;
  if (s.eat('<')) {
    const close = s.text.indexOf('>', s.pos);
    if (close < 0) fail("'<' without a closing '>'");
    uri = readUri(s.text.slice(s.pos, close));
    s.pos = close + 1;
  } else {
    const spec = s.while(/[^ \t;,]/);
    if (spec === '') fail('expected a name-addr or addr-spec');
    // RFC 3261 §20.10: a URI with ',', ';' or '?' must be in <>; ';' and ',' end it here, '?' cannot.
    if (spec.includes('?')) fail(`addr-spec '${spec}' has URI headers and must be enclosed in <>`);
    uri = readUri(spec);
  }
  return { displayName, uri, params: s.params() };
}

function readAddressList(text: string, what: string): NameAddr[] {
  const s = new Scanner(text);
  const list = [readAddress(s)];
  while (s.eatSeparator(',')) list.push(readAddress(s));
  s.end(what);
  return list;
}

/**
 * Parses a single name-addr or addr-spec with header parameters (From, To, Refer-To, one Route entry).
 *
 * @example
 * parseNameAddr('sip:bob@example.com;tag=abc'); // ok; tag is a header param because there are no <>
 */
export function parseNameAddr(value: string): Parsed<NameAddr> {
  return attempt(() => {
    const s = new Scanner(value);
    const address = readAddress(s);
    s.end('address header');
    return address;
  });
}

/**
 * Parses a comma-separated list of addresses (Route, Record-Route, P-Asserted-Identity, Path).
 *
 * @example
 * parseNameAddrList('<sip:p1.example.com;lr>, <sip:p2.example.com;lr>'); // ok, two entries
 */
export function parseNameAddrList(value: string): Parsed<NameAddr[]> {
  return attempt(() => readAddressList(value, 'address list'));
}

/**
 * Parses a Contact header value: `*` or a list of contacts with their `expires`/`q` params.
 *
 * @example
 * parseContact('*'); // { ok: true, value: { star: true } }
 * parseContact('<sip:a@192.0.2.4>;expires=60, <sip:a@[2001:db8::1]>'); // two contacts
 */
export function parseContact(value: string): Parsed<ContactValue> {
  if (trimWs(value) === '*') return { ok: true, value: { star: true } };
  return attempt(() => ({ star: false, contacts: readAddressList(value, 'Contact') }));
}

/**
 * The `expires` parameter of a contact in seconds, or null when absent or not a number of at most 2^32-1.
 *
 * @example
 * contactExpires(contact); // 3600
 */
export function contactExpires(contact: NameAddr): number | null {
  const raw = contact.params.get('expires');
  if (raw === undefined || raw === null || !/^[0-9]{1,10}$/.test(raw)) return null;
  const seconds = Number(raw);
  return seconds <= 0xffffffff ? seconds : null;
}
