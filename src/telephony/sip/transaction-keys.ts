/**
 * Transaction matching keys (RFC 3261 §17.1.3, §17.2.3, §9.2) as pure functions of a message, so the transaction
 * layer can keep a `Map<string, Transaction>` and tell retransmissions from new requests.
 *
 * Server side: with an RFC 3261 branch (magic cookie plus an identifier) the key is branch + sent-by + method, where
 * ACK maps to INVITE (an ACK to a non-2xx final response belongs to the INVITE transaction) and CANCEL is its own
 * transaction. Without one (RFC 2543 peers, or a bare `z9hG4bK` as in RFC 4475 §3.2.1) the key falls back to
 * Request-URI, From tag, Call-ID, CSeq number, top Via and method. The To tag, which §17.2.3 also compares, is left
 * out so that an ACK (whose To tag comes from our response) finds its INVITE.
 *
 * @example
 * const key = serverTransactionKey(request);
 * if (key && transactions.has(key) && request.method !== 'ACK') resendLastResponse(transactions.get(key));
 */

import { branchMagicCookie } from './identifiers.js';
import { getCallId, getCSeq, getFrom, getTopVia, type SipMessage, type SipRequest } from './message.js';
import { viaPort } from './via.js';

/**
 * True when `branch` follows RFC 3261 (starts with `z9hG4bK` and has something after it).
 *
 * @example
 * isRfc3261Branch('z9hG4bK776asdhds'); // true
 * isRfc3261Branch('z9hG4bK'); // false (RFC 4475 §3.2.1)
 */
export function isRfc3261Branch(branch: string | null | undefined): branch is string {
  return typeof branch === 'string' && branch.startsWith(branchMagicCookie) && branch.length > branchMagicCookie.length;
}

function keyFor(request: SipRequest, method: string): string | null {
  const via = getTopVia(request);
  if (via === null) return null;
  const sentBy = `${via.host.toLowerCase()}:${viaPort(via)}`;
  if (isRfc3261Branch(via.branch)) return `3261 ${via.branch} ${sentBy} ${method}`;
  const cseq = getCSeq(request);
  const callId = getCallId(request);
  if (cseq === null || callId === null) return null;
  const fromTag = getFrom(request)?.params.get('tag') ?? '';
  const topVia = `${via.transport} ${sentBy} ${[...via.params].map(([name, value]) => `${name}=${value}`).join(';')}`;
  return `2543 ${request.uri.raw} ${fromTag} ${callId} ${cseq.seq} ${topVia} ${method}`;
}

/**
 * The key of the server transaction `request` belongs to (§17.2.3); null when the top Via is missing/malformed.
 *
 * @example
 * serverTransactionKey(ack) === serverTransactionKey(invite); // true for an ACK to a non-2xx final response
 */
export function serverTransactionKey(request: SipRequest): string | null {
  return keyFor(request, request.method === 'ACK' ? 'INVITE' : request.method);
}

/**
 * The key of the INVITE server transaction a CANCEL targets (§9.2: same matching, method INVITE); null otherwise.
 *
 * @example
 * transactions.get(cancelTargetKey(cancel) ?? ''); // the INVITE being cancelled
 */
export function cancelTargetKey(cancel: SipRequest): string | null {
  return cancel.method === 'CANCEL' ? keyFor(cancel, 'INVITE') : null;
}

/**
 * The client transaction a response belongs to (§17.1.3: top Via branch + CSeq method), or the key to store a request
 * under when we send it; null without a branch or CSeq.
 *
 * @example
 * clientTransactionKey(outgoingInvite) === clientTransactionKey(incoming180); // true
 */
export function clientTransactionKey(message: SipMessage): string | null {
  const branch = getTopVia(message)?.branch;
  const cseq = getCSeq(message);
  if (!branch || cseq === null) return null;
  return `${branch} ${cseq.method === 'ACK' ? 'INVITE' : cseq.method}`;
}

/**
 * True when `request` is a retransmission of a request whose server transaction is already known: same key, and not
 * an ACK (an ACK completes an INVITE transaction rather than repeating it).
 *
 * @example
 * if (isRetransmission(request, transactions)) return; // the transaction resends its last response itself
 */
export function isRetransmission(request: SipRequest, known: { has(key: string): boolean }): boolean {
  if (request.method === 'ACK') return false;
  const key = serverTransactionKey(request);
  return key !== null && known.has(key);
}
