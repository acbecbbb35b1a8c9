/**
 * Authentication (`Authorization: Bearer <token>`, looked up with `store.findTokenBySecret`) and the permission
 * table of the three roles. A request without a known token gets 401 with `WWW-Authenticate: Bearer`; a known token
 * that may not do something gets 403. Carers are checked before any lookup, so a 403 never reveals whether another
 * resident exists.
 *
 * @example
 * api.addHook('onRequest', authenticate(store));
 * authorize(principalOf(request), 'care-resident', residentId); // throws HttpError('forbidden') unless allowed
 */
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ApiToken, Store } from '../store/store.js';
import { HttpError } from './error-mapping.js';

export const permissions = [
  /** Global lists (block list, DNO), number intelligence, and everything across all residents. */
  'read-global',
  /** Change global data: residents (add/remove), the global block list, DNO imports. */
  'manage-global',
  /** See one resident: details, settings, contacts, their blocks, calls and reports. */
  'read-resident',
  /** Look after one resident: add/remove contacts and their blocks, file reports for them. */
  'care-resident',
  /** Change a resident's details and screening settings. */
  'configure-resident',
  /** Confirm or reject scam reports. */
  'review-reports',
  /** Ask for a screening decision (it is recorded in the call log as a call). */
  'screen',
  /** Confirm or clear a number, confirm or dismiss a campaign (audited). */
  'review-numbers',
  /** Create, list and revoke API tokens. */
  'manage-tokens',
] as const;
export type Permission = (typeof permissions)[number];
export type Role = ApiToken['role'];

/** `all`: any resident; `own`: only the token's `residentIds`; `none`: never. */
type Grant = 'all' | 'own' | 'none';

export const grants = {
  admin: {
    'read-global': 'all',
    'manage-global': 'all',
    'read-resident': 'all',
    'care-resident': 'all',
    'configure-resident': 'all',
    'review-reports': 'all',
    screen: 'all',
    'review-numbers': 'all',
    'manage-tokens': 'all',
  },
  analyst: {
    'read-global': 'all',
    'manage-global': 'none',
    'read-resident': 'all',
    'care-resident': 'none',
    'configure-resident': 'none',
    'review-reports': 'all',
    screen: 'none',
    'review-numbers': 'all',
    'manage-tokens': 'none',
  },
  carer: {
    'read-global': 'none',
    'manage-global': 'none',
    'read-resident': 'own',
    'care-resident': 'own',
    'configure-resident': 'none',
    'review-reports': 'none',
    screen: 'none',
    'review-numbers': 'none',
    'manage-tokens': 'none',
  },
} as const satisfies Record<Role, Record<Permission, Grant>>;

const principals = new WeakMap<FastifyRequest, ApiToken>();

/** An `onRequest` hook: resolves the bearer token or answers 401. */
export function authenticate(store: Store): onRequestAsyncHookHandler {
  return async (request) => {
    const header = request.headers.authorization;
    const secret = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1];
    if (secret === undefined) {
      throw new HttpError(
        'unauthorized',
        header
          ? 'the Authorization header must be "Bearer <token>"'
          : 'an API token is required: send the header "Authorization: Bearer <token>"',
        { 'www-authenticate': 'Bearer realm="callwarden"' },
      );
    }
    const token = await store.findTokenBySecret(secret);
    if (!token) {
      throw new HttpError('unauthorized', 'the API token is not known (it may have been revoked)', {
        'www-authenticate': 'Bearer realm="callwarden", error="invalid_token"',
      });
    }
    principals.set(request, token);
  };
}

/** The token that authenticated this request (only inside the `/api` scope). */
export function principalOf(request: FastifyRequest): ApiToken {
  const token = principals.get(request);
  if (!token) throw new Error(`route ${request.routeOptions.url} is not behind authenticate()`);
  return token;
}

/** Whether the token may do this, for this resident when the permission is about one. */
export function isAllowed(token: ApiToken, permission: Permission, residentId?: number | null): boolean {
  const grant: Grant = grants[token.role][permission];
  if (grant === 'all') return true;
  if (grant === 'none') return false;
  return residentId != null && token.residentIds.includes(residentId);
}

/** Throws 403 unless the token may do this. */
export function authorize(token: ApiToken, permission: Permission, residentId?: number | null): void {
  if (isAllowed(token, permission, residentId)) return;
  throw new HttpError('forbidden', refusal(token, permission, residentId));
}

/** Residents whose data this token may read: `'all'`, or the ids of a carer's residents. */
export function readableResidents(token: ApiToken): 'all' | readonly number[] {
  return grants[token.role]['read-resident'] === 'all' ? 'all' : token.residentIds;
}

function refusal(token: ApiToken, permission: Permission, residentId?: number | null): string {
  const who = `this ${token.role} token`;
  if (grants[token.role][permission] === 'own') {
    return residentId == null
      ? `${who} must name one of its own residents (residentId)`
      : `${who} may not see or change resident ${residentId}; it looks after residents ${token.residentIds.join(', ') || '(none)'}`;
  }
  if (token.role === 'analyst' && permission !== 'manage-tokens') {
    return `${who} is read-only (besides reviewing reports, numbers and campaigns)`;
  }
  const what = {
    'read-global': 'see the global block list, the DNO list, number intelligence or other residents',
    'manage-global': 'change residents, the global block list or the DNO list',
    'read-resident': 'see this resident',
    'care-resident': "change this resident's contacts, blocks or reports",
    'configure-resident': "change a resident's details or settings",
    'review-reports': 'review reports',
    screen: 'ask for screening decisions',
    'review-numbers': 'confirm or clear numbers or review campaigns',
    'manage-tokens': 'create, list or revoke API tokens',
  } as const satisfies Record<Permission, string>;
  return `${who} may not ${what[permission]}`;
}
