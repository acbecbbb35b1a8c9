/**
 * Header field names: compact forms (RFC 3261 §7.3.3 and the IANA registry) and the canonical spelling of the
 * names a B2BUA meets, so a message read with `v:`/`VIA :`/`via:` holds one name, `Via`.
 *
 * @example
 * canonicalHeaderName('i'); // 'Call-ID'
 * canonicalHeaderName('cseq'); // 'CSeq'
 * canonicalHeaderName('X-Custom'); // 'X-Custom' (unknown names keep their spelling; lookups ignore case)
 */

const compactForms: Readonly<Record<string, string>> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  n: 'Identity-Info',
  o: 'Event',
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events',
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

const knownNames = [
  'Accept',
  'Accept-Contact',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Date',
  'Diversion',
  'Error-Info',
  'Event',
  'Expires',
  'From',
  'History-Info',
  'Identity',
  'Identity-Info',
  'In-Reply-To',
  'Max-Forwards',
  'Min-Expires',
  'Min-SE',
  'MIME-Version',
  'Organization',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Path',
  'Priority',
  'Privacy',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'RAck',
  'Reason',
  'Record-Route',
  'Refer-To',
  'Referred-By',
  'Reject-Contact',
  'Replaces',
  'Reply-To',
  'Request-Disposition',
  'Require',
  'Retry-After',
  'Route',
  'RSeq',
  'Server',
  'Service-Route',
  'Session-Expires',
  'Subject',
  'Subscription-State',
  'Supported',
  'Timestamp',
  'To',
  'Unsupported',
  'User-Agent',
  'Via',
  'Warning',
  'WWW-Authenticate',
] as const;

const canonicalByLower = new Map<string, string>(knownNames.map((name) => [name.toLowerCase(), name]));

/** The canonical spelling of a header name: compact forms expanded, known names in their RFC case. */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return compactForms[lower] ?? canonicalByLower.get(lower) ?? name;
}

/** Canonical lower-case keys of names already seen (every message asks for the same few); bounded against floods. */
const keyCache = new Map<string, string>();

function headerKey(name: string): string {
  let key = keyCache.get(name);
  if (key === undefined) {
    key = canonicalHeaderName(name).toLowerCase();
    if (keyCache.size >= 4096) keyCache.clear();
    keyCache.set(name, key);
  }
  return key;
}

/** True when two header names denote the same header (case-insensitive, compact forms expanded). */
export function sameHeaderName(a: string, b: string): boolean {
  // Parsed headers carry canonical names, and lookups use them: most comparisons are settled by identity.
  return a === b || headerKey(a) === headerKey(b);
}
