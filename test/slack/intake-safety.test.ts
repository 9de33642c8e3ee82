// What must never go wrong at the door: unsigned, forged or stale requests are
// refused and store nothing; retries and duplicate deliveries create nothing;
// malformed payloads get a clear rejection without crashing; huge and
// emoji-only messages are handled; a 429 is waited out without double posts;
// work that fails after the ack is kept and retried from the database; a
// shutdown finishes acknowledged work.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/client.js';
import { runFrontline } from '../support/cli.js';
import { appMention, eventCallback, messageEvent, slackSignature, slashCommand } from '../support/slack-standin/index.js';
import { failing, SECRET, startHarness, type Harness } from './intake-harness.js';

describe('the door', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());
  beforeEach(() => h.slack.reset());
  const count = () => h.app.store.prisma.feedbackItem.count();

  it('refuses forged, unsigned and stale requests and stores nothing', async () => {
    const before = await count();
    const body = new URLSearchParams(slashCommand({ text: 'forged feedback' })).toString();
    const contentType = 'application/x-www-form-urlencoded';
    const now = Math.floor(Date.now() / 1000);
    const forged = await h.client.raw({ body, contentType, signature: slackSignature('ffffffffffffffffffffffffffffffff', now, body) });
    const unsigned = await h.client.raw({ body, contentType, signature: null });
    const stale = await h.client.raw({ body, contentType, timestamp: now - 6 * 60 });
    const tampered = await h.client.raw({ body: `${body}x`, contentType, signature: slackSignature(SECRET, now, body) });
    const event = await h.client.event(eventCallback(messageEvent({ channel: 'D0DMREPORT', user: 'U0REPORTER', text: 'stale event' })), { timestamp: now - 6 * 60 });
    for (const res of [forged, unsigned, stale, tampered, event]) expect(res.status).toBe(401);
    await h.idle();
    expect(await count()).toBe(before);
    expect(h.slack.calls).toEqual([]);
  });

  it('Slack retries (X-Slack-Retry-Num) and duplicate event ids create nothing new', async () => {
    const envelope = eventCallback(messageEvent({ channel: 'D0DMREPORT', user: 'U0REPORTER', text: 'The card reader at the branch rejects contactless cards' }));
    const before = await count();
    expect((await h.client.event(envelope)).status).toBe(200);
    expect((await h.client.event(envelope, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    expect((await h.client.event(envelope, { retryNum: 2, retryReason: 'http_error' })).status).toBe(200);
    expect((await h.client.event(envelope)).status).toBe(200);
    await h.idle();
    expect(await count()).toBe(before + 1);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    // A slash command sent twice with the same trigger is one item too.
    const command = slashCommand({ text: 'Queue ticket machine out of paper', response_url: h.slack.responseUrl() });
    await h.client.command(command);
    await h.client.command(command);
    await h.idle();
    expect(await count()).toBe(before + 2);
  });

  it('rejects malformed payloads clearly and keeps serving', async () => {
    const before = await count();
    const bad = [
      await h.client.raw({ body: '{"type":"event_callback",', contentType: 'application/json' }),
      await h.client.raw({ body: 'payload=%7Bnot-json', contentType: 'application/x-www-form-urlencoded' }),
      await h.client.raw({ body: JSON.stringify({ type: 'event_callback', event: { type: 'message' } }), contentType: 'application/json' }),
      await h.client.raw({ body: JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: 'message' }), contentType: 'application/json' }),
      await h.client.raw({ body: JSON.stringify([1, 2, 3]), contentType: 'application/json' }),
      await h.client.raw({ body: 'command=%2Ffeedback&text=hi', contentType: 'application/x-www-form-urlencoded' }),
      await h.client.raw({ body: `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', user: { id: 'U1' } }))}`, contentType: 'application/x-www-form-urlencoded' }),
      await h.client.raw({ body: JSON.stringify({ type: 'something_new' }), contentType: 'application/json' }),
    ];
    for (const res of bad) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    // Slack's own control messages are answered, not rejected.
    const challenge = await h.client.raw({ body: JSON.stringify({ type: 'url_verification', token: 't', challenge: 'c-123' }), contentType: 'application/json' });
    expect(challenge.status).toBe(200);
    expect(challenge.text).toContain('c-123');
    const limited = await h.client.raw({ body: JSON.stringify({ type: 'app_rate_limited', token: 't', team_id: 'T0TEST0001', minute_rate_limited: 1518467820, api_app_id: 'A0FRONTLINE' }), contentType: 'application/json' });
    expect(limited.status).toBe(200);
    expect(bad[2]!.json).toMatchObject({ ok: false, error: 'malformed_payload', detail: 'event_callback without event_id' });
    // An event whose fields are odd but well-formed is acknowledged and ignored.
    expect((await h.client.event(eventCallback({ type: 'message', channel: 'D0DMREPORT' }))).status).toBe(200);
    expect((await h.client.event(eventCallback({ type: 'reaction_added', user: 'U1', reaction: 'inbox_tray', item: { type: 'file' } }))).status).toBe(200);
    await h.idle();
    expect(await count()).toBe(before);
    expect((await h.client.get('/healthz')).json).toMatchObject({ ok: true, mode: 'http' });
    expect((await h.client.command(slashCommand({ text: 'Still works after the junk', response_url: h.slack.responseUrl() }))).status).toBe(200);
    await h.idle();
    expect(await count()).toBe(before + 1);
  });

  it('handles a 100 KB message and emoji-only text', async () => {
    const before = await count();
    const big = 'The statement PDF will not open on older phones. '.repeat(2100).slice(0, 100_000);
    await h.client.event(eventCallback(messageEvent({ channel: 'D0DMREPORT', user: 'U0REPORTER', text: big })));
    await h.client.event(eventCallback(messageEvent({ channel: 'D0DMREPORT', user: 'U0REPORTER', text: '😡😡😡 :rage: :rage:' })));
    await h.idle();
    expect(await count()).toBe(before + 2);
    const [emoji, huge] = await h.app.store.prisma.feedbackItem.findMany({ orderBy: { id: 'desc' }, take: 2 });
    expect(huge!.text.length).toBeGreaterThan(90_000);
    expect(emoji!.text).toBe('😡😡😡 :rage: :rage:');
    expect(emoji!.unclassified).toBe(true);
    const posts = h.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    for (const post of posts) expect(JSON.stringify(post.args.blocks).length).toBeLessThan(4000);
  });

  it('waits out a 429 with Retry-After and posts once', async () => {
    h.slack.script('chat.postEphemeral', { rateLimited: 1 });
    await h.client.event(eventCallback(appMention({ channel: 'C0GENERAL', text: '<@U0FRONTBOT> loan calculator shows the wrong rate' })));
    await h.idle();
    const calls = h.slack.callsTo('chat.postEphemeral');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('keeps an item whose processing failed after the ack, shows it in `items --failed`, and retries it from the database', async () => {
    failing.on = true;
    await h.client.command(slashCommand({ text: 'FAIL-TRIAGE the QR payment fails for tourists', response_url: h.slack.responseUrl('f') }));
    await h.idle();
    const item = await h.app.store.prisma.feedbackItem.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(item).toMatchObject({ status: 'failed', lastError: 'classifier exploded (test)' });
    expect(JSON.stringify(h.slack.callsTo('response_url')[0]?.args.blocks)).toContain('will be retried');
    const logged = h.logs.find((l) => l.msg === 'triage failed; storing the item redacted for a retry');
    expect(logged).toMatchObject({ level: 50, intakeKey: expect.any(String) });
    expect(JSON.stringify(h.logs)).not.toContain('tourists');

    const env = { DATABASE_URL: `file:${join(h.dir, 'frontline.db')}` };
    const listed = JSON.parse((await runFrontline(['items', '--failed', '--json'], env, h.dir)).stdout) as { id: number; status: string }[];
    expect(listed.map((i) => [i.id, i.status])).toEqual([[item.id, 'failed']]);

    expect(await h.app.retryFailed()).toEqual({ retried: 1, recovered: 0, stillFailing: 1 });
    failing.on = false;
    expect(await h.app.retryFailed()).toEqual({ retried: 1, recovered: 1, stillFailing: 0 });
    const fixed = await h.app.store.prisma.feedbackItem.findUniqueOrThrow({ where: { id: item.id }, include: { tags: true } });
    expect(fixed).toMatchObject({ status: 'triaged', lastError: null, attempts: 3 });
    expect(fixed.tags.map((t) => t.label).sort()).toEqual(['payments_transfers', 'transaction_failed']);
    expect(JSON.parse((await runFrontline(['items', '--failed', '--json'], env, h.dir)).stdout)).toEqual([]);
  });
});

describe('a database write that fails after the ack', () => {
  it('keeps the item as failed (redacted) and retries it from the database', async () => {
    const h = await startHarness();
    try {
      failing.on = true;
      await h.client.command(slashCommand({ text: 'FAIL-WRITE app crashes on card 4111 1111 1111 1111 activation', response_url: h.slack.responseUrl('w') }));
      await h.idle();
      const item = await h.app.store.prisma.feedbackItem.findFirstOrThrow({ include: { tags: true } });
      expect(item.status).toBe('failed');
      expect(item.lastError).toMatch(/Unique constraint|UNIQUE/i);
      expect(item.text).not.toContain('4111');
      expect(item.tags).toEqual([]);
      expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'filing failed; keeping the item as failed for a retry', level: 50 }));
      expect(JSON.stringify(h.slack.callsTo('response_url')[0]?.args.blocks)).toContain('will be retried');
      failing.on = false;
      expect(await h.app.retryFailed()).toMatchObject({ recovered: 1 });
      expect(await h.app.store.prisma.feedbackItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: 'triaged', lastError: null });
    } finally {
      failing.on = true;
      await h.close();
    }
  });
});

describe('shutdown', () => {
  it('stops taking requests and finishes the acknowledged work', async () => {
    const h = await startHarness();
    const path = join(h.dir, 'frontline.db');
    const sends = Array.from({ length: 25 }, (_, i) => h.client.command(slashCommand({ text: `Shutdown test feedback number ${i}`, response_url: h.slack.responseUrl() })));
    const acks = await Promise.all(sends);
    expect(acks.every((a) => a.status === 200)).toBe(true);
    await h.app.stop('SIGTERM');
    await expect(h.client.command(slashCommand({ text: 'after stop' }))).rejects.toThrow();
    const store = await openStore(`file:${path}`);
    try {
      expect(await store.prisma.feedbackItem.count()).toBe(25);
    } finally {
      await store.close();
      await h.close();
    }
  });
});
