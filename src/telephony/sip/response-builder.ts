/**
 * Responses built from the request they answer (RFC 3261 §8.2.6): Via (all, in order), From, To, Call-ID and CSeq
 * copied; a To tag added when the status is above 100 and the request had none; Timestamp echoed on 100.
 *
 * @example
 * const toTag = generateTag();
 * const ringing = createResponse(invite, 180, 'Ringing', [{ name: 'Contact', value: '<sip:b2bua@192.0.2.10>' }], { toTag });
 * const ok = createResponse(invite, 200, 'OK', [], { toTag, body: sdp });
 */
import { parseNameAddr } from './address.js';
import { sameHeaderName } from './header-names.js';
import { generateTag } from './identifiers.js';
import type { SipHeader, SipRequest, SipResponse } from './message.js';

export interface ResponseOptions {
  /** The To tag to add. Use one tag for every response to a request (§8.2.6.2); generated when omitted. */
  readonly toTag?: string;
  readonly body?: Buffer;
}

const copied = ['Via', 'From', 'To', 'Call-ID', 'CSeq'] as const;

/**
 * Builds a response to `request`. Takes anything with `headers`, so a 400 can be built from the `headers` of a
 * `ParseError` when the request itself did not parse.
 *
 * @example
 * createResponse(request, 603, 'Decline'); // SipResponse with the request's Via/From/To(+tag)/Call-ID/CSeq
 */
export function createResponse(
  request: Pick<SipRequest, 'headers'>,
  status: number,
  reason: string,
  extraHeaders: readonly SipHeader[] = [],
  options: ResponseOptions = {},
): SipResponse {
  if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`bad SIP status ${status}`);
  const headers: SipHeader[] = [];
  for (const name of copied) {
    for (const header of request.headers) {
      if (!sameHeaderName(header.name, name)) continue;
      let value = header.value;
      if (name === 'To' && status > 100) {
        const to = parseNameAddr(value);
        if (to.ok && !to.value.params.has('tag')) value = `${value};tag=${options.toTag ?? generateTag()}`;
      }
      headers.push({ name, value });
    }
  }
  if (status === 100) {
    for (const header of request.headers) {
      if (sameHeaderName(header.name, 'Timestamp')) headers.push({ name: 'Timestamp', value: header.value });
    }
  }
  headers.push(...extraHeaders.filter((header) => !sameHeaderName(header.name, 'Content-Length')));
  return { kind: 'response', status, reason, headers, body: options.body ?? Buffer.alloc(0) };
}
