/**
 * The lists screening reads: a resident's trusted contacts and own blocks, the global block list, and the
 * Do-Not-Originate list (imported as CSV).
 */
import { z } from 'zod';
import { bearer, errorResponses, type RouteDeps, type ZodApp } from './api-scope.js';
import { authorize, principalOf } from './auth.js';
import {
  blockCreateBody,
  blockSchema,
  contactCreateBody,
  contactSchema,
  dnoCsvBody,
  dnoEntrySchema,
  dnoImportResultSchema,
  numberParams,
  pageQuery,
  residentIdParams,
  residentNumberParams,
} from './schemas.js';
import { blockView, contactView, dnoEntryView } from './views.js';

/** DNO files from operators run to hundreds of thousands of lines; everything else stays under the 1 MB default. */
export const dnoImportBodyLimit = 20 * 1024 * 1024;

const removed = z.null().describe('Removed');

export function listsRoutes(app: ZodApp, deps: RouteDeps): void {
  contactRoutes(app, deps);
  residentBlockRoutes(app, deps);
  globalBlockRoutes(app, deps);
  dnoRoutes(app, deps);
}

function contactRoutes(app: ZodApp, { ops, store }: RouteDeps): void {
  const tags = ['contacts'];

  app.get(
    '/residents/:id/contacts',
    {
      schema: {
        tags,
        summary: "A resident's trusted contacts (they always ring through)",
        security: bearer,
        params: residentIdParams,
        response: { 200: z.array(contactSchema), ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-resident', request.params.id);
      const resident = await ops.residentById(request.params.id);
      return (await store.listContacts(resident.id)).map(contactView);
    },
  );

  app.post(
    '/residents/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Add a trusted contact',
        security: bearer,
        params: residentIdParams,
        body: contactCreateBody,
        response: { 201: contactSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(principalOf(request), 'care-resident', request.params.id);
      const resident = await ops.residentById(request.params.id);
      const contact = await ops.addContact({ resident, number: request.body.number, name: request.body.name });
      return reply.code(201).send(contactView(contact));
    },
  );

  app.delete(
    '/residents/:id/contacts/:number',
    {
      schema: {
        tags,
        summary: 'Remove a trusted contact (the number in any common form, URL-encoded)',
        security: bearer,
        params: residentNumberParams,
        response: { 204: removed, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(principalOf(request), 'care-resident', request.params.id);
      const resident = await ops.residentById(request.params.id);
      await ops.removeContact(resident, request.params.number);
      return reply.code(204).send(null);
    },
  );
}

function residentBlockRoutes(app: ZodApp, { ops, store }: RouteDeps): void {
  const tags = ['blocks'];

  app.get(
    '/residents/:id/blocks',
    {
      schema: {
        tags,
        summary: 'Numbers blocked for this resident only (the global list is at /api/blocks)',
        security: bearer,
        params: residentIdParams,
        querystring: pageQuery,
        response: { 200: z.array(blockSchema), ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-resident', request.params.id);
      const resident = await ops.residentById(request.params.id);
      const blocks = await store.listBlocks({ residentId: resident.id, ...request.query });
      return blocks.filter((block) => block.residentId === resident.id).map(blockView);
    },
  );

  app.post(
    '/residents/:id/blocks',
    {
      schema: {
        tags,
        summary: 'Block a number for this resident',
        security: bearer,
        params: residentIdParams,
        body: blockCreateBody,
        response: { 201: blockSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const token = principalOf(request);
      authorize(token, 'care-resident', request.params.id);
      const resident = await ops.residentById(request.params.id);
      const block = await ops.addBlock({
        number: request.body.number,
        reason: request.body.reason,
        source: token.role === 'carer' ? 'carer' : 'admin',
        resident,
      });
      return reply.code(201).send(blockView(block));
    },
  );

  app.delete(
    '/residents/:id/blocks/:number',
    {
      schema: {
        tags,
        summary: 'Unblock a number for this resident (the global list is unchanged)',
        security: bearer,
        params: residentNumberParams,
        response: { 204: removed, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(principalOf(request), 'care-resident', request.params.id);
      const resident = await ops.residentById(request.params.id);
      await ops.removeBlock(request.params.number, resident);
      return reply.code(204).send(null);
    },
  );
}

function globalBlockRoutes(app: ZodApp, { ops, store }: RouteDeps): void {
  const tags = ['blocks'];

  app.get(
    '/blocks',
    {
      schema: {
        tags,
        summary: 'The global block list (applies to every resident)',
        security: bearer,
        querystring: pageQuery,
        response: { 200: z.array(blockSchema), ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-global');
      const blocks = await store.listBlocks({ residentId: null, ...request.query });
      return blocks.filter((block) => block.residentId === null).map(blockView);
    },
  );

  app.post(
    '/blocks',
    {
      schema: {
        tags,
        summary: 'Block a number for every resident',
        security: bearer,
        body: blockCreateBody,
        response: { 201: blockSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(principalOf(request), 'manage-global');
      const block = await ops.addBlock({ number: request.body.number, reason: request.body.reason, source: 'admin' });
      return reply.code(201).send(blockView(block));
    },
  );

  app.delete(
    '/blocks/:number',
    {
      schema: {
        tags,
        summary: 'Remove a number from the global block list',
        security: bearer,
        params: numberParams,
        response: { 204: removed, ...errorResponses },
      },
    },
    async (request, reply) => {
      authorize(principalOf(request), 'manage-global');
      await ops.removeBlock(request.params.number, null);
      return reply.code(204).send(null);
    },
  );
}

function dnoRoutes(app: ZodApp, { ops, store }: RouteDeps): void {
  const tags = ['dno'];

  app.get(
    '/dno',
    {
      schema: {
        tags,
        summary: 'The Do-Not-Originate list: inbound-only numbers that never make calls',
        security: bearer,
        querystring: pageQuery,
        response: { 200: z.array(dnoEntrySchema), ...errorResponses },
      },
    },
    async (request) => {
      authorize(principalOf(request), 'read-global');
      return (await store.listDno(request.query)).map(dnoEntryView);
    },
  );

  // Its own scope, so that only this route reads text/csv and it reads nothing else (JSON gets 415).
  app.register(async (scope: ZodApp) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post(
      '/dno/import',
      {
        bodyLimit: dnoImportBodyLimit,
        schema: {
          tags,
          summary: 'Import a DNO CSV file: good lines are kept, bad lines are listed with their line number',
          security: bearer,
          consumes: ['text/csv'],
          body: dnoCsvBody,
          response: { 200: dnoImportResultSchema, ...errorResponses },
        },
      },
      async (request) => {
        authorize(principalOf(request), 'manage-global');
        return ops.importDnoCsv(request.body);
      },
    );
  });
}
