/**
 * Drains the durable notification outbox: takes due notifications (leased, so two dispatchers never send one
 * twice at once), hands each to its channel's sender, and records the outcome. A failure is retried with
 * exponential backoff (`baseDelayMs × 2^(attempt−1)`, capped at `maxDelayMs`) up to `maxAttempts`; then, or at once
 * when the receiver rejected the message itself, it is marked `failed` and logged as an error. Nothing is lost on a
 * restart: whatever was pending is still in the store for the next dispatcher.
 *
 * @example
 * const dispatcher = createDispatcher({ store, senders: { webhook, email: mail.send }, log });
 * dispatcher.start();
 * await store.enqueueNotifications(items);
 * dispatcher.kick(); // send now rather than at the next poll
 */
import type { Logger } from 'pino';
import type { NotificationChannel, OutboxNotification, Store } from '../store/store.js';
import type { Sender } from './delivery.js';

export interface DispatcherOptions {
  store: Store;
  /** A channel without a sender is not configured: its notifications fail at once. */
  senders: Partial<Record<NotificationChannel, Sender>>;
  log: Logger;
  now?: () => Date;
  /** Attempts before a notification is given up (default 8: about 10 minutes with the default delays). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often the outbox is checked for due notifications (default 1 s). */
  pollMs?: number;
  /** How long a taken notification is reserved for this dispatcher (default 2 min, above any send timeout). */
  leaseMs?: number;
  /** Notifications taken per round (default 20). */
  batch?: number;
}

export interface Dispatcher {
  start(): void;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
  /** Runs one round now (sending what is due); resolves with how many notifications it tried. */
  drainOnce(): Promise<number>;
  /** Asks for a round as soon as possible (after a notification was queued). */
  kick(): void;
}

export const defaultRetry = { maxAttempts: 8, baseDelayMs: 5_000, maxDelayMs: 5 * 60_000 } as const;

/** The delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffMs(attempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, senders, log } = options;
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? defaultRetry.maxAttempts;
  const baseDelayMs = options.baseDelayMs ?? defaultRetry.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? defaultRetry.maxDelayMs;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 120_000;
  const batch = options.batch ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;

  async function attempt(item: OutboxNotification): Promise<void> {
    const sender = senders[item.channel];
    const result = sender
      ? await sender(item.payload).catch((error: unknown) => ({
          ok: false as const,
          error: `sender failed: ${(error as Error).message}`,
          permanent: false,
        }))
      : { ok: false as const, error: `the ${item.channel} channel is not configured`, permanent: true };
    const fields = { notification: item.id, key: item.key, channel: item.channel, callId: item.callId };
    if (result.ok) {
      await store.recordNotificationAttempt(item.id, { status: 'sent' });
      log.info({ ...fields, attempts: item.attempts + 1 }, 'notification sent');
      return;
    }
    const attempts = item.attempts + 1;
    if (result.permanent || attempts >= maxAttempts) {
      await store.recordNotificationAttempt(item.id, { status: 'failed', error: result.error });
      log.error({ ...fields, attempts, err: result.error }, 'notification failed for good; it will not be retried');
      return;
    }
    const nextAttemptAt = new Date(now().getTime() + backoffMs(attempts, baseDelayMs, maxDelayMs));
    await store.recordNotificationAttempt(item.id, { status: 'pending', error: result.error, nextAttemptAt });
    log.warn(
      { ...fields, attempts, err: result.error, retryAt: nextAttemptAt },
      'notification not delivered; will retry',
    );
  }

  async function round(): Promise<number> {
    const at = now();
    const due = await store.claimDueNotifications(at, new Date(at.getTime() + leaseMs), batch);
    // One receiver's slowness must not hold up another's: channels and recipients are sent concurrently.
    await Promise.all(
      due.map((item) =>
        attempt(item).catch((error: unknown) =>
          log.error({ err: error, notification: item.id }, 'could not record a notification attempt'),
        ),
      ),
    );
    return due.length;
  }

  function drainOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = round()
      .catch((error: unknown) => {
        log.error({ err: error }, 'notification outbox could not be read; will try again');
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          void drainOnce();
        }
      });
    return running;
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(() => void drainOnce(), pollMs);
      timer.unref();
      void drainOnce();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    drainOnce,
    kick() {
      if (!stopped) void drainOnce();
    },
  };
}
