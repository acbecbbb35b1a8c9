/**
 * Who the signed-in token is (`GET /api/me`, any token: role, label and, for a carer, their residents) and the
 * management of API tokens (admin only): list without secrets, create (the secret is answered once) and revoke (the
 * token is refused from the next request on).
 *
 * @example
 * GET /api/me                → {"tokenId": 3, "name": "Sarah", "role": "carer", "scope": "own", "residents": [...]}
 * POST /api/tokens           {"name": "Sarah", "role": "carer", "residentIds": [1]} → 201 {"token": {...}, "secret": "cw_…"}
 * DELETE /api/tokens/3       → 204
 */
import { z } from 'zod';
import { invalid } from '../app/operation-error.js';
import type { Operations } from '../app/operations.js';
import type { Store } from '../store/store.js';
import { bearer, errorResponses, type ZodApp } from './api-scope.js';
import { authorize, principalOf } from './auth.js';
import {
  meSchema,
  tokenCreateBody,
  tokenCreatedSchema,
  tokenIdParams,
  tokenSchema,
  tokensQuery,
} from './care-schemas.js';
import { HttpError } from './error-mapping.js';
import { tokenView } from './views.js';

const tags = ['tokens'];

/** The `/api/me` and `/api/tokens` routes. */
export function tokensRoutes(app: ZodApp, { ops, store }: { ops: Operations; store: Store }): void {
  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'Who this token is: its role, its label, and for a carer the residents it looks after',
        security: bearer,
        response: { 200: meSchema, ...errorResponses },
      },
    },
    async (request) => {
      const token = principalOf(request);
      const own = token.role === 'carer';
      const residents =
        own && token.residentIds.length > 0 ? await store.listResidents({ ids: token.residentIds }) : [];
      return {
        tokenId: token.id,
        name: token.name,
        role: token.role,
        scope: own ? ('own' as const) : ('all' as const),
        residents: residents.map(({ id, name, number, postcode }) => ({ id, name, number, postcode })),
      };
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'API tokens, oldest first, without their secrets (admin)',
        security: bearer,
        querystring: tokensQuery,
        response: { 200: z.array(tokenSchema), ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'manage-tokens');
      const tokens = await store.listTokens({ activeOnly: request.query.revoked === 'exclude' });
      return tokens.map(tokenView);
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; the secret is in this answer only (admin)',
        security: bearer,
        body: tokenCreateBody,
        response: { 201: tokenCreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(principalOf(request), 'manage-tokens');
      const { name, role, residentIds } = request.body;
      const ids = [...new Set(residentIds)];
      if (role === 'carer' && ids.length === 0) {
        throw invalid('a carer token needs at least one resident (residentIds)', 'residentIds');
      }
      if (role !== 'carer' && ids.length > 0) {
        throw invalid(`an ${role} token sees every resident: leave residentIds out`, 'residentIds');
      }
      for (const id of ids) await ops.residentById(id);
      const { token, secret } = await store.createToken({ name, role, residentIds: ids });
      const created = await store.getToken(token.id);
      if (!created) throw new Error(`token ${token.id} vanished after it was created`);
      return reply.code(201).send({ token: tokenView(created), secret });
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API token: it is refused (401) from the next request on (admin)',
        security: bearer,
        params: tokenIdParams,
        response: { 204: z.null().describe('Revoked'), ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(principalOf(request), 'manage-tokens');
      const revoked = await store.revokeToken(request.params.id);
      if (!revoked) throw new HttpError('not-found', `there is no token with id ${request.params.id}`);
      return reply.code(204).send(null);
    },
  );
}
