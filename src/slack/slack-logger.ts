// Bolt and @slack/web-api log through this adapter into our pino logger, so
// their lines are JSON on stderr like ours. Their messages never carry
// feedback text at info level (payload dumps are debug only).
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../log.js';

const toPino: Record<LogLevel, string> = {
  [LogLevel.ERROR]: 'error',
  [LogLevel.WARN]: 'warn',
  [LogLevel.INFO]: 'info',
  [LogLevel.DEBUG]: 'debug',
};

export function slackLogger(log: Logger): SlackLogger {
  let child = log.child({ component: 'slack' });
  const line = (msgs: unknown[]) => msgs.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msgs) => child.debug(line(msgs)),
    info: (...msgs) => child.info(line(msgs)),
    warn: (...msgs) => child.warn(line(msgs)),
    error: (...msgs) => child.error(line(msgs)),
    // Our LOG_LEVEL decides; Bolt asking for another level only lowers it for debug sessions.
    setLevel: (level: LogLevel) => {
      if (level === LogLevel.DEBUG) child.level = toPino[level];
    },
    getLevel: () => (Object.entries(toPino).find(([, v]) => v === child.level)?.[0] as LogLevel | undefined) ?? LogLevel.INFO,
    setName: (name: string) => {
      child = log.child({ component: name });
    },
  };
}
