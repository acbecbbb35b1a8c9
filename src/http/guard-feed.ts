/**
 * The transcript feed over a WebSocket (`GET /api/guard/feed`), for telephony platforms that already produce
 * transcripts and would rather keep one connection open than post each turn. Each message is one JSON object in the
 * turn format of `POST /api/guard/calls/:callId/turns`, plus the call id (and an optional `id` echoed back):
 *
 *   {"callId": "c-17", "to": "+441279555001", "from": "+442079460000", "speaker": "caller", "text": "…"}
 *   {"callId": "c-17", "turns": [{"speaker": "callee", "text": "Hello?"}]}
 *   {"type": "end", "callId": "c-17"}
 *
 * and gets one answer per message, in order: `{"type": "assessment", …}` (exactly the POST's answer),
 * `{"type": "ended", …}` (the end route's answer), or `{"type": "error", "error": "invalid" | "not-found" |
 * "conflict" | …, "message": "…"}` naming the problem — the connection stays open after an error. Sessions this
 * connection opened are ended when it closes without their `end` message (as when the call ended).
 *
 * Authentication is the upgrade request's `Authorization: Bearer` header (admin tokens: permission `screen`, as for
 * the HTTP feed): without it the upgrade is refused with 401, with another role's token 403, before any WebSocket.
 *
 * @example
 * const socket = new WebSocket('ws://127.0.0.1:8080/api/guard/feed', { headers: { authorization: 'Bearer cw_…' } });
 * socket.send(JSON.stringify({ callId: 'c-17', to: '01279 555001', speaker: 'caller', text: 'Police here.' }));
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Operations } from '../app/operations.js';
import type { GuardService } from '../guard/guard-service.js';
import { bearer, errorResponses, type ZodApp } from './api-scope.js';
import { authorize, principalOf } from './auth.js';
import { toProblem } from './error-mapping.js';
import { endFeedCall, feedCall, feedCallFields, feedTurn, feedTurns } from './guard-routes.js';
import { errorSchema } from './schemas.js';

/** Largest message accepted (bytes); a larger one closes the connection (WebSocket status 1009). */
export const maxFeedMessageBytes = 256 * 1024;

const callId = z
  .string({ error: (issue) => (issue.input === undefined ? 'callId is required' : 'callId must be text') })
  .min(1, 'callId must not be empty')
  .max(200, 'callId is too long (at most 200 characters)');
const messageId = z
  .union([z.string().max(100), z.number()])
  .optional()
  .meta({ description: 'Echoed back in the answer, to match answers to messages' });

/** The three kinds of message a feed client sends; `type` may be left out for turns. */
export const feedMessages = {
  turn: z
    .object({ type: z.literal('turn').optional(), id: messageId, callId, ...feedTurn.shape, ...feedCallFields })
    .strict(),
  turns: z
    .object({ type: z.literal('turns').optional(), id: messageId, callId, turns: feedTurns, ...feedCallFields })
    .strict(),
  end: z.object({ type: z.literal('end'), id: messageId, callId }).strict(),
} as const;

/** The minimum of a `ws` socket this feed uses. */
interface FeedSocket {
  readonly readyState: number;
  send(data: string): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  on(event: 'close', listener: () => void): void;
}

const open = 1;

export interface GuardFeedDeps {
  ops: Operations;
  guard: GuardService;
}

/** Registers `GET /api/guard/feed` (needs `@fastify/websocket` registered on the app). */
export function guardFeedRoute(app: ZodApp, deps: GuardFeedDeps): void {
  app.route({
    method: 'GET',
    url: '/guard/feed',
    schema: {
      tags: ['guard'],
      summary: 'The transcript feed over a WebSocket: send turns as JSON messages, get the assessment back per message',
      description:
        'Upgrade to a WebSocket with the admin token in the Authorization header. Messages: ' +
        '{"callId", "to"|"residentId" (first message of a call), "from"?, "speaker", "text"} or {"callId", "turns": [...]}, ' +
        'and {"type": "end", "callId"}. Answers: {"type": "assessment", ...the POST /api/guard/calls/{callId}/turns answer}, ' +
        '{"type": "ended", ...}, or {"type": "error", "error", "message"} (the connection stays open). ' +
        'Closing the connection ends the calls it opened. A request that does not upgrade gets 426.',
      security: bearer,
      response: { 426: errorSchema.describe('Not a WebSocket upgrade'), ...errorResponses },
    },
    // Checked before the upgrade, so a carer's or analyst's token gets a plain 403 and no socket.
    preHandler: async (request: FastifyRequest) => authorize(principalOf(request), 'screen'),
    handler: async (_request, reply) =>
      reply
        .code(426)
        .header('upgrade', 'websocket')
        .send({ error: 'invalid', message: 'this is a WebSocket endpoint: connect with a WebSocket client' }),
    wsHandler: (socket: FeedSocket, request: FastifyRequest) => serveFeed(socket, request, deps),
  });
}

