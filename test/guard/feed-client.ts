/**
 * A WebSocket client for the guard's transcript feed (`GET /api/guard/feed`), as a telephony platform would use it:
 * it sends turn messages and takes the answers one at a time, in order.
 *
 * @example
 * const client = await aFeedClient('ws://127.0.0.1:8080/api/guard/feed', adminToken);
 * const answer = await client.ask({ callId: 'c-1', to: '+441279555001', speaker: 'caller', text: 'Hello?' });
 */
import WebSocket from 'ws';

export interface FeedClient {
  readonly socket: WebSocket;
  /** Resolves when the server closes the socket (or it is closed here). */
  readonly closed: Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary answer fields
  next(timeoutMs?: number): Promise<any>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary answer fields
  ask(message: unknown): Promise<any>;
}

export async function aFeedClient(url: string, token: string): Promise<FeedClient> {
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  const inbox: unknown[] = [];
  const waiting: ((value: unknown) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const parsed: unknown = JSON.parse(data.toString('utf8'));
    const next = waiting.shift();
    if (next) next(parsed);
    else inbox.push(parsed);
  });
  await new Promise<void>((resolve, reject) => {
    socket.on('open', resolve);
    socket.on('error', reject);
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const client: FeedClient = {
    socket,
    closed,
    next(timeoutMs = 5000) {
      if (inbox.length > 0) return Promise.resolve(inbox.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        waiting.push((value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
    async ask(message) {
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
      return client.next();
    },
  };
  return client;
}

/** Tries to connect; resolves with the HTTP status the upgrade was refused with. */
export function refusedWith(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('error', () => {});
  });
}
