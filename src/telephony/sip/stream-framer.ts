/**
 * Cuts a TCP/TLS byte stream into SIP messages (RFC 3261 §18.3: Content-Length frames the body on streams).
 * CRLF keep-alives between messages are skipped and double-CRLF pings counted (RFC 5626 §3.5.1: answer with a
 * single CRLF). The buffer is bounded; anything that cannot be framed — not a start-line, bad or conflicting
 * Content-Length, oversized message — is an error after which the connection must be closed (RFC 4475 §3.1.2.3).
 *
 * @example
 * const framer = createStreamFramer();
 * socket.on('data', (chunk) => {
 *   const { messages, pings, error } = framer.push(chunk);
 *   for (let i = 0; i < pings; i++) socket.write('\r\n');
 *   for (const message of messages) handle(parseMessage(message));
 *   if (error) socket.destroy();
 * });
 */
import { parseContentLength } from './header-values.js';
import { trimWs } from './scanner.js';

export interface StreamFramerOptions {
  /** Largest header section plus body; default 65535. */
  readonly maxMessageSize?: number;
}

export interface FrameResult {
  /** Complete messages, each a fresh Buffer (header section, empty line, exactly Content-Length body bytes). */
  readonly messages: Buffer[];
  /** Double-CRLF keep-alive pings seen since the last push. */
  readonly pings: number;
  /** Set once the stream cannot be framed; every later push returns it again. Close the connection. */
  readonly error: { readonly reason: string; readonly close: true } | null;
}

export interface StreamFramer {
  push(chunk: Buffer): FrameResult;
  /** Bytes held waiting for the rest of a message. */
  readonly buffered: number;
}

const startLinePattern = /^(SIP\/[0-9]+\.[0-9]+ [0-9]{3}|[A-Za-z0-9\-.!%*_+`'~]+ \S+ SIP\/[0-9]+\.[0-9]+)(\r?$| )/i;

function contentLength(head: string): number | string {
  const lines = head.split('\r\n').slice(1);
  const values: string[] = [];
  let current: string | null = null;
  for (const line of [...lines, '']) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current !== null) current += ` ${trimWs(line)}`;
      continue;
    }
    if (current !== null) values.push(trimWs(current));
    current = null;
    const match = /^(content-length|l)[ \t]*:(.*)$/i.exec(line);
    if (match) current = match[2] as string;
  }
  if (values.length === 0) return 0; // Required on streams; a message without one has no body.
  const lengths = new Set<number>();
  for (const value of values) {
    const parsed = parseContentLength(value);
    if (!parsed.ok) return parsed.error;
    lengths.add(parsed.value);
  }
  return lengths.size === 1 ? ([...lengths][0] as number) : 'conflicting Content-Length headers';
}

/**
 * Creates a framer for one connection (per-connection state; never share one between connections).
 *
 * @example
 * const framer = createStreamFramer({ maxMessageSize: 16384 });
 * framer.push(Buffer.from('\r\n\r\n')); // { messages: [], pings: 1, error: null }
 */
export function createStreamFramer(options: StreamFramerOptions = {}): StreamFramer {
  const maxSize = options.maxMessageSize ?? 65535;
  let buffer = Buffer.alloc(0);
  let crlfRun = 0;
  let error: FrameResult['error'] = null;

  const push = (chunk: Buffer): FrameResult => {
    if (error) return { messages: [], pings: 0, error };
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    const messages: Buffer[] = [];
    let pings = 0;
    const failWith = (reason: string): FrameResult => {
      error = { reason, close: true };
      buffer = Buffer.alloc(0);
      return { messages, pings, error };
    };
    for (;;) {
      // Keep-alives between messages: count CRLF pairs; two in a row are a ping.
      let skip = 0;
      while (skip < buffer.length && (buffer[skip] === 0x0d || buffer[skip] === 0x0a)) {
        if (buffer[skip] === 0x0a) {
          crlfRun++;
          if (crlfRun === 2) {
            pings++;
            crlfRun = 0;
          }
        }
        skip++;
      }
      buffer = buffer.subarray(skip);
      if (buffer.length === 0) break;
      crlfRun = 0;

      const lineEnd = buffer.indexOf('\r\n');
      if (lineEnd >= 0 || buffer.length > 1024) {
        const line = buffer.subarray(0, lineEnd >= 0 ? lineEnd : 1024).toString('latin1');
        if (!startLinePattern.test(line)) return failWith('stream does not start with a SIP start-line');
      }
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) {
        if (buffer.length > maxSize) return failWith(`header section exceeds ${maxSize} bytes`);
        break;
      }
      const length = contentLength(buffer.subarray(0, headerEnd).toString('latin1'));
      if (typeof length === 'string') return failWith(length);
      const total = headerEnd + 4 + length;
      if (total > maxSize) return failWith(`message of ${total} bytes exceeds ${maxSize} bytes`);
      if (buffer.length < total) break;
      messages.push(Buffer.from(buffer.subarray(0, total)));
      buffer = buffer.subarray(total);
    }
    // Copy the remainder so a held partial message does not pin the (possibly large) chunk it came in.
    buffer = Buffer.from(buffer);
    return { messages, pings, error: null };
  };

  return {
    push,
    get buffered() {
      return buffer.length;
    },
  };
}