function serveFeed(socket: FeedSocket, request: FastifyRequest, deps: GuardFeedDeps): void {
  const log = request.log.child({ feed: 'websocket' });
  /** Calls whose guard session this connection opened: ended when it closes. */
  const opened = new Set<string>();
  let queue = Promise.resolve();

  const answer = (body: object) => {
    if (socket.readyState === open) socket.send(JSON.stringify(body));
  };

  // Handlers are attached at once (before any await), so no early message is lost; messages are handled one at a
  // time in order, as turns of a call must be.
  socket.on('message', (data, isBinary) => {
    queue = queue
      .then(() => handle(data, isBinary))
      .catch((error: unknown) => {
        log.error({ err: error }, 'transcript feed: a message could not be handled');
      });
  });
  socket.on('close', () => {
    queue = queue.then(async () => {
      for (const call of opened) {
        if (deps.guard.find(call)?.guarded !== true) continue;
        log.info({ callId: call }, 'transcript feed closed without end: ending the call’s guard session');
        await deps.guard.end(call).catch((error: unknown) => log.error({ err: error, callId: call }, 'could not end'));
      }
      opened.clear();
    });
  });

  async function handle(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): Promise<void> {
    if (isBinary) {
      answer({ type: 'error', error: 'invalid', message: 'send each message as JSON text, not binary' });
      return;
    }
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      answer({
        type: 'error',
        error: 'invalid',
        message: 'the message is not valid JSON; send one JSON object per message',
      });
      return;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      answer({ type: 'error', error: 'invalid', message: 'each message must be one JSON object' });
      return;
    }
    const record = raw as Record<string, unknown>;
    const id = typeof record.id === 'string' || typeof record.id === 'number' ? record.id : undefined;
    const echo = id === undefined ? {} : { id };
    const kind = record.type ?? ('turns' in record ? 'turns' : 'turn');
    if (kind !== 'turn' && kind !== 'turns' && kind !== 'end') {
      answer({
        type: 'error',
        ...echo,
        error: 'invalid',
        message: `type must be turn, turns or end (got ${JSON.stringify(kind)})`,
      });
      return;
    }
    const parsed = feedMessages[kind].safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.length > 0 ? issue.path.join('.') : 'message',
        message: issue.message,
      }));
      const [first] = issues;
      answer({
        type: 'error',
        ...echo,
        ...(typeof record.callId === 'string' ? { callId: record.callId } : {}),
        error: 'invalid',
        message: first ? `${first.path}: ${first.message}` : 'the message is not valid',
        issues,
      });
      return;
    }
    const message = parsed.data;
    try {
      if (message.type === 'end') {
        const ended = await endFeedCall(deps.guard, message.callId);
        opened.delete(message.callId);
        answer({ type: 'ended', ...echo, ...ended });
        return;
      }
      const list =
        'turns' in message
          ? message.turns
          : [
              {
                speaker: message.speaker,
                text: message.text,
                ...(message.keywords ? { keywords: message.keywords } : {}),
              },
            ];
      const fields = { residentId: message.residentId, to: message.to, from: message.from };
      const result = await feedCall(deps, message.callId, fields, list);
      if (result.opened) opened.add(message.callId);
      answer({ type: 'assessment', ...echo, ...result.answer });
    } catch (error) {
      const problem = toProblem(error, request);
      if (problem.level === 'error')
        log.error({ err: error, callId: message.callId }, 'transcript feed: message failed');
      answer({ type: 'error', ...echo, callId: message.callId, ...problem.body });
    }
  }
}
