/**
 * The transcript feed of the live call guard, for deployments where a telephony platform already produces
 * transcripts: it posts each call's turns (the `analyze` turn format) as they are recognised and gets back the
 * assessment and what the guard did. The platform owns the call's media, so `end-call` and `warn-resident` in the
 * answer are instructions for it; notifications, the block, the report and the evidence are CallWarden's.
 *
 * Permission `screen` (admin tokens): feeding a call is what a telephony integration does, like asking for a
 * screening decision; carers and analysts must not be able to make CallWarden alert or block on invented words.
 *
 * @example
 * POST /api/guard/calls/c-17/turns  {"to": "+441279555001", "from": "+442079460000", "speaker": "caller", "text": "…"}
 * POST /api/guard/calls/c-17/turns  [{"speaker": "callee", "text": "Hello?"}, {"speaker": "caller", "text": "…"}]
 * POST /api/guard/calls/c-17/end
 */
import { z } from 'zod';
import type { Operations } from '../app/operations.js';
import type { Turn } from '../detection/call-detector.js';
import { actionLevels, stages } from '../detection/stages.js';
import { transcriptTurnSchema } from '../detection/transcript.js';
import { guardActions } from '../guard/call-guard.js';
import type { GuardService } from '../guard/guard-service.js';
import type { Resident } from '../residents/resident.js';
import type { Store } from '../store/store.js';
import { bearer, errorResponses, type ZodApp } from './api-scope.js';
import { authorize, principalOf } from './auth.js';
import { HttpError } from './error-mapping.js';

const tags = ['guard'];
const maxTurnsPerRequest = 200;

export const feedTurn = transcriptTurnSchema.extend({
  text: z.string().max(5000, 'a turn is at most 5000 characters'),
});
export const feedCallFields = {
  residentId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'The resident called (first request)' }),
  to: z.string().min(1).max(50).optional().meta({ description: "The resident's number, instead of residentId" }),
  from: z.string().max(50).optional().meta({ description: 'The caller ID as presented (empty when withheld)' }),
};
export const feedTurns = z.array(feedTurn).min(1).max(maxTurnsPerRequest);

export const feedBody = z.union([
  feedTurns,
  z.object({ ...feedTurn.shape, ...feedCallFields }).strict(),
  z.object({ turns: feedTurns, ...feedCallFields }).strict(),
]);
const feedQuery = z.object(feedCallFields);
export const feedCallIdParams = z.object({ callId: z.string().min(1).max(200) });

const reasonSchema = z.object({ turn: z.number(), stage: z.enum(stages), text: z.string(), source: z.string() });
const stepSchema = z.object({
  turn: z.number(),
  risk: z.number(),
  action: z.enum(actionLevels),
  actions: z.array(z.enum(guardActions)),
});
export const feedResponse = z.object({
  callId: z.string(),
  guarded: z.boolean(),
  /** Why the call is not guarded (guard off, trusted contact). */
  why: z.string().nullable(),
  turn: z.number().nullable(),
  risk: z.number().nullable(),
  action: z.enum(actionLevels),
  advice: z.string().nullable(),
  stages: z.array(z.enum(stages)),
  reasons: z.array(reasonSchema),
  /** What the guard did for each turn of this request, in order. */
  steps: z.array(stepSchema),
});
export const endResponse = z.object({
  callId: z.string(),
  flagged: z.boolean(),
  level: z.enum(actionLevels),
  turns: z.number(),
});

export interface GuardRouteDeps {
  ops: Operations;
  store: Store;
  guard: GuardService;
}

export function guardRoutes(app: ZodApp, { ops, guard }: GuardRouteDeps): void {
  app.post(
    '/guard/calls/:callId/turns',
    {
      schema: {
        tags,
        summary: "Feed a call's turns to its guard session (opened on the first request) and get the assessment",
        security: bearer,
        params: feedCallIdParams,
        querystring: feedQuery,
        body: feedBody,
        response: { 200: feedResponse, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'screen');
      const body = request.body;
      const list = Array.isArray(body)
        ? body
        : 'turns' in body
          ? body.turns
          : [{ speaker: body.speaker, text: body.text, ...(body.keywords ? { keywords: body.keywords } : {}) }];
      const fields = { ...request.query, ...(Array.isArray(body) ? {} : body) };
      return (await feedCall({ ops, guard }, request.params.callId, fields, list)).answer;
    },
  );

  app.post(
    '/guard/calls/:callId/end',
    {
      schema: {
        tags,
        summary: "Close a call's guard session: a clean call's transcript is discarded, a flagged one keeps evidence",
        security: bearer,
        params: feedCallIdParams,
        response: { 200: endResponse, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'screen');
      return endFeedCall(guard, request.params.callId);
    },
  );
}

/** The call fields a feed message may carry (the first one of a call must name the resident). */
export interface FeedFields {
  residentId?: number | undefined;
  to?: string | undefined;
  from?: string | undefined;
}

export type FeedAnswer = z.infer<typeof feedResponse>;

/**
 * Feeds turns to a call's guard session, opening it first when the call is new; shared by the HTTP feed and the
 * WebSocket feed so both answer the same. `opened` says whether this request opened the session. Throws
 * `HttpError`/`OperationError` for a call that ended (409), no resident named (400) or an unknown resident (404).
 */
export async function feedCall(
  { ops, guard }: Pick<GuardRouteDeps, 'ops' | 'guard'>,
  callId: string,
  fields: FeedFields,
  list: readonly Turn[],
): Promise<{ answer: FeedAnswer; opened: boolean }> {
  let session = guard.find(callId);
  let opened = false;
  if (session === undefined) {
    const resident = await residentOf(ops, fields);
    session = await guard.open({ callId, resident, presented: fields.from ?? '' });
    opened = true;
  }
  if (!session.guarded) {
    if (session.why === 'ended') throw new HttpError('conflict', `call ${callId} has ended; its guard is closed`);
    return {
      opened,
      answer: {
        callId,
        guarded: false,
        why: session.why,
        turn: null,
        risk: null,
        action: 'none',
        advice: null,
        stages: [],
        reasons: [],
        steps: [],
      },
    };
  }
  const steps = [];
  for (const item of list) {
    const step = await session.guard.addTurn(item);
    steps.push({
      turn: step.assessment.turn,
      risk: step.assessment.risk,
      action: step.assessment.action,
      actions: step.actions,
    });
  }
  const current = session.guard.current;
  return {
    opened,
    answer: {
      callId,
      guarded: true,
      why: null,
      turn: current.turn,
      risk: current.risk,
      action: current.action,
      advice: current.advice,
      stages: [...current.stages],
      reasons: current.reasons.map(({ turn, stage, text, source }) => ({ turn, stage, text, source })),
      steps,
    },
  };
}

/** Ends a call's guard session; 404 when it has none open. */
export async function endFeedCall(guard: GuardService, callId: string): Promise<z.infer<typeof endResponse>> {
  const summary = await guard.end(callId);
  if (!summary) throw new HttpError('not-found', `call ${callId} has no open guard session`);
  return summary;
}

async function residentOf(ops: Operations, fields: { residentId?: number | undefined; to?: string | undefined }) {
  let resident: Resident;
  if (fields.residentId !== undefined) resident = await ops.residentById(fields.residentId);
  else if (fields.to !== undefined) resident = await ops.residentByNumber(fields.to, 'to');
  else {
    throw new HttpError('invalid', 'the first request of a call must name the resident called: residentId or to');
  }
  return resident;
}
