// Starts the real Slack app (runSlackApp, HTTP mode, a fresh SQLite file)
// against the local Slack stand-in, and gives tests the signed client, the
// store and the log lines. Not a test file itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import type { LoadedTriager } from '../../src/intake/triager.js';
import { runSlackApp, type RunningSlackApp } from '../../src/slack/run.js';
import { SignedSlackClient, startFakeSlack, type FakeSlack } from '../support/slack-standin/index.js';

export const SECRET = '0123456789abcdef0123456789abcdef';

export interface Harness {
  slack: FakeSlack;
  app: RunningSlackApp;
  client: SignedSlackClient;
  config: Config;
  dir: string;
  logs: Record<string, unknown>[];
  /** Waits until every acknowledged piece of work is done. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A triager over the real one with fixed tags and flags for a few words, so
 * Slack behaviour is tested whatever the classifier learns: "QR" gives
 * payments_transfers + transaction_failed, "regulator" a compliance flag; while
 * `failing.on` is true, FAIL-TRIAGE makes triage throw and FAIL-WRITE makes the
 * item's database transaction fail.
 */
export const failing = { on: true };
export function scriptedTriager(base: LoadedTriager): LoadedTriager {
  return {
    ...base,
    triage(text) {
      if (failing.on && text.includes('FAIL-TRIAGE')) throw new Error('classifier exploded (test)');
      const result = base.triage(text);
      const tags = [...result.tags];
      const flags = [...result.flags];
      if (/\bQR\b/.test(text)) {
        const add = (tag: (typeof tags)[number]) => tags.some((t) => t.label === tag.label) || tags.push(tag);
        add({ kind: 'product', label: 'payments_transfers', confidence: 0.9, reasons: ['QR'], origin: 'rule' });
        add({ kind: 'issue', label: 'transaction_failed', confidence: 0.8, reasons: ['QR', 'fails'], origin: 'rule' });
      }
      if (/regulator/i.test(text) && !flags.some((f) => f.flag === 'compliance')) flags.push({ flag: 'compliance', reasons: ['regulator'] });
      // The same tag twice violates a unique index: the item's transaction fails (a write failure after the ack).
      if (failing.on && text.includes('FAIL-WRITE')) tags.push({ kind: 'issue', label: 'app_bug', confidence: 0.5, reasons: ['x'], origin: 'rule' }, { kind: 'issue', label: 'app_bug', confidence: 0.5, reasons: ['x'], origin: 'rule' });
      return { ...result, tags, flags, unclassified: tags.length === 0 };
    },
  };
}

export interface HarnessOptions {
  wrapTriager?: (t: LoadedTriager) => LoadedTriager;
  /** Runs after the stand-in started, before the app does (e.g. script apps.connections.open). */
  beforeStart?: (slack: FakeSlack) => void | Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const slack = await startFakeSlack();
  await options.beforeStart?.(slack);
  const dir = mkdtempSync(join(tmpdir(), 'frontline-slack-'));
  const config = {
    ...loadConfig(
      {
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        DATABASE_URL: 'file:./frontline.db',
        FRONTLINE_INTENTS_DIR: resolve('intents'),
        FRONTLINE_ADMINS: 'U0ADMIN001',
        LOG_LEVEL: 'info',
        ...env,
      },
      dir,
    ),
    PORT: 0,
  };
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const app = await runSlackApp(config, log, {
    cwd: dir,
    handleSignals: false,
    host: '127.0.0.1',
    retryEveryMs: 3_600_000,
    api: { perMinute: { 'chat.postMessage': 100_000, 'chat.postEphemeral': 100_000, 'views.open': 100_000, 'conversations.info': 100_000, 'conversations.history': 100_000, 'chat.getPermalink': 100_000 }, postMessagePerChannelMs: 0, transientRetries: 0 },
    wrapTriager: options.wrapTriager ?? scriptedTriager,
  });
  const client = new SignedSlackClient(`http://127.0.0.1:${app.port}`, SECRET);
  return {
    slack,
    app,
    client,
    config,
    dir,
    logs,
    idle: () => app.runtime.idle(),
    async close() {
      await app.stop('test');
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
