/**
 * The notification channels configured for this service, and the dispatcher that drains the outbox through them.
 * A channel is on only when it can send: webhooks need their secret, email an SMTP server, bank notices an
 * endpoint and its secret. A channel that is off queues nothing (a warning at start says so).
 *
 * @example
 * const notifications = createNotifications({ config, store, log });
 * notifications.dispatcher.start();
 * // ...
 * await notifications.close();
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { NotificationChannel, Store } from '../store/store.js';
import type { Sender } from './delivery.js';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.js';
import { emailSender } from './email-sender.js';
import { signedPostSender } from './signed-post.js';

type NotificationConfig = Pick<
  Config,
  'webhookSecret' | 'webhookUrl' | 'smtp' | 'smtpUser' | 'smtpPassword' | 'smtpFrom' | 'bankEndpoint' | 'bankSecret'
>;

export interface Notifications {
  dispatcher: Dispatcher;
  /** What the guard may queue: which channels can send, the operator's webhook, the bank endpoint. */
  targets: {
    webhookUrl: string | null;
    channels: { webhook: boolean; email: boolean; bank: string | null };
  };
  /** Stops the dispatcher and closes the SMTP connection pool. */
  close(): Promise<void>;
}

export function createNotifications(deps: {
  config: NotificationConfig;
  store: Store;
  log: Logger;
  retry?: Pick<DispatcherOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'pollMs'>;
}): Notifications {
  const { config, log } = deps;
  const senders: Partial<Record<NotificationChannel, Sender>> = {};
  if (config.webhookSecret) senders.webhook = signedPostSender({ secret: config.webhookSecret });
  else log.warn('no webhook secret is configured (CALLWARDEN_WEBHOOK_SECRET): guard alerts send no webhooks');
  const mail = config.smtp
    ? emailSender({
        host: config.smtp.host,
        port: config.smtp.port,
        from: config.smtpFrom,
        user: config.smtpUser,
        password: config.smtpPassword,
      })
    : null;
  if (mail) senders.email = mail.send;
  else log.warn('no SMTP server is configured (CALLWARDEN_SMTP): guard alerts send no email');
  const bank = config.bankEndpoint && config.bankSecret ? config.bankEndpoint : null;
  if (bank && config.bankSecret) senders.bank = signedPostSender({ secret: config.bankSecret });
  const dispatcher = createDispatcher({ store: deps.store, senders, log, ...deps.retry });
  return {
    dispatcher,
    targets: {
      webhookUrl: config.webhookUrl,
      channels: { webhook: senders.webhook !== undefined, email: mail !== null, bank },
    },
    async close() {
      await dispatcher.stop();
      mail?.close();
    },
  };
}
