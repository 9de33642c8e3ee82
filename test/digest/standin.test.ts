// Exactly-once posting against the local Slack stand-in, over real HTTP,
// through the real rate-limited client (src/slack/client.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestPoster } from '../../src/digest/post.js';
import { startDigestScheduler } from '../../src/digest/scheduler.js';
import { createDigestService } from '../../src/digest/service.js';
import { digestSlackFromApi } from '../../src/digest/slack-adapter.js';
import { createLogger } from '../../src/log.js';
import type { DigestMessage } from '../../src/slack/blocks/digest.js';
import { SlackApi } from '../../src/slack/client.js';
import { startFakeSlack, type FakeSlack, type RecordedCall } from '../support/slack-standin/index.js';
import { addCluster, addItems, tempStore, testConfig } from './support.js';

const log = createLogger('silent');
const LEASE = 60_000;
let env: Awaited<ReturnType<typeof tempStore>>;
let slack: FakeSlack;
let apis: SlackApi[];

function api(): SlackApi {
  const a = new SlackApi({ token: 'xoxb-test-token', apiUrl: slack.apiUrl, log, postMessagePerChannelMs: 1, transientRetries: 0 });
  apis.push(a);
  return a;
}

beforeEach(async () => {
  env = await tempStore();
  slack = await startFakeSlack();
  apis = [];
});
afterEach(async () => {
  await Promise.all(apis.map((a) => a.stop()));
  await slack.close();
  await env.cleanup();
});

const accepted = (calls: RecordedCall[]) => calls.filter((c) => c.status === 200);
const topLevel = (calls: RecordedCall[], channel: string) => accepted(calls).filter((c) => c.args.channel === channel && !c.args.thread_ts);

describe('digest posting against the Slack stand-in', () => {
  it('a crash between claim and post, then a restart, gives exactly one digest message per subscription', async () => {
    const config = testConfig({ FRONTLINE_DIGEST_CHANNELS: 'CAAA1,CBBB2:cards' });
    const cluster = await addCluster(env.store, { title: 'Card declined abroad', product: 'cards', issue: 'card_declined' });
    await addItems(env.store, cluster, { at: new Date('2026-11-18T02:00:00Z'), count: 3 });
    let clock = new Date('2026-11-23T00:30:00Z'); // Monday 08:30 in Taipei: W47's slot is at 09:00
    const now = () => clock;
    // The first process claimed CAAA1's W47 digest at 09:00 and died before Slack saw anything.
    clock = new Date('2026-11-23T01:00:00Z');
    await env.store.prisma.digestPost.create({
      data: { week: '2026-W47', channelId: 'CAAA1', idempotencyKey: 'digest:2026-W47:CAAA1', claimedBy: 'dead-process', claimedAt: clock },
    });
    // Restarted after the lease ran out: it catches up on the missed slot.
    clock = new Date(clock.getTime() + LEASE + 1000);
    const restarted = startDigestScheduler({ store: env.store, config, poster: new DigestPoster(env.store.prisma, digestSlackFromApi(api()), { now, leaseMs: LEASE }), log, now });
    await restarted.ready;
    await restarted.stop();
    // And a second instance, or another restart, posts nothing more.
    const again = startDigestScheduler({ store: env.store, config, poster: new DigestPoster(env.store.prisma, digestSlackFromApi(api()), { now, leaseMs: LEASE }), log, now });
    await again.ready;
    await again.stop();

    const posts = slack.callsTo('chat.postMessage');
    expect(topLevel(posts, 'CAAA1')).toHaveLength(1);
    expect(topLevel(posts, 'CBBB2')).toHaveLength(1);
    expect(String(topLevel(posts, 'CAAA1')[0]!.args.text)).toContain('2026-W47');
    const records = await env.store.prisma.digestPost.findMany({ orderBy: { channelId: 'asc' } });
    expect(records.map((r) => [r.channelId, r.status])).toEqual([['CAAA1', 'posted'], ['CBBB2', 'posted']]);
  });

  it('a 429 on the third of five messages still delivers all five, in order, once each', async () => {
    const messages: DigestMessage[] = Array.from({ length: 5 }, (_, i) => ({
      text: `part ${i + 1}`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `part ${i + 1}` } }],
      part: i + 1,
      parts: 5,
    }));
    slack.script(
      'chat.postMessage',
      { body: { ok: true, channel: 'CDIGEST1', ts: '1700000100.000001' } },
      { body: { ok: true, channel: 'CDIGEST1', ts: '1700000100.000002' } },
      { rateLimited: 1 },
    );
    const poster = new DigestPoster(env.store.prisma, digestSlackFromApi(api()));
    const result = await poster.post({ week: '2026-W47', channelId: 'CDIGEST1', messages });
    expect(result.outcome).toBe('posted');

    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([200, 200, 429, 200, 200, 200]);
    expect(accepted(posts).map((c) => c.args.text)).toEqual(['part 1', 'part 2', 'part 3', 'part 4', 'part 5']);
    // Parts 2–5 are replies in the thread of part 1.
    expect(accepted(posts).slice(1).every((c) => c.args.thread_ts === '1700000100.000001')).toBe(true);
    // A second post of the same digest sends nothing.
    expect((await poster.post({ week: '2026-W47', channelId: 'CDIGEST1', messages })).outcome).toBe('already_posted');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(6);
  });

  it('the bot\'s digest service catches up on start when it was down at the scheduled time', async () => {
    const config = testConfig({ FRONTLINE_DIGEST_CHANNELS: 'CAAA1@zh-TW', FRONTLINE_DIGEST_SCHEDULE: 'MON 09:00' });
    const cluster = await addCluster(env.store, { title: 'OTP SMS not arriving', product: 'digital_channels', issue: 'login_otp' });
    await addItems(env.store, cluster, { at: new Date('2026-11-18T02:00:00Z'), count: 2 });
    const service = createDigestService({ store: env.store, config, api: api(), log, now: () => new Date('2026-11-24T05:00:00Z') });
    await service.start().ready;
    await service.stop();
    const posts = accepted(slack.callsTo('chat.postMessage'));
    expect(posts).toHaveLength(1);
    expect(String(posts[0]!.args.text)).toContain('2026-W47');
    expect(JSON.stringify(posts[0]!.args.blocks)).toContain('每週摘要');
  });
});
