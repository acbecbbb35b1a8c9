/**
 * Authorization, Proxy-Authorization, WWW-Authenticate and Proxy-Authenticate values (RFC 3261 §20.7, §20.27,
 * §20.28, §20.44; RFC 7616 for the digest fields). Unknown schemes parse to their generic auth-params
 * (RFC 4475 §3.3.7): a registrar can then ignore or challenge them.
 *
 * @example
 * const r = parseAuth('Digest username="bob", realm="atlanta.example.com", nonce="ea9c8e88", uri="sip:ss2.biloxi.example.com", response="dfe56131d1958046689d83306477ecc"');
 * // r.ok → { scheme: 'Digest', params: Map { 'username' => 'bob', ... }, token68: null }
 */
import { attempt, fail, type Parsed, Scanner, trimWs } from './scanner.js';

export interface AuthValue {
  /** Scheme as written (`Digest`); compare case-insensitively. */
  readonly scheme: string;
  /** auth-params, names lower-cased, quoted values unquoted. */
  readonly params: ReadonlyMap<string, string>;
  /** For schemes using token68 (e.g. `Basic dXNlcjpwYXNz`); null otherwise. */
  readonly token68: string | null;
}

export interface DigestParams {
  readonly username: string | null;
  readonly realm: string | null;
  readonly nonce: string | null;
  readonly uri: string | null;
  readonly response: string | null;
  readonly algorithm: string | null;
  readonly cnonce: string | null;
  readonly opaque: string | null;
  readonly qop: string | null;
  readonly nc: string | null;
  readonly stale: boolean;
}

/**
 * Parses one credentials or challenge value: `scheme` then comma-separated `name=value` auth-params or a token68.
 *
 * @example
 * parseAuth('NoOneKnowsThisScheme opaque-data=here'); // ok: scheme 'NoOneKnowsThisScheme', params { 'opaque-data': 'here' }
 */
export function parseAuth(value: string): Parsed<AuthValue> {
  return attempt(() => {
    const s = new Scanner(value);
    s.skipWs();
    const scheme = s.token() ?? fail('missing authentication scheme');
    const params = new Map<string, string>();
    if (!s.skipWs()) {
      s.end('authentication header');
      return { scheme, params, token68: null };
    }
    const rest = trimWs(value.slice(s.pos));
    // token68 (RFC 7235) is never used by Digest, whose `realm=` would otherwise look like one.
    if (scheme.toLowerCase() !== 'digest' && /^[A-Za-z0-9\-._~+/]+=*$/.test(rest) && !/^[^=]+=[^=]/.test(rest)) {
      return { scheme, params, token68: rest };
    }
    do {
      const name = s.token() ?? fail(`malformed auth-param at offset ${s.pos}`);
      if (!s.eatSeparator('=')) fail(`auth-param '${name}' has no value`);
      const paramValue = s.peek() === '"' ? s.quotedString() : (s.token() ?? fail(`auth-param '${name}' has no value`));
      const key = name.toLowerCase();
      if (!params.has(key)) params.set(key, paramValue);
    } while (s.eatSeparator(','));
    s.end('authentication header');
    return { scheme, params, token68: null };
  });
}

/**
 * The digest fields of a parsed Digest credentials/challenge value; null for other schemes.
 *
 * @example
 * digestParams(auth)?.username; // 'bob'
 */
export function digestParams(auth: AuthValue): DigestParams | null {
  if (auth.scheme.toLowerCase() !== 'digest') return null;
  const get = (name: string) => auth.params.get(name) ?? null;
  return {
    username: get('username'),
    realm: get('realm'),
    nonce: get('nonce'),
    uri: get('uri'),
    response: get('response'),
    algorithm: get('algorithm'),
    cnonce: get('cnonce'),
    opaque: get('opaque'),
    qop: get('qop'),
    nc: get('nc'),
    stale: get('stale')?.toLowerCase() === 'true',
  };
}
