// Structured JSON logs on stderr (stdout is for command output).
// Feedback text must never be logged at info level: log ids and counts instead.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'frontline' } }, pino.destination(2));
}

/** The process-wide logger; commands may pass their own to what they call. */
export const log: Logger = createLogger();
