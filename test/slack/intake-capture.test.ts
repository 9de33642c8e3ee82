// Capturing existing Slack messages: the message shortcut, reactions, DMs,
// mentions and watched channels, end to end through the real app. The same
// message captured twice is one item; bots, our own messages and Slack Connect
// channels are not captured.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appMention, eventCallback, messageEvent, messageShortcut, messageTs, reactionAdded, slashCommand } from '../support/slack-standin/index.js';
import { startHarness, type Harness } from './intake-harness.js';

describe('capturing Slack messages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());
  beforeEach(() => h.slack.reset());
  const count = () => h.app.store.prisma.feedbackItem.count();
  const latest = () => h.app.store.prisma.feedbackItem.findFirstOrThrow({ orderBy: { id: 'desc' }, include: { replies: true } });
  const send = async (event: Record<string, unknown>, fields: Parameters<typeof eventCallback>[1] = {}) => {
    const res = await h.client.event(eventCallback(event, fields));
    expect(res.status).toBe(200);
    await h.idle();
    return res;
  };

  it('the message shortcut files with permalink, credits the author, and the filer is the reporter', async () => {
    const ts = messageTs();
    const res = await h.client.interactive(messageShortcut({ channel: 'C0GENERAL', message: { ts, text: 'Customer cannot find the overseas transfer limit in the app', user: 'U0AUTHOR01' }, response_url: h.slack.responseUrl('sc') }));
    expect(res.status).toBe(200);
    await h.idle();
    const item = await latest();
    expect(item).toMatchObject({ source: 'shortcut', reporterId: 'U0REPORTER', authorId: 'U0AUTHOR01', slackChannelId: 'C0GENERAL', slackMessageTs: ts });
    expect(item.permalink).toContain(`/archives/C0GENERAL/p${ts.replace('.', '')}`);
    expect(JSON.stringify(h.slack.callsTo('response_url')[0]?.args.blocks)).toContain(`#${item.id}`);
  });

  it('the capture emoji files a message; the same message by shortcut afterwards is the same item', async () => {
    const ts = messageTs();
    h.slack.addMessage('C0GENERAL', { ts, text: 'The passbook printer at the branch jams every morning', user: 'U0AUTHOR02' });
    const before = await count();
    await send(reactionAdded({ channel: 'C0GENERAL', ts, reaction: 'inbox_tray', user: 'U0REACTOR1' }));
    expect(await count()).toBe(before + 1);
    const item = await latest();
    expect(item).toMatchObject({ source: 'reaction', reporterId: 'U0REACTOR1', authorId: 'U0AUTHOR02', slackMessageTs: ts });
    expect(item.text).toBe('The passbook printer at the branch jams every morning');
    expect(h.slack.callsTo('chat.postEphemeral')[0]?.args).toMatchObject({ channel: 'C0GENERAL', user: 'U0REACTOR1' });

    await h.client.interactive(messageShortcut({ channel: 'C0GENERAL', message: { ts, text: 'The passbook printer at the branch jams every morning', user: 'U0AUTHOR02' }, response_url: h.slack.responseUrl('again') }));
    await h.idle();
    expect(await count()).toBe(before + 1);
    expect(JSON.stringify(h.slack.callsTo('response_url')[0]?.args.blocks)).toContain(`Already filed as item *#${item.id}*`);
  });

  it('other reactions capture nothing', async () => {
    const ts = messageTs();
    h.slack.addMessage('C0GENERAL', { ts, text: 'lunch?', user: 'U0AUTHOR02' });
    const before = await count();
    await send(reactionAdded({ channel: 'C0GENERAL', ts, reaction: 'thumbsup' }));
    expect(await count()).toBe(before);
    expect(h.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('files direct messages to the bot and answers in the DM', async () => {
    await send(messageEvent({ channel: 'D0DMREPORT', user: 'U0REPORTER', text: 'Customer asked why the FX rate differs between app and branch' }));
    const item = await latest();
    expect(item).toMatchObject({ source: 'dm', reporterId: 'U0REPORTER', slackChannelId: 'D0DMREPORT' });
    expect(h.slack.callsTo('chat.postMessage')[0]?.args.channel).toBe('D0DMREPORT');
  });

  it('files mentions without the mention itself', async () => {
    await send(appMention({ channel: 'C0GENERAL', text: '<@U0FRONTBOT> the ATM on Zhongshan Rd swallowed a card' }));
    const item = await latest();
    expect(item).toMatchObject({ source: 'mention', reporterId: 'U0REPORTER' });
    expect(item.text).toBe('the ATM on Zhongshan Rd swallowed a card');
  });

  it('watched channels: top-level messages are items, replies context, edits update, deletes remove text; bots ignored', async () => {
    const watch = await h.client.command(slashCommand({ text: 'watch', user_id: 'U0ADMIN001', channel_id: 'C0WATCHED1', response_url: h.slack.responseUrl('w') }));
    expect(watch.status).toBe(200);
    await h.idle();
    expect(JSON.stringify(h.slack.callsTo('response_url')[0]?.args)).toContain('now files every top-level message');
    expect(await h.app.store.prisma.watchedChannel.count({ where: { channelId: 'C0WATCHED1' } })).toBe(1);

    const before = await count();
    const ts = messageTs();
    await send(messageEvent({ channel: 'C0WATCHED1', ts, user: 'U0TELLER01', text: 'Customers keep asking for a larger font in the app' }));
    const item = await latest();
    expect(await count()).toBe(before + 1);
    expect(item).toMatchObject({ source: 'watched_channel', authorId: 'U0TELLER01', slackMessageTs: ts });
    const confirm = h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0WATCHED1');
    expect(confirm?.args.thread_ts).toBe(ts);

    await send(messageEvent({ channel: 'C0WATCHED1', ts: messageTs(), thread_ts: ts, user: 'U0TELLER02', text: 'Same at our branch, mostly older customers' }));
    expect(await count()).toBe(before + 1);
    expect((await latest()).replies.map((r) => r.text)).toEqual(['Same at our branch, mostly older customers']);

    await send({ type: 'message', subtype: 'message_changed', channel: 'C0WATCHED1', channel_type: 'channel', ts: messageTs(), message: { type: 'message', user: 'U0TELLER01', text: 'Customers keep asking for a larger font and dark mode in the app', ts }, previous_message: { type: 'message', user: 'U0TELLER01', text: 'Customers keep asking for a larger font in the app', ts } });
    expect((await latest()).text).toBe('Customers keep asking for a larger font and dark mode in the app');

    await send({ type: 'message', subtype: 'message_deleted', channel: 'C0WATCHED1', channel_type: 'channel', ts: messageTs(), deleted_ts: ts, previous_message: { type: 'message', user: 'U0TELLER01', text: 'x', ts } });
    const erased = await h.app.store.prisma.feedbackItem.findUniqueOrThrow({ where: { id: item.id }, include: { replies: true } });
    expect(erased.text).toBe('');
    expect(erased.status).toBe('deleted');
    expect(erased.replies).toEqual([]);

    const others = await count();
    await send(messageEvent({ channel: 'C0WATCHED1', subtype: 'bot_message', bot_id: 'B0OTHERBOT', user: undefined, text: 'Deploy finished' }));
    await send(messageEvent({ channel: 'C0WATCHED1', user: 'U0FRONTBOT', bot_id: 'B0FRONTBOT', text: 'Filed as item #1' }));
    await send(messageEvent({ channel: 'C0WATCHED1', subtype: 'channel_join', user: 'U0NEWBIE01', text: '<@U0NEWBIE01> has joined the channel' }));
    await send(messageEvent({ channel: 'C0NOTWATCH', user: 'U0TELLER01', text: 'Not watched, not filed' }));
    expect(await count()).toBe(others);
  });

  it('an edit or thread reply that overtakes a slow capture still lands on the item', async () => {
    h.slack.script('chat.getPermalink', { delayMs: 300 });
    const ts = messageTs();
    await Promise.all([
      h.client.event(eventCallback(messageEvent({ channel: 'C0WATCHED1', ts, user: 'U0TELLER01', text: 'Customer wants paper statemnts back' }))),
      h.client.event(eventCallback({ type: 'message', subtype: 'message_changed', channel: 'C0WATCHED1', channel_type: 'channel', ts: messageTs(), message: { type: 'message', user: 'U0TELLER01', text: 'Customer wants paper statements back', ts }, previous_message: { type: 'message', user: 'U0TELLER01', text: 'Customer wants paper statemnts back', ts } })),
      h.client.event(eventCallback(messageEvent({ channel: 'C0WATCHED1', ts: messageTs(), thread_ts: ts, user: 'U0TELLER02', text: 'Also asked at Banqiao' }))),
    ]);
    await h.idle();
    const item = await h.app.store.prisma.feedbackItem.findFirstOrThrow({ where: { slackMessageTs: ts }, include: { replies: true } });
    expect(item.text).toBe('Customer wants paper statements back');
    expect(item.replies.map((r) => r.text)).toEqual(['Also asked at Banqiao']);
  });

  it('refuses Slack Connect channels: watch, watched messages, reactions and shortcuts', async () => {
    h.slack.setChannel({ id: 'C0SHARED01', is_ext_shared: true, is_member: true });
    await h.client.command(slashCommand({ text: 'watch', user_id: 'U0ADMIN001', channel_id: 'C0SHARED01', response_url: h.slack.responseUrl('x') }));
    await h.idle();
    expect(JSON.stringify(h.slack.callsTo('response_url')[0]?.args)).toContain('Slack Connect');
    expect(await h.app.store.prisma.watchedChannel.count({ where: { channelId: 'C0SHARED01' } })).toBe(0);

    const before = await count();
    await send(messageEvent({ channel: 'C0WATCHED1', user: 'U0PARTNER1', text: 'Message from a partner org in a now-shared channel' }), { is_ext_shared_channel: true });
    const ts = messageTs();
    h.slack.addMessage('C0SHARED01', { ts, text: 'Partner bank message', user: 'U0PARTNER1' });
    await send(reactionAdded({ channel: 'C0SHARED01', ts }));
    await h.client.interactive(messageShortcut({ channel: 'C0SHARED01', message: { ts, text: 'Partner bank message', user: 'U0PARTNER1' }, response_url: h.slack.responseUrl('y') }));
    await h.idle();
    expect(await count()).toBe(before);
    expect(JSON.stringify(h.slack.callsTo('response_url').find((c) => c.args.id === 'y')?.args)).toContain('Slack Connect');
  });
});

describe('configuration: capture emoji, watched channels, Slack Connect allowed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ FRONTLINE_CAPTURE_EMOJI: 'memo', FRONTLINE_WATCH_CHANNELS: 'C0CONFIGW1', FRONTLINE_ALLOW_EXTERNAL_CHANNELS: 'true' });
  });
  afterAll(() => h?.close());

  it('captures with the configured emoji only', async () => {
    const ts = messageTs();
    h.slack.addMessage('C0GENERAL', { ts, text: 'Customer wants e-statements in Traditional Chinese', user: 'U0AUTHOR01' });
    await h.client.event(eventCallback(reactionAdded({ channel: 'C0GENERAL', ts, reaction: 'inbox_tray' })));
    await h.idle();
    expect(await h.app.store.prisma.feedbackItem.count()).toBe(0);
    await h.client.event(eventCallback(reactionAdded({ channel: 'C0GENERAL', ts, reaction: 'memo' })));
    await h.idle();
    expect(await h.app.store.prisma.feedbackItem.count()).toBe(1);
  });

  it('watches configured channels without /feedback watch', async () => {
    await h.client.event(eventCallback(messageEvent({ channel: 'C0CONFIGW1', user: 'U0TELLER01', text: 'Customers ask for weekend branch hours' })));
    await h.idle();
    expect(await h.app.store.prisma.feedbackItem.count({ where: { source: 'watched_channel', slackChannelId: 'C0CONFIGW1' } })).toBe(1);
  });

  it('captures from Slack Connect channels when allowed', async () => {
    h.slack.setChannel({ id: 'C0SHARED02', is_ext_shared: true, is_member: true });
    const ts = messageTs();
    h.slack.addMessage('C0SHARED02', { ts, text: 'Partner reports failed interbank transfers', user: 'U0PARTNER1' });
    await h.client.event(eventCallback(reactionAdded({ channel: 'C0SHARED02', ts, reaction: 'memo' }), { is_ext_shared_channel: true }));
    await h.idle();
    expect(await h.app.store.prisma.feedbackItem.count({ where: { slackChannelId: 'C0SHARED02' } })).toBe(1);
  });
});
