/**
 * Signing of outgoing webhooks and bank notices: `X-CallWarden-Signature: sha256=<hex HMAC-SHA256 of the raw body>`
 * with the shared secret, and `X-CallWarden-Timestamp: <unix seconds>`. The same timestamp is inside the signed body
 * (`timestamp`), so a receiver that checks it is recent is safe from replays of old deliveries.
 *
 * @example
 * const headers = signatureHeaders(secret, body, 1767225600);
 * verifySignature(secret, body, headers['x-callwarden-signature']); // true
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-callwarden-signature';
export const timestampHeader = 'x-callwarden-timestamp';

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function signatureHeaders(secret: string, body: string, timestamp: number): Record<string, string> {
  return { [signatureHeader]: sign(secret, body), [timestampHeader]: String(timestamp) };
}

/** Constant-time check of a signature header against the raw body (for receivers and tests). */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
