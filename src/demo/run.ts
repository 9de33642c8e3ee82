// The local demo (`npm start` with no Slack tokens, or `frontline demo`): load
// the bundled sample once through the real intake pipeline (redact → triage →
// cluster → store), then preview this week's digest and write its Block Kit
// JSON. A second run finds the sample loaded and only rebuilds the digest.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Config } from '../config.js';
import { importRows } from '../intake/import.js';
import type { Store } from '../store/client.js';
import { taxonomyLabelNamer } from '../digest/labels.js';
import { buildDigestPreview, type DigestPreview } from '../digest/preview.js';
import { formatWeek, weekOf, type IsoWeek } from '../digest/week.js';
import { demoWeek, readSample, sampleRecords, DEMO_SAMPLE_PATH } from './sample.js';

export interface DemoOptions {
  /** Folder that `data/demo-digest.json` is written under. */
  cwd: string;
  now?: Date;
  colour?: boolean;
  samplePath?: string;
  /** Progress lines (stdout of the CLI). */
  say?: (line: string) => void;
}

export interface DemoResult {
  /** True when this run loaded the sample; false when it was already there. */
  loaded: boolean;
  added: number;
  items: number;
  week: IsoWeek;
  preview: DigestPreview;
  jsonPath: string;
}

export const DEMO_JSON = 'data/demo-digest.json';

/** Demo items already stored, and the newest one's date (which places the demo week). */
async function storedDemo(store: Store): Promise<{ count: number; newest: Date | null }> {
  const r = await store.prisma.feedbackItem.aggregate({ where: { source: 'demo' }, _count: { _all: true }, _max: { receivedAt: true } });
  return { count: r._count._all, newest: r._max.receivedAt };
}

export async function runDemo(store: Store, config: Config, options: DemoOptions): Promise<DemoResult> {
  const now = options.now ?? new Date();
  const say = options.say ?? (() => {});
  const tz = config.FRONTLINE_TIMEZONE;
  const before = await storedDemo(store);
  let added = 0;
  let week: IsoWeek;
  if (before.count > 0 && before.newest) {
    // Reuse what is there, dated as when it was loaded; its week 0 is the demo week.
    week = weekOf(before.newest, tz);
    say(`The demo sample is already loaded (${before.count} items); showing its week, ${formatWeek(week)}.`);
  } else {
    const items = readSample(options.samplePath ?? DEMO_SAMPLE_PATH);
    say(`Loading the demo sample: ${items.length} feedback items over 5 weeks, from branches and the contact centre…`);
    const started = performance.now();
    // One batch is one transaction (importRows batches 500): the sample is loaded whole or not at all.
    const summary = await importRows(store, config, toAsync(sampleRecords(items, now, tz)), () => {}, 'demo', () => now);
    added = summary.added;
    week = demoWeek(now, tz);
    say(`Redacted, triaged and clustered ${summary.added} items in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }
  const preview = await buildDigestPreview(store, config, {
    week,
    now,
    colour: options.colour ?? false,
    labelName: taxonomyLabelNamer(config, options.cwd),
  });
  const jsonPath = resolve(options.cwd, DEMO_JSON);
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ week: preview.week, payloads: preview.payloads }, null, 2) + '\n');
  const after = await storedDemo(store);
  return { loaded: added > 0, added, items: after.count, week, preview, jsonPath: relative(options.cwd, jsonPath) || jsonPath };
}

async function* toAsync<T>(values: Iterable<T>): AsyncGenerator<T> {
  yield* values;
}

export function connectGuidance(config: Pick<Config, 'FRONTLINE_DIGEST_SCHEDULE' | 'FRONTLINE_TIMEZONE'>): string {
  return `To connect Frontline to a real Slack workspace:
  1. Create an app at https://api.slack.com/apps → "From a manifest", and paste manifest.yml from this folder.
  2. Install it to the workspace, then put its tokens in .env (see .env.example):
       SLACK_BOT_TOKEN=xoxb-…       (OAuth & Permissions)
       SLACK_APP_TOKEN=xapp-…       (Socket Mode: no inbound URL needed), or
       SLACK_SIGNING_SECRET=…       (HTTP mode, served on PORT at /slack/events)
  3. Name who may manage it: FRONTLINE_ADMINS=U… and FRONTLINE_PMS=U…
  4. Run \`npm start\` again, then in a channel: /feedback digest here   (or set FRONTLINE_DIGEST_CHANNELS)
The digest posts every ${config.FRONTLINE_DIGEST_SCHEDULE} (${config.FRONTLINE_TIMEZONE}) and catches up on start if the bot was down.
Try the CLI meanwhile: npx frontline --help · npx frontline digest --preview --week <week> · npx frontline items
`;
}
