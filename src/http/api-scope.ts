/**
 * What every route file receives: the zod-typed Fastify instance of the `/api` scope and the application layer.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Operations } from '../app/operations.js';
import type { Store } from '../store/store.js';
import { errorSchema } from './schemas.js';

export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface RouteDeps {
  ops: Operations;
  store: Store;
}

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: errorSchema.describe('Invalid input: the message and issues name the field'),
  401: errorSchema.describe('No API token, or an unknown one'),
  403: errorSchema.describe('The token may not do this'),
  404: errorSchema.describe('No such record'),
  409: errorSchema.describe('The record already exists'),
  503: errorSchema.describe('The database is read-only, locked or unavailable; nothing was changed'),
} as const;

/** OpenAPI security requirement of the `/api` routes. */
export const bearer = [{ bearerAuth: [] }];
