// `message` events: DMs to the bot are filed; in watched channels every
// top-level human message is filed (confirmed in its thread), thread replies
// become context, edits update the item and deletions remove its text.
// Bot messages, our own messages and other subtypes are ignored.
import type { App } from '@slack/bolt';
import { captureAhead, captureMessage, captureSettled, dropAhead, messageKey, type CaptureHow, type Filing, type SlackMessageRef } from '../capture.js';
import type { SurfaceContext } from '../context.js';
import { beforeEventAck, firstDelivery, takeAhead } from './claim.js';

/** The fields we read from a message event or its `message` / `previous_message`. */
interface MessageFields {
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  team?: string;
  deleted_ts?: string;
  message?: MessageFields;
  previous_message?: MessageFields;
}

export function registerMessageEvents(app: App, ctx: SurfaceContext): void {
  // A new item (a DM, a top-level message in a watched channel) is stored, redacted and
  // pending, before Bolt acknowledges the event (and before its id is claimed).
  beforeEventAck(app, ctx, 'message', (body) => messageAhead(ctx, body));
  app.event('message', async ({ event, body, context }) => {
    if (!body.event_id) return;
    const e = event as unknown as MessageFields;
    const channelId = e.channel;
    const teamId = body.team_id;
    const taken = takeAhead(app, body.event_id);
    const ahead = taken.planned ? taken.filing : await messageAhead(ctx, body);
    if (!(await firstDelivery(ctx, body, context))) return;
    if (!channelId || !e.ts) return;
    const retried = (context.retryNum ?? 0) > 0;
    const meta = { surface: 'message', channel: channelId, ts: e.ts, subtype: e.subtype };
    ctx.background.run('message', meta, async () => {
      if (await ctx.externalRefused(channelId, body.is_ext_shared_channel)) return dropAhead(ctx, ahead);
      const isDm = e.channel_type === 'im' || channelId.startsWith('D');
      switch (e.subtype) {
        case undefined:
        case 'thread_broadcast':
          if (!isHuman(ctx, e)) return;
          if (isDm) return fileDirectMessage(ctx, teamId, channelId, e, ahead, retried);
          if (!ahead && !(await ctx.watchList.isWatched(channelId))) return;
          return fileWatched(ctx, teamId, channelId, e, ahead, retried);
        case 'message_changed': {
          const now = e.message;
          if (!now?.ts || !isHuman(ctx, now) || now.text === e.previous_message?.text) return; // unfurls change nothing
          const key = messageKey({ teamId, channelId, ts: now.ts });
          await captureSettled(key);
          return ctx.intake.edit(key, now.text ?? '', ctx.now());
        }
        case 'message_deleted': {
          const ts = e.deleted_ts ?? e.previous_message?.ts;
          if (!ts) return;
          const key = messageKey({ teamId, channelId, ts });
          await captureSettled(key);
          await ctx.intake.erase(key, ctx.now());
          return;
        }
        default:
          return; // joins, topic changes, bot_message, file comments…
      }
    });
  });
}

function isHuman(ctx: SurfaceContext, m: MessageFields): boolean {
  return Boolean(m.user) && !m.bot_id && m.user !== ctx.botUserId;
}

/** What a new DM or watched top-level message is filed as. */
function dmCapture(teamId: string, channelId: string, e: MessageFields): [SlackMessageRef, CaptureHow] {
  return [
    { teamId, channelId, ts: e.ts!, threadTs: e.thread_ts, text: e.text ?? '', authorId: e.user },
    { source: 'dm', reporterId: e.user!, confirm: 'private' },
  ];
}

function watchedCapture(teamId: string, channelId: string, e: MessageFields): [SlackMessageRef, CaptureHow] {
  return [
    { teamId, channelId, ts: e.ts!, text: e.text ?? '', authorId: e.user },
    { source: 'watched_channel', reporterId: e.user!, confirm: 'thread' },
  ];
}

/** The write-ahead for a message event that makes a new item; undefined for everything else. */
async function messageAhead(ctx: SurfaceContext, body: { team_id?: string; is_ext_shared_channel?: boolean; event?: unknown }): Promise<Filing | undefined> {
  const e = body.event as MessageFields | undefined;
  if (!e?.channel || !e.ts || (body.is_ext_shared_channel && !ctx.settings.allowExternalChannels)) return undefined;
  return newItemAhead(ctx, body.team_id ?? '', e.channel, e);
}

/** The write-ahead for a message that becomes a new item; undefined for everything else. */
async function newItemAhead(ctx: SurfaceContext, teamId: string, channelId: string, e: MessageFields): Promise<Filing | undefined> {
  if ((e.subtype !== undefined && e.subtype !== 'thread_broadcast') || !isHuman(ctx, e)) return undefined;
  if (e.channel_type === 'im' || channelId.startsWith('D')) return captureAhead(ctx, ...dmCapture(teamId, channelId, e));
  const isReply = e.thread_ts !== undefined && e.thread_ts !== e.ts;
  if (isReply || !(await ctx.watchList.isWatched(channelId))) return undefined;
  return captureAhead(ctx, ...watchedCapture(teamId, channelId, e));
}

async function fileDirectMessage(ctx: SurfaceContext, teamId: string, channelId: string, e: MessageFields, ahead: Filing | undefined, retried: boolean): Promise<void> {
  const [message, how] = dmCapture(teamId, channelId, e);
  await captureMessage(ctx, message, { ...how, retried }, ahead);
}

async function fileWatched(ctx: SurfaceContext, teamId: string, channelId: string, e: MessageFields, ahead: Filing | undefined, retried: boolean): Promise<void> {
  const isReply = e.thread_ts !== undefined && e.thread_ts !== e.ts;
  if (isReply) {
    const parentKey = messageKey({ teamId, channelId, ts: e.thread_ts! });
    await captureSettled(parentKey);
    await ctx.intake.addContext(parentKey, {
      intakeKey: messageKey({ teamId, channelId, ts: e.ts! }),
      ts: e.ts!,
      text: e.text ?? '',
      authorId: e.user,
      at: ctx.now(),
    });
    return;
  }
  const [message, how] = watchedCapture(teamId, channelId, e);
  await captureMessage(ctx, message, { ...how, retried }, ahead);
}
