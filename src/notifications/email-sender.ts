/**
 * The email channel: plain-text messages through an SMTP server (nodemailer). Temporary SMTP failures (4xx replies,
 * connection problems) are retried; a 5xx reply (no such mailbox, rejected) is permanent.
 *
 * @example
 * const send = emailSender({ host: '127.0.0.1', port: 25, from: 'CallWarden <alerts@example.org>' });
 * await send({ to: 'carer@example.org', subject: 'Possible scam call', text: '…' });
 */
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { type Delivery, delivered, notDelivered, type Sender } from './delivery.js';

export const emailPayloadSchema = z.object({
  to: z.email(),
  subject: z.string().min(1).max(200),
  text: z.string().min(1),
});
export type EmailPayload = z.infer<typeof emailPayloadSchema>;

export interface SmtpOptions {
  host: string;
  port: number;
  from: string;
  user?: string | null;
  password?: string | null;
  /** Give up on one attempt after this long (default 15 s). */
  timeoutMs?: number;
}

export interface EmailSender {
  send: Sender;
  close(): void;
}

export function emailSender(options: SmtpOptions): EmailSender {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    // Port 465 speaks TLS from the first byte; any other port upgrades with STARTTLS when the server offers it.
    secure: options.port === 465,
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(raw): Promise<Delivery> {
      const parsed = emailPayloadSchema.safeParse(raw);
      if (!parsed.success) {
        return notDelivered(`invalid payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`, true);
      }
      try {
        await transport.sendMail({ from: options.from, ...parsed.data });
        return delivered;
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const where = `SMTP ${options.host}:${options.port}`;
        return notDelivered(`${where}: ${(error as Error).message}`, code !== undefined && code >= 500);
      }
    },
    close: () => transport.close(),
  };
}
