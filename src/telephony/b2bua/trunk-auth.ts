/**
 * CallWarden's side of digest authentication towards the SIP trunk (RFC 3261 §22.2–22.3, RFC 2617 / RFC 7616):
 * a trunk that answers an INVITE with 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) gets the request again with
 * `Authorization` / `Proxy-Authorization` computed from the challenge and the trunk credentials. MD5 and SHA-256,
 * `qop="auth"` or none (RFC 2069 compatibility); `-sess` algorithms and `auth-int` only are refused, as are schemes
 * other than Digest. Pure: no sockets, no state — the SIP service decides whether to retry at all (once, or again
 * only for a `stale=true` challenge), so wrong credentials never loop.
 *
 * @example
 * const answer = answerChallenge(response, { method: 'INVITE', uri: 'sip:101@203.0.113.5:5060' }, { username, password });
 * if (answer.ok) headers.push(answer.header); // { name: 'Proxy-Authorization', value: 'Digest username="…", …' }
 */
import { createHash, randomBytes } from 'node:crypto';
import { digestParams, getAuthValues, type SipHeader, type SipResponse } from '../sip/message.js';

/** The username and password CallWarden presents to the trunk. */
export interface TrunkCredentials {
  username: string;
  password: string;
}

/** The credentials header to add to the retried request, or why the challenge cannot be answered. */
export type ChallengeAnswer =
  | { ok: true; header: SipHeader; realm: string; stale: boolean }
  | { ok: false; reason: string };

const hashes = { MD5: 'md5', 'SHA-256': 'sha256' } as const;

/**
 * Answers the first Digest challenge of a 401/407 that uses an algorithm we support.
 *
 * @example
 * answerChallenge(response407, { method: 'INVITE', uri }, { username: 'cw', password: 's3cret' }, { cnonce: '0a4f113b' });
 */
export function answerChallenge(
  response: SipResponse,
  request: { method: string; uri: string },
  credentials: TrunkCredentials,
  options: { cnonce?: string; nc?: number } = {},
): ChallengeAnswer {
  const proxy = response.status === 407;
  if (!proxy && response.status !== 401) return { ok: false, reason: `${response.status} is not a challenge` };
  const challenges = getAuthValues(response, proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate');
  if (challenges.length === 0) return { ok: false, reason: 'the challenge has no readable authenticate header' };
  let reason = 'the challenge is not a Digest challenge';
  for (const challenge of challenges) {
    const digest = digestParams(challenge);
    if (!digest) continue;
    const algorithm = (digest.algorithm ?? 'MD5').toUpperCase();
    const hash = algorithm === 'MD5' || algorithm === 'SHA-256' ? hashes[algorithm] : null;
    if (!hash) {
      reason = `digest algorithm ${digest.algorithm} is not supported`;
      continue;
    }
    if (digest.realm === null || digest.nonce === null) {
      reason = 'the digest challenge has no realm or nonce';
      continue;
    }
    const offered = digest.qop === null ? null : digest.qop.split(',').map((qop) => qop.trim().toLowerCase());
    if (offered && !offered.includes('auth')) {
      reason = `digest qop "${digest.qop}" is not supported (only auth)`;
      continue;
    }
    const h = (text: string) => createHash(hash).update(text).digest('hex');
    const ha1 = h(`${credentials.username}:${digest.realm}:${credentials.password}`);
    const ha2 = h(`${request.method}:${request.uri}`);
    const fields = [
      `username=${quote(credentials.username)}`,
      `realm=${quote(digest.realm)}`,
      `nonce=${quote(digest.nonce)}`,
      `uri=${quote(request.uri)}`,
    ];
    if (offered) {
      const nc = (options.nc ?? 1).toString(16).padStart(8, '0');
      const cnonce = options.cnonce ?? randomBytes(12).toString('hex');
      const answer = h(`${ha1}:${digest.nonce}:${nc}:${cnonce}:auth:${ha2}`);
      fields.push(
        `response=${quote(answer)}`,
        `algorithm=${algorithm}`,
        `qop=auth`,
        `nc=${nc}`,
        `cnonce=${quote(cnonce)}`,
      );
    } else {
      fields.push(`response=${quote(h(`${ha1}:${digest.nonce}:${ha2}`))}`, `algorithm=${algorithm}`);
    }
    if (digest.opaque !== null) fields.push(`opaque=${quote(digest.opaque)}`);
    return {
      ok: true,
      header: { name: proxy ? 'Proxy-Authorization' : 'Authorization', value: `Digest ${fields.join(', ')}` },
      realm: digest.realm,
      stale: digest.stale,
    };
  }
  return { ok: false, reason };
}

/** A quoted-string (RFC 3261 §25.1): `"` and `\` escaped; CR and LF, which no credential may hold, dropped. */
function quote(text: string): string {
  return `"${text.replace(/[\r\n]/g, '').replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
