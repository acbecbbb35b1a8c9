/**
 * Message → bytes. Header values are written on one line each (already unfolded), UTF-8 encoded, and exactly one
 * Content-Length is written, always equal to the body length (at the position of the first one, else last).
 *
 * @example
 * socket.send(serializeMessage(createResponse(request, 180, 'Ringing', [], { toTag })));
 */
import { sameHeaderName } from './header-names.js';
import type { SipHeader, SipMessage, SipRequest, SipResponse } from './message.js';
import { isToken } from './scanner.js';

function headerLines(headers: readonly SipHeader[], bodyLength: number): string {
  let text = '';
  let wroteLength = false;
  for (const { name, value } of headers) {
    // A CR or LF in a value would let a caller-controlled string inject headers: a bug in whoever built it.
    if (!isToken(name) || /[\r\n]/.test(value)) throw new TypeError(`invalid SIP header ${JSON.stringify(name)}`);
    if (sameHeaderName(name, 'Content-Length')) {
      if (!wroteLength) text += `Content-Length: ${bodyLength}\r\n`;
      wroteLength = true;
    } else {
      text += `${name}: ${value}\r\n`;
    }
  }
  if (!wroteLength) text += `Content-Length: ${bodyLength}\r\n`;
  return text;
}

function assemble(startLine: string, message: SipMessage): Buffer {
  if (/[\r\n]/.test(startLine)) throw new TypeError('CR or LF in a SIP start-line');
  const head = `${startLine}\r\n${headerLines(message.headers, message.body.length)}\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), message.body]);
}

/**
 * Writes a request; the Request-URI is `uri.raw` (use `formatUri` to build one from parts).
 *
 * @example
 * serializeRequest(request).toString(); // 'BYE sip:alice@192.0.2.4 SIP/2.0\r\nVia: …\r\nContent-Length: 0\r\n\r\n'
 */
export function serializeRequest(request: SipRequest): Buffer {
  return assemble(`${request.method} ${request.uri.raw} SIP/2.0`, request);
}

/**
 * Writes a response.
 *
 * @example
 * serializeResponse(response).toString(); // 'SIP/2.0 603 Decline\r\n…'
 */
export function serializeResponse(response: SipResponse): Buffer {
  return assemble(`SIP/2.0 ${response.status} ${response.reason}`, response);
}

/**
 * Writes either kind of message.
 *
 * @example
 * serializeMessage(parsed.message); // Buffer
 */
export function serializeMessage(message: SipMessage): Buffer {
  return message.kind === 'request' ? serializeRequest(message) : serializeResponse(message);
}
