// Nothing a user sent is lost on a crash: every surface stores the item
// (redacted, `pending`) before Slack is acknowledged. Here the first app
// instance acknowledges and then hangs before processing (its pipeline is
// stuck, as if killed); a fresh instance on the same database completes the
// items at start-up (tags, cluster) and confirms each reporter once. When the
// stuck instance wakes up, it sends nothing more and stores nothing twice.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runSlackApp, type RunningSlackApp } from '../../src/slack/run.js';
import { listItems } from '../../src/store/items.js';
import { eventCallback, messageEvent, messageShortcut, messageTs, reactionAdded, slashCommand } from '../support/slack-standin/index.js';
import { SignedSlackClient, type RecordedCall } from '../support/slack-standin/index.js';
import { BUILD_TIMEOUT } from '../support/timeouts.js';
import { scriptedTriager, SECRET, startHarness, type Harness } from './intake-harness.js';

/** A second app process on the harness's database and stand-in (the restart). */
async function restartOn(h: Harness): Promise<RunningSlackApp> {
  const log = pino({ level: 'info' }, new Writable({ write: (_chunk, _enc, done) => done() }));
  return runSlackApp(h.config, log, {
    cwd: h.dir,
    handleSignals: false,
    host: '127.0.0.1',
    retryEveryMs: 3_600_000,
    api: { perMinute: { 'chat.postMessage': 100_000, 'chat.postEphemeral': 100_000, 'chat.getPermalink': 100_000 }, postMessagePerChannelMs: 0, transientRetries: 0 },
    wrapTriager: scriptedTriager,
  });
}

/** Messages that told a reporter about item `id` ("Filed as item #id"), by any route. */
function confirmationsOf(h: Harness, id: number): RecordedCall[] {
  const calls = [...h.slack.callsTo('response_url'), ...h.slack.callsTo('chat.postEphemeral'), ...h.slack.callsTo('chat.postMessage')];
  return calls.filter((c) => JSON.stringify(c.args).includes(`item *#${id}*`));
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i += 1) await new Promise((r) => setTimeout(r, 25));
}

