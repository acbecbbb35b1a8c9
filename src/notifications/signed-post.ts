/**
 * The webhook and bank channels: POST a JSON body, signed (see `signing.ts`), to an http(s) URL. A 2xx answer is a
 * delivery; 408, 429 and 5xx, a timeout or a refused connection are retried; any other 4xx is permanent (the
 * receiver rejected the message itself, so sending it again cannot help).
 *
 * @example
 * const send = signedPostSender({ secret: config.webhookSecret });
 * await send({ url: 'https://carer.example/hook', body: { event: 'call.alert' } });
 */
import { z } from 'zod';
import { type Delivery, delivered, notDelivered, type Sender } from './delivery.js';
import { signatureHeaders } from './signing.js';

export const signedPostPayloadSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  body: z.record(z.string(), z.unknown()),
});
export type SignedPostPayload = z.infer<typeof signedPostPayloadSchema>;

export interface SignedPostOptions {
  secret: string;
  /** Give up on one attempt after this long (default 10 s). */
  timeoutMs?: number;
  now?: () => Date;
}

export function signedPostSender(options: SignedPostOptions): Sender {
  const now = options.now ?? (() => new Date());
  return async (raw): Promise<Delivery> => {
    const parsed = signedPostPayloadSchema.safeParse(raw);
    if (!parsed.success) return notDelivered(`invalid payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`, true);
    const timestamp = Math.floor(now().getTime() / 1000);
    const body = JSON.stringify({ ...parsed.data.body, timestamp });
    let response: Response;
    try {
      response = await fetch(parsed.data.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'CallWarden',
          ...signatureHeaders(options.secret, body, timestamp),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return notDelivered(`POST ${parsed.data.url} failed: ${cause ?? (error as Error).message}`);
    }
    await response.body?.cancel();
    if (response.ok) return delivered;
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    return notDelivered(`POST ${parsed.data.url} answered HTTP ${response.status}`, !retryable);
  };
}
