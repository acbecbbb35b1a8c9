/**
 * The one place where failures become HTTP responses. Every error body has the same shape (`errorSchema`):
 * `{ error, message, issues? }`. Expected failures get a 4xx/503 with a message a person can act on; anything else
 * is a bug: 500 `{ error: 'internal' }`, logged with its stack, which never reaches the client.
 *
 * @example
 * installErrorHandling(app);
 * // POST /api/residents {"name": "Ada"}  →  400 {"error":"invalid","message":"body.number: number is required", ...}
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OperationError, type OperationErrorKind } from '../app/operation-error.js';
import { StoreError } from '../store/store.js';
import type { ErrorBody } from './schemas.js';

export const errorKinds = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'unsupported-media-type',
  'too-large',
  'unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

const statusOf = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorKind, number>;

/** An expected HTTP-level failure raised by this adapter (authentication, permissions, missing records). */
export class HttpError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Extra response headers (`WWW-Authenticate` on 401). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  get status(): number {
    return statusOf[this.kind];
  }
}

export interface Problem {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** How loudly to log it: client mistakes are not logged as errors. */
  level: 'none' | 'warn' | 'error';
}

const operationKinds = {
  invalid: 'invalid',
  'not-found': 'not-found',
  conflict: 'conflict',
  forbidden: 'forbidden',
} as const satisfies Record<OperationErrorKind, ErrorKind>;

/** Infrastructure failures get our own words: the driver's message names files and internals a client need not see. */
const storeMessages = {
  'read-only': 'the database is read-only at the moment, so nothing can be saved; nothing was changed',
  locked: 'the database is busy (locked by another process); nothing was changed, try again shortly',
  corrupt: 'the database is damaged or is not a CallWarden database; an operator must restore it',
  unavailable: 'the database cannot be reached or written right now; nothing was changed, try again later',
} as const satisfies Partial<Record<StoreError['code'], string>>;

/** Maps any thrown value to the response it deserves. */
export function toProblem(error: unknown, request?: FastifyRequest): Problem {
  const problem = (kind: ErrorKind, message: string, extra: Partial<Problem> & Partial<ErrorBody> = {}): Problem => {
    const { issues, headers = {}, level = 'none' } = extra;
    return { status: statusOf[kind], body: { error: kind, message, ...(issues ? { issues } : {}) }, headers, level };
  };

  if (error instanceof HttpError) return problem(error.kind, error.message, { headers: error.headers });

  if (isValidationError(error)) {
    const context = error.validationContext ?? 'request';
    const issues = error.validation.map((issue) => {
      const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return { path: field ? `${context}.${field}` : context, message: issue.message ?? 'is not valid' };
    });
    const [first] = issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    return problem('invalid', `${first ? `${first.path}: ${first.message}` : `the ${context} is not valid`}${more}`, {
      issues,
    });
  }

  if (error instanceof OperationError) {
    const kind = operationKinds[error.kind];
    return problem(kind, error.message, error.field ? { issues: [{ path: error.field, message: error.message }] } : {});
  }

  if (error instanceof StoreError) {
    switch (error.code) {
      case 'not-found':
        return problem('not-found', error.message);
      case 'conflict':
        return problem('conflict', error.message);
      case 'invalid':
        return problem('invalid', error.message);
      case 'read-only':
      case 'locked':
      case 'corrupt':
      case 'unavailable':
        return problem('unavailable', storeMessages[error.code], {
          level: error.code === 'corrupt' ? 'error' : 'warn',
          headers: error.code === 'locked' || error.code === 'unavailable' ? { 'retry-after': '5' } : {},
        });
      default:
        return assertNever(error.code);
    }
  }

  const code = fastifyCode(error);
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && statusCodeOf(error) === 400)) {
    return problem('invalid', 'the request body is not valid JSON; send a JSON object', {
      issues: [{ path: 'body', message: 'not valid JSON' }],
    });
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return problem('invalid', 'the request body is empty, but Content-Type says it is JSON; send a JSON object', {
      issues: [{ path: 'body', message: 'empty' }],
    });
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const sent = request?.headers['content-type'];
    const wanted = request?.routeOptions.url?.endsWith('/dno/import') ? 'text/csv' : 'application/json';
    return problem(
      'unsupported-media-type',
      `this endpoint does not accept Content-Type ${sent ? `'${sent}'` : '(none)'}; send ${wanted}`,
    );
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = request?.routeOptions.bodyLimit;
    return problem('too-large', `the request body is too large${limit ? ` (at most ${limit} bytes)` : ''}`);
  }
  const status = statusCodeOf(error);
  if (code?.startsWith('FST_') && status !== undefined && status >= 400 && status < 500 && error instanceof Error) {
    // Fastify's own client errors (bad Content-Length, malformed URL …) have safe, specific messages.
    return {
      status,
      body: { error: status === 404 ? 'not-found' : 'invalid', message: error.message },
      headers: {},
      level: 'none',
    };
  }
  return problem('internal', 'something went wrong on the server; the error has been logged', { level: 'error' });
}

/** Installs the error handler and the 404 handler on the root instance (child scopes inherit them). */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(error, request);
    if (problem.level === 'error') request.log.error({ err: error }, 'request failed');
    else if (problem.level === 'warn') request.log.warn({ err: error }, problem.body.message);
    return reply.code(problem.status).headers(problem.headers).send(problem.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: 'not-found',
      message: `there is no ${request.method} ${request.url.split('?')[0]}`,
    };
    return reply.code(404).send(body);
  });
}

interface ValidationError {
  validation: { instancePath: string; message?: string }[];
  validationContext?: string;
}

function isValidationError(error: unknown): error is ValidationError {
  return typeof error === 'object' && error !== null && Array.isArray((error as { validation?: unknown }).validation);
}

function fastifyCode(error: unknown): string | undefined {
  const code = (error as Partial<FastifyError> | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function statusCodeOf(error: unknown): number | undefined {
  const status = (error as Partial<FastifyError> | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}
