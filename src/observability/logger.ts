/** The service's structured logger (pino, JSON lines on stderr). Per-call loggers are children with call fields. */
import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'callwarden' } }, pino.destination(2));
}
