/**
 * `/api/residents`: the protected lines, their details and screening settings.
 */
import { z } from 'zod';
import { bearer, errorResponses, type RouteDeps, type ZodApp } from './api-scope.js';
import { authorize, principalOf, readableResidents } from './auth.js';
import {
  pageQuery,
  residentCreateBody,
  residentIdParams,
  residentSchema,
  residentUpdateBody,
  settingsPatchBody,
} from './schemas.js';
import { residentView } from './views.js';

const tags = ['residents'];

export function residentsRoutes(app: ZodApp, { ops, store }: RouteDeps): void {
  app.get(
    '/residents',
    {
      schema: {
        tags,
        summary: 'List residents (a carer sees only their own)',
        security: bearer,
        querystring: pageQuery,
        response: { 200: z.array(residentSchema), ...errorResponses },
      },
    },
    async (request) => {
      const readable = readableResidents(principalOf(request));
      const { limit, offset } = request.query;
      const residents = await store.listResidents(
        readable === 'all' ? { limit, offset } : { ids: [...readable], limit, offset },
      );
      return residents.map(residentView);
    },
  );

  app.post(
    '/residents',
    {
      schema: {
        tags,
        summary: 'Protect a resident line',
        security: bearer,
        body: residentCreateBody,
        response: { 201: residentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(principalOf(request), 'manage-global');
      const created = await ops.addResident(request.body);
      return reply.code(201).send(residentView(created));
    },
  );

  app.get(
    '/residents/:id',
    {
      schema: {
        tags,
        summary: 'One resident with their settings',
        security: bearer,
        params: residentIdParams,
        response: { 200: residentSchema, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-resident', request.params.id);
      return residentView(await ops.residentById(request.params.id));
    },
  );

  app.patch(
    '/residents/:id',
    {
      schema: {
        tags,
        summary: "Change a resident's name, postcode district or phone SIP URI",
        security: bearer,
        params: residentIdParams,
        body: residentUpdateBody,
        response: { 200: residentSchema, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'configure-resident', request.params.id);
      return residentView(await ops.updateResident(request.params.id, request.body));
    },
  );

  app.delete(
    '/residents/:id',
    {
      schema: {
        tags,
        summary: 'Stop protecting a resident line (their contacts and blocks go with it)',
        security: bearer,
        params: residentIdParams,
        response: { 204: z.null().describe('Removed'), ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(principalOf(request), 'manage-global');
      await ops.removeResident(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.patch(
    '/residents/:id/settings',
    {
      schema: {
        tags,
        summary: "Change some of a resident's screening settings (others keep their value)",
        security: bearer,
        params: residentIdParams,
        body: settingsPatchBody,
        response: { 200: residentSchema, ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'configure-resident', request.params.id);
      return residentView(await ops.updateResidentSettings(request.params.id, request.body));
    },
  );
}