describe('a crash between the ack and the processing', () => {
  it('keeps the redacted item pending; after a restart it is completed and confirmed exactly once', async () => {
    const h = await startHarness();
    let restarted: RunningSlackApp | undefined;
    let wake!: () => void;
    try {
      // The first instance's pipeline hangs: nothing acknowledged from now on gets processed.
      void h.app.intake.pipeline.exclusive(() => new Promise<void>((resolve) => (wake = resolve)));

      const command = await h.client.command(
        slashCommand({ text: 'QR payment fails at the counter, customer card 4111 1111 1111 1111', user_id: 'U0REPORT01', response_url: h.slack.responseUrl('first') }),
      );
      const dm = await h.client.event(eventCallback(messageEvent({ channel: 'D0DIRECT01', user: 'U0REPORT02', ts: messageTs(), text: 'QR payment fails at the counter again this morning' })));
      expect([command.status, dm.status]).toEqual([200, 200]);

      const pending = await listItems(h.app.store.prisma, { limit: 10 });
      expect(pending.map((i) => [i.source, i.status, i.tags.length, i.cluster_id]).sort()).toEqual([
        ['dm', 'pending', 0, null],
        ['slash_command', 'pending', 0, null],
      ]);
      const filed = pending.find((i) => i.source === 'slash_command')!;
      expect(filed.text).not.toContain('4111');
      expect(filed.redactions).toMatchObject({ card: 1 });
      expect(await listItems(h.app.store.prisma, { limit: 10, failedOnly: true })).toEqual([]);
      expect(h.slack.callsTo('response_url')).toEqual([]);

      // The crash happened a while ago; a fresh instance starts on the same database.
      await h.app.store.prisma.feedbackItem.updateMany({ data: { updatedAt: new Date(Date.now() - 60_000) } });
      restarted = await restartOn(h);
      const prisma = restarted.store.prisma;
      await until(async () => (await prisma.feedbackItem.count({ where: { confirmedAt: null } })) === 0 && pending.every((i) => confirmationsOf(h, i.id).length > 0));

      const items = await prisma.feedbackItem.findMany({ include: { tags: true }, orderBy: { id: 'asc' } });
      expect(items).toHaveLength(2);
      for (const item of items) {
        expect(item.status).toBe('triaged');
        expect(item.attempts).toBe(1);
        expect(item.clusterId).not.toBeNull();
        expect(item.tags.map((t) => t.label)).toEqual(expect.arrayContaining(['payments_transfers', 'transaction_failed']));
      }
      expect(items[0]!.clusterId).toBe(items[1]!.clusterId);
      const [first, second] = [confirmationsOf(h, filed.id), confirmationsOf(h, pending.find((i) => i.source === 'dm')!.id)];
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ method: 'chat.postEphemeral', args: { channel: 'C0FEEDBACK', user: 'U0REPORT01' } });
      expect(second).toHaveLength(1);
      expect(second[0]).toMatchObject({ method: 'chat.postMessage', args: { channel: 'D0DIRECT01' } });
      // The reporter whose card number was removed is told so, once.
      expect(h.slack.callsTo('chat.postEphemeral').filter((c) => JSON.stringify(c.args).includes('card numbers'))).toHaveLength(1);

      // Another retry pass finds nothing to do and sends nothing.
      expect(await restarted.retryFailed()).toEqual({ retried: 0, recovered: 0, stillFailing: 0 });

      // The stuck first instance wakes up: it finds the items processed and confirmed.
      wake();
      await h.idle();
      expect(await prisma.feedbackItem.count()).toBe(2);
      expect(confirmationsOf(h, filed.id)).toHaveLength(1);
      expect(h.slack.callsTo('response_url')).toEqual([]);
    } finally {
      wake?.();
      await restarted?.stop('test');
      await h.close();
    }
  }, BUILD_TIMEOUT);

  it('a Slack retry of an event whose item was written ahead creates nothing new', async () => {
    const h = await startHarness();
    try {
      const envelope = eventCallback(messageEvent({ channel: 'D0DIRECT02', user: 'U0REPORT03', ts: messageTs(), text: 'The app logs me out when I switch to the QR screen' }));
      await h.client.event(envelope);
      await h.client.event(envelope, { retryNum: 1, retryReason: 'http_timeout' });
      await h.idle();
      const items = await h.app.store.prisma.feedbackItem.findMany();
      expect(items.map((i) => [i.status, i.lastError, i.confirmedAt !== null])).toEqual([['triaged', null, true]]);
      expect(confirmationsOf(h, items[0]!.id)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('a reaction whose message was not read yet when the app stopped is read, filed and confirmed once after the restart', async () => {
    const h = await startHarness();
    let restarted: RunningSlackApp | undefined;
    try {
      const ts = messageTs();
      h.slack.addMessage('C0GENERAL', { ts, text: 'Passbook printer jams again, customer card 4111 1111 1111 1111', user: 'U0AUTHOR09' });
      // The first instance stalls reading the message (as if killed right after the ack).
      h.slack.script('conversations.history', { delayMs: 2_000 });
      const res = await h.client.event(eventCallback(reactionAdded({ channel: 'C0GENERAL', ts, reaction: 'inbox_tray', user: 'U0REACTOR9' })));
      expect(res.status).toBe(200);
      // Acknowledged with the message's place stored, before its text was read.
      const placed = await h.app.store.prisma.feedbackItem.findMany();
      expect(placed.map((i) => [i.source, i.status, i.text, i.slackChannelId, i.slackMessageTs, i.reporterId])).toEqual([
        ['reaction', 'awaiting_text', '', 'C0GENERAL', ts, 'U0REACTOR9'],
      ]);

      await h.app.store.prisma.feedbackItem.updateMany({ data: { updatedAt: new Date(Date.now() - 60_000) } });
      restarted = await restartOn(h);
      const prisma = restarted.store.prisma;
      const id = placed[0]!.id;
      await until(async () => confirmationsOf(h, id).length > 0);
      const item = await prisma.feedbackItem.findUniqueOrThrow({ where: { id } });
      expect(item).toMatchObject({ status: 'triaged', authorId: 'U0AUTHOR09', source: 'reaction' });
      expect(item.text).toContain('Passbook printer jams again');
      expect(item.text).not.toContain('4111');
      expect(item.clusterId).not.toBeNull();
      expect(confirmationsOf(h, id)[0]).toMatchObject({ method: 'chat.postEphemeral', args: { channel: 'C0GENERAL', user: 'U0REACTOR9' } });

      // The stalled first instance reads it too, late: nothing new is stored or sent.
      await h.idle();
      expect(await prisma.feedbackItem.count()).toBe(1);
      expect(confirmationsOf(h, id)).toHaveLength(1);
    } finally {
      await restarted?.stop('test');
      await h.close();
    }
  }, BUILD_TIMEOUT);

  it('a reacted message Slack would not give out is kept, shown in `items --failed`, and filed on a later pass', async () => {
    const h = await startHarness();
    try {
      const ts = messageTs();
      h.slack.addMessage('C0GENERAL', { ts, text: 'The queue ticket machine prints blank tickets', user: 'U0AUTHOR08' });
      h.slack.script('conversations.history', { error: 'internal_error' });
      await h.client.event(eventCallback(reactionAdded({ channel: 'C0GENERAL', ts, reaction: 'inbox_tray', user: 'U0REACTOR8' })));
      await h.idle();
      const failed = await listItems(h.app.store.prisma, { limit: 10, failedOnly: true });
      expect(failed.map((i) => [i.source, i.status, i.last_error])).toEqual([['reaction', 'awaiting_text', 'could not read the message: internal_error']]);
      expect(JSON.stringify(h.slack.callsTo('chat.postEphemeral').map((c) => c.args))).toContain('will try again');

      await h.app.store.prisma.feedbackItem.updateMany({ data: { updatedAt: new Date(Date.now() - 60_000) } });
      await h.app.retryFailed();
      await h.idle();
      const item = await h.app.store.prisma.feedbackItem.findFirstOrThrow();
      expect(item).toMatchObject({ status: 'triaged', text: 'The queue ticket machine prints blank tickets', authorId: 'U0AUTHOR08' });
      expect(confirmationsOf(h, item.id)).toHaveLength(1);
      expect(await listItems(h.app.store.prisma, { limit: 10, failedOnly: true })).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('a reaction on a message that is gone stores nothing and tells the reporter', async () => {
    const h = await startHarness();
    try {
      await h.client.event(eventCallback(reactionAdded({ channel: 'C0GENERAL', ts: messageTs(), reaction: 'inbox_tray', user: 'U0REACTOR7' })));
      await h.idle();
      expect(await h.app.store.prisma.feedbackItem.count()).toBe(0);
      expect(JSON.stringify(h.slack.callsTo('chat.postEphemeral').map((c) => c.args))).toContain('could not read that message');
    } finally {
      await h.close();
    }
  });

  it('an edit that overtakes the reading of a reacted message files the edited text, clustered', async () => {
    const h = await startHarness();
    try {
      const ts = messageTs();
      h.slack.addMessage('C0GENERAL', { ts, text: 'Passbook printer jams', user: 'U0AUTHOR06' });
      h.slack.script('conversations.history', { delayMs: 800 });
      await h.client.event(eventCallback(reactionAdded({ channel: 'C0GENERAL', ts, reaction: 'inbox_tray', user: 'U0REACTOR6' })));
      const edited = 'Passbook printer jams every morning at the Xinyi branch';
      await h.client.event(eventCallback({ type: 'message', subtype: 'message_changed', channel: 'C0GENERAL', channel_type: 'channel', ts: messageTs(), message: { type: 'message', user: 'U0AUTHOR06', text: edited, ts }, previous_message: { type: 'message', user: 'U0AUTHOR06', text: 'Passbook printer jams', ts } }));
      await h.idle();
      const items = await h.app.store.prisma.feedbackItem.findMany();
      expect(items.map((i) => [i.status, i.text, i.clusterId !== null])).toEqual([['triaged', edited, true]]);
      expect(confirmationsOf(h, items[0]!.id)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('a shortcut on a message whose reaction is still being read keeps its item when the reaction finds nothing', async () => {
    const h = await startHarness();
    try {
      const ts = messageTs();
      // The message is not readable through history (as in a channel the bot left), but the shortcut carries it.
      h.slack.script('conversations.history', { delayMs: 800 });
      await h.client.event(eventCallback(reactionAdded({ channel: 'C0GENERAL', ts, reaction: 'inbox_tray', user: 'U0REACTOR5' })));
      const text = 'The queue ticket machine prints blank tickets at the Banqiao branch';
      await h.client.interactive(messageShortcut({ channel: 'C0GENERAL', user: 'U0REPORT05', message: { ts, text, user: 'U0AUTHOR05' }, response_url: h.slack.responseUrl('sc') }));
      await h.idle();
      const items = await h.app.store.prisma.feedbackItem.findMany();
      expect(items.map((i) => [i.status, i.text, i.authorId])).toEqual([['triaged', text, 'U0AUTHOR05']]);
      expect(JSON.stringify(h.slack.callsTo('response_url').map((c) => c.args))).toContain(`#${items[0]!.id}`);
    } finally {
      await h.close();
    }
  });

  it('a Slack retry of an event whose first delivery was stored but never confirmed (a crash before the ack) confirms once', async () => {
    const h = await startHarness();
    let restarted: RunningSlackApp | undefined;
    try {
      const ts = messageTs();
      const event = eventCallback(messageEvent({ channel: 'D0DIRECT09', user: 'U0REPORT09', ts, text: 'The app freezes on the QR payment screen' }));
      // The first delivery's write-ahead, by an instance that died before it acknowledged or claimed the event.
      await h.app.intake.pipeline.accept({
        intakeKey: `slack:${event.team_id}:D0DIRECT09:${ts}`, source: 'dm', text: 'The app freezes on the QR payment screen', receivedAt: new Date(),
        reporterId: 'U0REPORT09', authorId: 'U0REPORT09', slack: { teamId: event.team_id, channelId: 'D0DIRECT09', messageTs: ts },
      });
      await h.app.store.prisma.feedbackItem.updateMany({ data: { updatedAt: new Date(Date.now() - 60_000) } });
      restarted = await restartOn(h);
      const id = (await restarted.store.prisma.feedbackItem.findFirstOrThrow()).id;
      await until(() => confirmationsOf(h, id).length > 0); // the restart's retry pass filed and confirmed it
      // Slack retries the unacknowledged delivery: nothing new is stored or sent.
      const retry = await new SignedSlackClient(`http://127.0.0.1:${restarted.port}`, SECRET).event(event, { retryNum: 1, retryReason: 'http_timeout' });
      expect(retry.status).toBe(200);
      await restarted.runtime.idle();
      expect(await restarted.store.prisma.feedbackItem.count()).toBe(1);
      expect(confirmationsOf(h, id)).toHaveLength(1);
    } finally {
      await restarted?.stop('test');
      await h.close();
    }
  }, BUILD_TIMEOUT);
});
