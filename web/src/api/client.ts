/**
 * The dashboard's one way to the HTTP API: adds the bearer token, parses every answer with the server's own zod
 * schemas (`src/http/schemas.ts`, the contract), turns error bodies into `ApiError`, and reports a 401 once so the app
 * can go back to the sign-in page.
 *
 * @example
 * const api = createApi(token, () => signOut('expired'));
 * const residents = await api.get('/api/residents', z.array(residentSchema));
 */
import { z } from 'zod';
import { errorSchema } from '../../../src/http/schemas.js';

/** A failed request: the HTTP status, the API's stable error kind (`forbidden`, `invalid`…) and its sentence. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string, schema: z.ZodType<T>): Promise<T>;
  /** A JSON request with a body; `schema` omitted for answers without one (204). */
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, schema?: z.ZodType<T>): Promise<T>;
  /** Any request, answered as text (CSV upload and download). */
  text(method: 'GET' | 'POST', path: string, init?: { body: string; contentType: string }): Promise<string>;
  /** A binary answer (a voicemail's audio), fetched with the token so it can be played from a `blob:` address. */
  blob(path: string): Promise<Blob>;
  /** The answer's status only, without throwing: for probes such as "is this route there yet?". */
  status(method: 'GET' | 'POST', path: string, init?: { body: string; contentType: string }): Promise<number>;
}

export function createApi(token: string, onUnauthorized: () => void): Api {
  async function request(method: string, path: string, body?: { text: string; contentType: string }) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json, text/csv, audio/wav',
    };
    if (body) headers['content-type'] = body.contentType;
    let response: Response;
    try {
      response = await fetch(path, { method, headers, ...(body ? { body: body.text } : {}) });
    } catch {
      throw new ApiError(0, 'network', 'CallWarden could not be reached. Check the connection and try again.');
    }
    if (response.ok) return response;
    const parsed = errorSchema.safeParse(await response.json().catch(() => null));
    if (response.status === 401) onUnauthorized();
    throw new ApiError(
      response.status,
      parsed.success ? parsed.data.error : 'unknown',
      parsed.success ? parsed.data.message : `The service answered ${response.status}.`,
    );
  }

  async function parse<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
    const result = schema.safeParse(await response.json());
    if (!result.success) {
      throw new ApiError(
        response.status,
        'contract',
        `The service answered in an unexpected form: ${z.prettifyError(result.error)}`,
      );
    }
    return result.data;
  }

  return {
    async get(path, schema) {
      return parse(await request('GET', path), schema);
    },
    async send(method, path, body, schema) {
      const response = await request(
        method,
        path,
        body === undefined ? undefined : { text: JSON.stringify(body), contentType: 'application/json' },
      );
      return schema ? parse(response, schema) : (undefined as never);
    },
    async text(method, path, init) {
      const response = await request(
        method,
        path,
        init ? { text: init.body, contentType: init.contentType } : undefined,
      );
      return response.text();
    },
    async blob(path) {
      return (await request('GET', path)).blob();
    },
    async status(method, path, init) {
      try {
        await request(method, path, init ? { text: init.body, contentType: init.contentType } : undefined);
        return 200;
      } catch (error) {
        if (error instanceof ApiError && error.status !== 401) return error.status;
        throw error;
      }
    },
  };
}

/** Puts a phone number or id into a path: `+` and spaces must be encoded. */
export function pathPart(value: string | number): string {
  return encodeURIComponent(String(value));
}

/** A sentence for people from any error. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.kind === 'forbidden') return 'You are not allowed to do that with this access code.';
    // The API names numbers in their international form; people wrote them their own way.
    if (error.kind === 'invalid' && /not a valid phone number|does not exist|phone number/i.test(error.message)) {
      return 'That does not look like a real phone number. Check it and try again.';
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
