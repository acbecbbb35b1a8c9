/**
 * Who the signed-in token is, from `GET /api/me`: its role, its label, and for a carer the residents it looks after.
 * The dashboard shows only the pages that role may use (the API enforces the same).
 *
 * @example
 * const me = await whoAmI(api); // { role: 'carer', name: 'Sarah', residents: [{ id: 1, name: 'Margaret', … }], … }
 */
import { type MeView, meSchema } from '../../../src/http/care-schemas.js';
import type { Api } from './client.js';

export const roles = ['admin', 'analyst', 'carer'] as const;
export type Role = MeView['role'];
export type Me = MeView;

/** Asks the service who this token is; a 401 means the token is not accepted. */
export function whoAmI(api: Api): Promise<Me> {
  return api.get('/api/me', meSchema);
}
