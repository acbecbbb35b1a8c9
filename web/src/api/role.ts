/**
 * Which role a token has. The API has no "who am I" route yet, so the dashboard asks two harmless questions whose
 * answers differ by role (see `grants` in `src/http/auth.ts`):
 * - an import of a DNO file that has a header and no lines changes nothing; only an admin may do it (200, else 403);
 * - reading the DNO list is allowed to analysts and admins, not carers (200 or 403).
 * A 401 on either means the token is not accepted.
 */
import { z } from 'zod';
import { type Api, ApiError } from './client.js';

export const roles = ['admin', 'analyst', 'carer'] as const;
export type Role = (typeof roles)[number];

export async function detectRole(api: Api): Promise<Role> {
  // Any token that is accepted at all can list residents (a carer gets only theirs).
  await api.get('/api/residents?limit=1', z.array(z.unknown()));
  const importStatus = await api.status('POST', '/api/dno/import', { body: 'number\n', contentType: 'text/csv' });
  if (importStatus === 200) return 'admin';
  if (importStatus !== 403) throw new ApiError(importStatus, 'unknown', `The service answered ${importStatus}.`);
  const readStatus = await api.status('GET', '/api/dno?limit=1');
  if (readStatus === 200) return 'analyst';
  if (readStatus === 403) return 'carer';
  throw new ApiError(readStatus, 'unknown', `The service answered ${readStatus}.`);
}
