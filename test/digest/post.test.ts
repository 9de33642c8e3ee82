import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestPoster, DIGEST_EVENT_TYPE } from '../../src/digest/post.js';
import { startDigestScheduler } from '../../src/digest/scheduler.js';
import type { DigestMessage } from '../../src/slack/blocks/digest.js';
import { openStore, type Store } from '../../src/store/client.js';
import { createLogger } from '../../src/log.js';
import { FakeSlack } from './fake-slack.js';
import { tempStore, testConfig } from './support.js';
import { join } from 'node:path';

const week = '2026-W47';
const LEASE = 60_000;
let env: Awaited<ReturnType<typeof tempStore>>;
let store: Store;
let clock: Date;
const now = () => clock;

function messages(n: number): DigestMessage[] {
  return Array.from({ length: n }, (_, i) => ({ text: `part ${i + 1}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `part ${i + 1}` } }], part: i + 1, parts: n }));
}

beforeEach(async () => {
  env = await tempStore();
  store = env.store;
  clock = new Date('2026-11-23T01:00:00Z');
});
afterEach(async () => env.cleanup());

describe('DigestPoster', () => {
  it('posts a digest once: a second run finds it already posted', async () => {
    const slack = new FakeSlack(now);
    const poster = new DigestPoster(store.prisma, slack, { now, leaseMs: LEASE });
    const first = await poster.post({ week, channelId: 'C1', messages: messages(3) });
    expect(first.outcome).toBe('posted');
    const again = await poster.post({ week, channelId: 'C1', messages: messages(3) });
    expect(again.outcome).toBe('already_posted');
    expect(slack.messages.map((m) => m.text)).toEqual(['part 1', 'part 2', 'part 3']);
    // Parts after the first are replies in its thread, and every part carries the idempotency key.
    expect(slack.messages.slice(1).every((m) => m.thread_ts === slack.messages[0]!.ts)).toBe(true);
    expect(slack.messages[0]!.metadata).toMatchObject({ event_type: DIGEST_EVENT_TYPE, event_payload: { key: 'digest:2026-W47:C1', part: 1, parts: 3 } });
    const record = await store.prisma.digestPost.findUniqueOrThrow({ where: { idempotencyKey: 'digest:2026-W47:C1' } });
    expect(record.status).toBe('posted');
    expect(JSON.parse(record.messageTsList)).toEqual(slack.messages.map((m) => m.ts));
  });

  it('posts again only with force, under a key of its own', async () => {
    const slack = new FakeSlack(now);
    const poster = new DigestPoster(store.prisma, slack, { now });
    await poster.post({ week, channelId: 'C1', messages: messages(1) });
    const forced = await poster.post({ week, channelId: 'C1', messages: messages(1), force: true });
    expect(forced.outcome).toBe('posted');
    expect(slack.messages).toHaveLength(2);
  });

  it('two instances at once post one digest', async () => {
    const other = await openStore(`file:${join(env.dir, 'x.db')}`, env.dir);
    try {
      const slack = new FakeSlack(now);
      const a = new DigestPoster(store.prisma, slack, { now, instanceId: 'a' });
      const b = new DigestPoster(other.prisma, slack, { now, instanceId: 'b' });
      const results = await Promise.all([a.post({ week, channelId: 'C1', messages: messages(2) }), b.post({ week, channelId: 'C1', messages: messages(2) })]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['busy', 'posted']);
      expect(slack.messages.map((m) => m.text)).toEqual(['part 1', 'part 2']);
    } finally {
      await other.close();
    }
  });

  it('a crash after Slack accepted a part but before the database recorded it is not posted twice', async () => {
    const slack = new FakeSlack(now);
    slack.crashAfterAccepted = 2;
    const dead = new DigestPoster(store.prisma, slack, { now, instanceId: 'dead', leaseMs: LEASE });
    await expect(dead.post({ week, channelId: 'C1', messages: messages(5) })).rejects.toThrow('process crashed');
    // A real crash never runs the catch handler: the claim stays 'claimed' with part 1 recorded.
    await store.prisma.digestPost.update({ where: { idempotencyKey: 'digest:2026-W47:C1' }, data: { status: 'claimed' } });

    const restarted = new DigestPoster(store.prisma, slack, { now, instanceId: 'new', leaseMs: LEASE });
    expect((await restarted.post({ week, channelId: 'C1', messages: messages(5) })).outcome).toBe('busy');
    clock = new Date(clock.getTime() + LEASE + 1);
    const result = await restarted.post({ week, channelId: 'C1', messages: messages(5) });
    expect(result).toMatchObject({ outcome: 'posted', tookOver: true });
    expect(slack.messages.map((m) => m.text)).toEqual(['part 1', 'part 2', 'part 3', 'part 4', 'part 5']);
  });

  it('a rate-limit failure on the third of five messages resumes: all five once, in order', async () => {
    const slack = new FakeSlack(now);
    slack.rateLimitedCalls.add(3);
    const poster = new DigestPoster(store.prisma, slack, { now });
    await expect(poster.post({ week, channelId: 'C1', messages: messages(5) })).rejects.toThrow(/ratelimited/);
    const retried = await poster.post({ week, channelId: 'C1', messages: messages(5) });
    expect(retried.outcome).toBe('posted');
    expect(slack.messages.map((m) => m.text)).toEqual(['part 1', 'part 2', 'part 3', 'part 4', 'part 5']);
    expect(new Set(slack.messages.slice(1).map((m) => m.thread_ts))).toEqual(new Set([slack.messages[0]!.ts]));
  });
});

describe('startDigestScheduler', () => {
  it('catches up on start: a crash between claim and post, then a restart, gives exactly one digest per subscription', async () => {
    const config = testConfig({ FRONTLINE_DIGEST_CHANNELS: 'CAAA1,CBBB2:cards' });
    const slack = new FakeSlack(now);
    // The previous process claimed CAAA1's digest for W47 and died before posting.
    await store.prisma.digestPost.create({
      data: { week, channelId: 'CAAA1', idempotencyKey: 'digest:2026-W47:CAAA1', claimedBy: 'dead', claimedAt: new Date(clock.getTime() - 2 * LEASE) },
    });
    clock = new Date('2026-11-25T03:00:00Z'); // Wednesday: Monday's slot was missed
    const log = createLogger('silent');
    const scheduler = startDigestScheduler({ store, config, poster: new DigestPoster(store.prisma, slack, { now, leaseMs: LEASE }), log, now });
    await scheduler.ready;
    await scheduler.stop();
    // A second instance starting later changes nothing.
    const second = startDigestScheduler({ store, config, poster: new DigestPoster(store.prisma, slack, { now, leaseMs: LEASE }), log, now });
    await second.ready;
    await second.stop();
    expect(slack.in('CAAA1').filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(slack.in('CBBB2').filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(slack.messages[0]!.text).toContain('2026-W47');
    const records = await store.prisma.digestPost.findMany({ orderBy: { channelId: 'asc' } });
    expect(records.map((r) => [r.channelId, r.status])).toEqual([['CAAA1', 'posted'], ['CBBB2', 'posted']]);
  });
});
