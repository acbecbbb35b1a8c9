/**
 * Voicemail messages left for a resident (`GET /api/residents/:id/voicemails`) and each message's audio
 * (`GET /api/voicemails/:callId`, an 8 kHz µ-law WAV). The files are written by the SIP service; who called and when
 * comes from the call log. A carer sees only their own residents' messages.
 */
import { z } from 'zod';
import { bearer, errorResponses, type RouteDeps, type ZodApp } from './api-scope.js';
import { authorize, isAllowed, principalOf } from './auth.js';
import { voicemailSchema } from './care-schemas.js';
import { HttpError } from './error-mapping.js';
import { callIdParams, residentIdParams } from './schemas.js';

/** The stored messages, as the voicemail box (`src/telephony/b2bua/voicemail-box.ts`) lists them. */
export interface VoicemailFiles {
  list(): Promise<{ callId: string; durationMs: number; savedAt: Date }[]>;
  read(callId: string): Promise<Buffer | null>;
}

/** The contract lives with the dashboard's other schemas; re-exported here for the route's readers. */
export { voicemailSchema };

const tags = ['voicemail'];

export function voicemailRoutes(app: ZodApp, { store }: RouteDeps, voicemail: VoicemailFiles): void {
  app.get(
    '/residents/:id/voicemails',
    {
      schema: {
        tags,
        summary: "Voicemail messages left for a resident, newest first (a carer sees only their residents')",
        security: bearer,
        params: residentIdParams,
        response: { 200: z.array(voicemailSchema), ...errorResponses },
      },
    },
    async (request) => {
      const residentId = request.params.id;
      authorize(principalOf(request), 'read-resident', residentId);
      if (!(await store.getResident(residentId))) {
        throw new HttpError('not-found', `there is no resident with id ${residentId}`);
      }
      const messages = [];
      for (const file of await voicemail.list()) {
        const call = await store.getCall(file.callId);
        if (call?.residentId !== residentId) continue;
        messages.push({
          callId: call.callId,
          residentId,
          caller: call.presented,
          number: call.number,
          at: call.at.toISOString(),
          durationMs: file.durationMs,
          audio: `/api/voicemails/${encodeURIComponent(call.callId)}`,
        });
      }
      return messages.sort((a, b) => b.at.localeCompare(a.at) || a.callId.localeCompare(b.callId));
    },
  );

  app.get(
    '/voicemails/:callId',
    {
      schema: {
        tags,
        summary: 'The audio of one voicemail message (audio/wav, 8 kHz µ-law)',
        security: bearer,
        params: callIdParams,
      },
    },
    async (request, reply) => {
      const token = principalOf(request);
      const call = await store.getCall(request.params.callId);
      // As with the call log: a carer learns nothing about calls outside their residents.
      if (!call && !isAllowed(token, 'read-global')) {
        throw new HttpError('forbidden', `this ${token.role} token may only see calls to its own residents`);
      }
      if (!call) throw new HttpError('not-found', `there is no call with id ${request.params.callId}`);
      authorize(token, 'read-resident', call.residentId);
      const audio = await voicemail.read(call.callId);
      if (!audio) throw new HttpError('not-found', `call ${call.callId} has no voicemail message`);
      return reply
        .type('audio/wav')
        .header(
          'content-disposition',
          `attachment; filename="voicemail-${call.at.toISOString().replace(/[:.]/g, '-')}.wav"`,
        )
        .send(audio);
    },
  );
}
