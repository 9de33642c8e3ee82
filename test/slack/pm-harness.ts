// Runs the real Bolt app (HTTP mode, signed requests) with the PM actions
// wired, against the local Slack stand-in and a fresh SQLite database. Tests
// seed clusters, post a digest-like message into the fake channel, click and
// submit exactly as Slack would, then read the database and the recorded calls.
import { createLogger } from '../../src/log.js';
import { loadConfig, type Config } from '../../src/config.js';
import { SlackApi } from '../../src/slack/client.js';
import { createSlackApp, type SlackRuntime } from '../../src/slack/app.js';
import { memoryEventLog, memoryWatchList, type SlackDeps } from '../../src/slack/deps.js';
import { pmService } from '../../src/slack/actions/index.js';
import type { PmFlowDeps } from '../../src/actions/flows/port.js';
import { ClusterStore } from '../../src/store/clusters.js';
import { normalize } from '../../src/triage/normalize.js';
import { ACTION_IDS } from '../../src/slack/blocks/digest.js';
import { blockAction, SignedSlackClient, startFakeSlack, messageTs, type FakeSlack } from '../support/slack-standin/index.js';
import { ADMIN, NOW, PM, PM2, testDb, type TestDb } from '../actions/support.js';

export const SECRET = 'pm-actions-signing-secret';
export const DIGEST_CHANNEL = 'C0DIGEST01';
export const WEEK = '2026-W48';

export interface PmHarness {
  db: TestDb;
  slack: FakeSlack;
  client: SignedSlackClient;
  runtime: SlackRuntime;
  pm: PmFlowDeps;
  config: Config;
  /** Waits until every acknowledged piece of work is done. */
  settle(): Promise<void>;
  /** A digest message with one cluster section + action row per cluster; returns its ts. */
  postDigest(clusters: { id: number; title: string }[]): string;
  /** Clicks one of a digest message's cluster buttons as `user`. */
  clickCluster(user: string, button: keyof typeof ACTION_IDS, clusterId: number, digestTs: string, value?: string): Promise<void>;
  close(): Promise<void>;
}

/** `seed` runs on the fresh database before the cluster store loads it. */
export async function startPmHarness(seed: (db: TestDb) => Promise<void> = async () => {}, env: Record<string, string> = {}): Promise<PmHarness> {
  const db = await testDb();
  await seed(db);
  const slack = await startFakeSlack();
  const log = createLogger('silent');
  const config = loadConfig({ FRONTLINE_TIMEZONE: 'Asia/Taipei', FRONTLINE_ADMINS: ADMIN, FRONTLINE_PMS: `${PM},${PM2}`, DATABASE_URL: db.url, ...env }, db.dir);
  const api = new SlackApi({ token: 'xoxb-test', apiUrl: slack.apiUrl, log, transientRetries: 0, postMessagePerChannelMs: 0, perMinute: Object.fromEntries(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'views.open', 'views.publish', 'conversations.history'].map((m) => [m, 100_000])) });
  const clusters = await ClusterStore.load(db.store.prisma, (text) => {
    const n = normalize(text);
    return { folded: n.folded, tokens: n.tokens, concepts: [] };
  });
  const pm = pmService({ store: db.store, config, api, clusters, now: () => NOW, classifierCacheDir: false });
  const deps = {
    api,
    intake: { file: () => Promise.reject(new Error('not in these tests')), edit: async () => {}, erase: async () => {}, addContext: async () => {} },
    events: memoryEventLog(),
    watchList: memoryWatchList(),
    settings: { captureEmoji: 'inbox_tray', allowExternalChannels: false, admins: [ADMIN], products: [] },
    log,
    now: () => NOW,
    pm,
  } as SlackDeps;
  const runtime = await createSlackApp(deps, { botToken: 'xoxb-test', signingSecret: SECRET, port: 0, host: '127.0.0.1' });
  const { port } = await runtime.start();
  const client = new SignedSlackClient(`http://127.0.0.1:${port}`, SECRET);
  const messages = new Map<string, Record<string, unknown>[]>();

  return {
    db,
    slack,
    client,
    runtime,
    pm,
    config,
    settle: () => runtime.idle(),
    postDigest(list) {
      const ts = messageTs();
      const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: `Customer feedback · ${WEEK}` } }];
      for (const c of list) {
        const value = JSON.stringify({ clusterId: c.id, week: WEEK });
        blocks.push({ type: 'section', block_id: `cluster:${c.id}`, text: { type: 'mrkdwn', text: `*${c.title}*\n\`cards\`\n12 reports · 4 branches · ▲ 3× last week` } });
        blocks.push({
          type: 'actions',
          block_id: `cluster_actions:${c.id}`,
          elements: (Object.keys(ACTION_IDS) as (keyof typeof ACTION_IDS)[]).map((k) => ({ type: 'button', action_id: ACTION_IDS[k], text: { type: 'plain_text', text: k }, value })),
        });
      }
      slack.addMessage(DIGEST_CHANNEL, { ts, text: `Customer feedback · ${WEEK}`, user: 'U0FRONTBOT', bot_id: 'B0FRONTBOT', blocks });
      messages.set(ts, blocks);
      return ts;
    },
    async clickCluster(user, button, clusterId, digestTs, value) {
      const payload = blockAction({ action_id: ACTION_IDS[button], value: value ?? JSON.stringify({ clusterId, week: WEEK }), user, channel: DIGEST_CHANNEL, message_ts: digestTs, container: { type: 'message', message_ts: digestTs, channel_id: DIGEST_CHANNEL, is_ephemeral: false } });
      const res = await client.interactive({ ...payload, message: { type: 'message', ts: digestTs, text: 'digest', blocks: messages.get(digestTs) ?? [] } });
      if (res.status !== 200) throw new Error(`click answered HTTP ${res.status}`);
      await runtime.idle();
    },
    async close() {
      await runtime.stop();
      await slack.close();
      await db.cleanup();
    },
  };
}

/** The view_submission `state.values` for the PM modals (every input's action_id is `value`). */
export const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
export const select = (value: string) => ({ value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } });
export const external = (value: string) => ({ value: { type: 'external_select', selected_option: { text: { type: 'plain_text', text: value }, value } } });
export const user = (id: string | null) => ({ value: { type: 'users_select', selected_user: id } });
