// Every environment variable Frontline reads, in one zod schema with defaults.
// Values come from the process environment, then an optional `.env` file.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

const slackId = (prefix: string) => new RegExp(`^${prefix}[A-Z0-9]{2,}$`);
const idList = (prefix: string) =>
  z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .refine((ids) => ids.every((id) => slackId(prefix).test(id)), {
      message: `must be a comma-separated list of Slack IDs starting with ${prefix}`,
    });
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

interface Variable {
  schema: z.ZodType;
  example: string;
  description: string;
  secret?: boolean;
}

/** The variables, their meaning and a good example; README's table is written from this. */
export const variables = {
  DATABASE_URL: {
    schema: z.string().default('file:./data/frontline.db').refine((v) => v.startsWith('file:'), {
      message: 'must be a SQLite URL starting with file:',
    }),
    example: 'file:./data/frontline.db',
    description: 'SQLite database file (created, with its folder, if missing).',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    example: 'info',
    description: 'Log level of the JSON logs on stderr. Feedback text is only logged at debug.',
  },
  SLACK_BOT_TOKEN: {
    schema: optional(z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'must start with xoxb-')),
    example: 'xoxb-1234567890-0987654321-AbCdEf',
    description: 'Bot token (OAuth & Permissions). Without it, `npm start` runs the local demo.',
    secret: true,
  },
  SLACK_SIGNING_SECRET: {
    schema: optional(z.string().regex(/^[a-f0-9]{32}$/, 'must be 32 lowercase hex characters')),
    example: '8f742231b10e8888abcd99e0e0e085a5',
    description: 'Signing secret (Basic Information). Needed in HTTP mode.',
    secret: true,
  },
  SLACK_APP_TOKEN: {
    schema: optional(z.string().regex(/^xapp-[A-Za-z0-9-]+$/, 'must start with xapp-')),
    example: 'xapp-1-A0123456789-1234567890-abcdef',
    description: 'App-level token with connections:write. When set, Socket Mode is used.',
    secret: true,
  },
  SLACK_API_URL: {
    schema: optional(z.url({ message: 'must be a URL' })),
    example: 'https://slack.com/api/',
    description: 'Web API base URL, for proxies and tests.',
  },
  PORT: {
    schema: z.coerce.number({ message: 'must be a number' }).int().min(1).max(65535).default(3000),
    example: '3000',
    description: 'HTTP port in HTTP mode (`/slack/events`, `/healthz`).',
  },
  FRONTLINE_ADMINS: {
    schema: idList('U'),
    example: 'U012AB3CD,U045EF6GH',
    description: 'Slack user IDs of admins.',
  },
  FRONTLINE_PMS: {
    schema: idList('U'),
    example: 'U012AB3CD',
    description: 'Slack user IDs of product managers.',
  },
  FRONTLINE_PM_USERGROUP: {
    schema: optional(z.string().regex(slackId('S'), 'must be a Slack user group ID starting with S')),
    example: 'S0614TZR7',
    description: 'Slack user group whose members are product managers.',
  },
  FRONTLINE_WATCH_CHANNELS: {
    schema: idList('[CG]'),
    example: 'C0123456789',
    description: 'Channels where every top-level message is captured.',
  },
  FRONTLINE_ALLOW_EXTERNAL_CHANNELS: {
    schema: bool,
    example: 'false',
    description: 'Capture from Slack Connect (external) channels too.',
  },
  FRONTLINE_CAPTURE_EMOJI: {
    schema: z.string().regex(/^[a-z0-9_+'-]+$/, 'must be an emoji name without colons').default('inbox_tray'),
    example: 'inbox_tray',
    description: 'Reaction that captures a message.',
  },
  FRONTLINE_ESCALATION_CHANNEL: {
    schema: optional(z.string().regex(slackId('[CG]'), 'must be a channel ID starting with C')),
    example: 'C0ESCALATE1',
    description: 'Channel that gets an immediate alert for must-do items.',
  },
  FRONTLINE_DIGEST_CHANNELS: {
    schema: z.string().default(''),
    example: 'C0DIGEST01:cards+loans,C0DIGEST02',
    description: 'Digest subscriptions: channel, optionally `:` and products joined by `+`.',
  },
  FRONTLINE_DIGEST_SCHEDULE: {
    schema: z
      .string()
      .default('MON 09:00')
      .refine((v) => /^(MON|TUE|WED|THU|FRI|SAT|SUN) ([01]\d|2[0-3]):[0-5]\d$/i.test(v), {
        message: 'must be a weekday and a 24-hour time',
      }),
    example: 'MON 09:00',
    description: 'When the weekly digest is posted, in FRONTLINE_TIMEZONE.',
  },
  FRONTLINE_TIMEZONE: {
    schema: z
      .string()
      .default('Asia/Taipei')
      .refine((tz) => isTimeZone(tz), { message: 'must be an IANA time zone' }),
    example: 'Asia/Taipei',
    description: 'Time zone of the digest schedule and of ISO weeks.',
  },
  FRONTLINE_DIGEST_TOP_N: {
    schema: z.coerce.number({ message: 'must be a number' }).int().min(1).max(40).default(10),
    example: '10',
    description: 'Clusters shown in the digest after the must-do lane.',
  },
  FRONTLINE_LANGUAGE: {
    schema: z.enum(['en', 'zh-TW', 'zh-CN'], { message: 'must be en, zh-TW or zh-CN' }).default('en'),
    example: 'zh-TW',
    description: 'Default language of digests and messages.',
  },
  FRONTLINE_PRODUCT_WEIGHTS: {
    schema: z
      .string()
      .default('')
      .refine((v) => v === '' || /^[a-z_]+=\d+(\.\d+)?(,[a-z_]+=\d+(\.\d+)?)*$/.test(v), {
        message: 'must be product=weight pairs separated by commas',
      }),
    example: 'cards=1.5,digital_channels=1.2',
    description: 'Business weight per product in the digest score (default 1).',
  },
  FRONTLINE_WEBHOOK_URL: {
    schema: optional(z.url({ message: 'must be a URL' })),
    example: 'https://bridge.example.internal/frontline',
    description: 'Backlog changes are POSTed here as signed JSON.',
  },
  FRONTLINE_WEBHOOK_SECRET: {
    schema: optional(z.string().min(16, 'must be at least 16 characters')),
    example: 'a-long-random-shared-secret',
    description: 'HMAC-SHA256 key for the webhook signature.',
    secret: true,
  },
  FRONTLINE_INTENTS_DIR: {
    schema: z.string().default('intents'),
    example: 'intents',
    description: 'Folder with the taxonomy YAML files (and labelled sets in `labelled/`).',
  },
} satisfies Record<string, Variable>;

type Vars = typeof variables;
export type Config = { [K in keyof Vars]: z.output<Vars[K]['schema']> };

/** A bad configuration: one line per problem, never a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const schema = z.object(
  Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.schema])) as {
    [K in keyof Vars]: Vars[K]['schema'];
  },
);

/** Reads the environment, then `.env` in `cwd` for anything the environment lacks. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  const merged: Record<string, string | undefined> = {};
  for (const name of Object.keys(variables)) merged[name] = env[name] ?? fromFile[name];
  const result = schema.safeParse(merged);
  if (result.success) return result.data as Config;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const variable = (variables as Record<string, Variable>)[name];
    return `${name}: ${issue.message} (example: ${name}=${variable?.example ?? '…'})`;
  });
  throw new ConfigError(problems);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
