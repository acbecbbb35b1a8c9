/**
 * The intelligence routes' contract (`src/http/intelligence-schemas.ts`): published figures and scam campaigns. Older
 * services answer 404 for them; the figures page then says "not available yet" rather than showing made-up numbers.
 */
import { campaignSchema, figuresSchema, scanSchema } from '../../../src/http/intelligence-schemas.js';

export { campaignSchema, figuresSchema, scanSchema };

import type { z } from 'zod';
import { type Api, ApiError } from './client.js';

/** The answer, or null where the service does not have this route yet (404). */
export async function getIfAvailable<T>(api: Api, path: string, schema: z.ZodType<T>): Promise<T | null> {
  try {
    return await api.get(path, schema);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.kind === 'not-found') return null;
    throw error;
  }
}
