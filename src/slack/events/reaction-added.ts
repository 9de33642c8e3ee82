// The capture emoji (default :inbox_tray:) on any message files it. The event
// carries no text, so the message is read back from the channel after the
// ack; its place (channel, ts, reporter) is stored before the ack, so a crash
// in between loses nothing: the retry reads the message then (readAwaiting).
import type { App } from '@slack/bolt';
import type { AwaitingText } from '../../intake/types.js';
import { plainMessage } from '../blocks/confirmation.js';
import { captureMessage, placeAhead, resumeCapture, type CaptureHow, type Filing } from '../capture.js';
import { slackErrorCode } from '../client.js';
import type { SurfaceContext } from '../context.js';
import { beforeEventAck, firstDelivery, takeAhead } from './claim.js';

interface ReactionEvent {
  type?: string;
  reaction?: string;
  user?: string;
  item_user?: string;
  item?: { type?: string; channel?: string; ts?: string };
}

const HOW = (reporterId: string, retried = false): CaptureHow => ({ source: 'reaction', reporterId, confirm: 'private', retried });

export function registerReactionAdded(app: App, ctx: SurfaceContext): void {
  beforeEventAck(app, ctx, 'reaction_added', async (body) => {
    const event = body.event as ReactionEvent | undefined;
    const { channel, ts } = event?.item ?? {};
    if (!isCapture(ctx, event) || !channel || !ts || !event?.user) return undefined;
    if (body.is_ext_shared_channel && !ctx.settings.allowExternalChannels) return undefined; // refused after the ack
    // The author is taken from the message once it is read.
    return placeAhead(ctx, { teamId: body.team_id, channelId: channel, ts }, HOW(event.user));
  });
  app.event('reaction_added', async ({ event, body, context }) => {
    if (!isCapture(ctx, event as ReactionEvent) || event.item.type !== 'message') return;
    const taken = takeAhead(app, body.event_id);
    if (!(await firstDelivery(ctx, body, context))) return;
    const { channel: channelId, ts } = event.item;
    const userId = event.user;
    // Without a stored place (no durable intake, or its write failed) the capture writes ahead once the text is read.
    const ahead: Filing | undefined = taken.filing?.accepted ? taken.filing : undefined;
    ctx.background.run('reaction', { channel: channelId, ts }, async () => {
      if (await ctx.externalRefused(channelId, body.is_ext_shared_channel)) return dropAwaiting(ctx, ahead);
      const read = await readMessage(ctx, channelId, ts);
      if (read.kind === 'unreadable' && ahead?.accepted) {
        // Slack did not answer: the place stays stored and the retry reads the message later.
        await ctx.intake.durable?.awaitingFailed(ahead.accepted.itemId, read.reason);
        await ctx.replies.privately({ userId, channelId }, plainMessage('Frontline could not read that message just now; it will try again and confirm when it is filed.'));
        return;
      }
      if (read.kind !== 'found' || !read.message.text?.trim()) {
        await dropAwaiting(ctx, ahead);
        const why = read.kind === 'found' ? 'That message has no text to file.' : 'Frontline could not read that message. Invite the bot to the channel, then react again.';
        await ctx.replies.privately({ userId, channelId }, plainMessage(why));
        return;
      }
      const message = read.message;
      const ref = { teamId: body.team_id, channelId, ts, threadTs: message.thread_ts, text: message.text ?? '', authorId: message.user ?? event.item_user };
      const how = HOW(userId, (context.retryNum ?? 0) > 0);
      if (ahead?.accepted) await resumeCapture(ctx, ref, how, ahead.accepted);
      else await captureMessage(ctx, ref, how);
    });
  });
  readAwaitingAfterRestart(ctx);
}

function isCapture(ctx: SurfaceContext, event: ReactionEvent | undefined): boolean {
  return event?.reaction === ctx.settings.captureEmoji && event.item?.type === 'message';
}

/**
 * Reactions whose message was never read (the app stopped after the ack, or
 * Slack failed): read in each retry pass and filed; a message that is gone,
 * or that the bot may not read, is dropped and the reporter told.
 */
function readAwaitingAfterRestart(ctx: SurfaceContext): void {
  ctx.intake.durable?.onAwaitingText(async (waiting) => {
    for (const item of waiting) {
      try {
        await readAwaiting(ctx, item);
      } catch (error) {
        ctx.log.error({ itemId: item.accepted.itemId, err: String(error) }, 'could not file a reacted message; it is retried later');
      }
    }
  });
}

/** A row placed ahead that will not be filed after all (refused channel, message gone): removed, unless another capture filled it. */
async function dropAwaiting(ctx: SurfaceContext, ahead: Filing | undefined): Promise<void> {
  if (ahead?.accepted?.created) await ctx.intake.durable?.discardAwaiting(ahead.accepted);
}

async function readAwaiting(ctx: SurfaceContext, item: AwaitingText): Promise<void> {
  const { channelId, messageTs: ts, accepted } = item;
  if (await ctx.externalRefused(channelId)) {
    await ctx.intake.durable?.discardAwaiting(accepted);
    return;
  }
  const read = await readMessage(ctx, channelId, ts);
  if (read.kind === 'unreadable') {
    await ctx.intake.durable?.awaitingFailed(accepted.itemId, read.reason);
    return;
  }
  if (read.kind !== 'found' || !read.message.text?.trim()) {
    if (!(await ctx.intake.durable?.discardAwaiting(accepted))) return; // another capture filed it meanwhile
    ctx.log.warn({ itemId: accepted.itemId, channel: channelId, ts }, 'a reacted message is gone or unreadable; its capture is dropped');
    if (item.reporterId) {
      await ctx.replies.privately({ userId: item.reporterId, channelId }, plainMessage('Frontline could not file a message you reacted to: it is gone, has no text, or the bot cannot read that channel.'));
    }
    return;
  }
  const message = read.message;
  await resumeCapture(
    ctx,
    { teamId: item.teamId, channelId, ts, threadTs: message.thread_ts, text: message.text ?? '', authorId: message.user },
    HOW(item.reporterId ?? ''),
    accepted,
  );
  ctx.log.info({ itemId: accepted.itemId }, 'filed a reacted message whose reading was interrupted');
}

interface Found {
  ts?: string;
  text?: string;
  user?: string;
  thread_ts?: string;
}

/** Slack errors after which reading again will not help. */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'missing_scope', 'thread_not_found', 'message_not_found']);

type Read = { kind: 'found'; message: Found } | { kind: 'missing' } | { kind: 'unreadable'; reason: string };

/** A top-level message from history, else a thread reply from its thread. */
async function readMessage(ctx: SurfaceContext, channel: string, ts: string): Promise<Read> {
  try {
    const history = await ctx.api.conversationHistory({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
    const top = (history.messages as Found[] | undefined)?.find((m) => m.ts === ts);
    if (top) return { kind: 'found', message: top };
    const thread = await ctx.api.conversationReplies({ channel, ts, limit: 1, inclusive: true, latest: ts, oldest: ts });
    const reply = (thread.messages as Found[] | undefined)?.find((m) => m.ts === ts);
    return reply ? { kind: 'found', message: reply } : { kind: 'missing' };
  } catch (error) {
    const code = slackErrorCode(error);
    ctx.log.warn({ channel, ts, err: String(error) }, 'could not read a reacted message');
    return code !== undefined && PERMANENT.has(code) ? { kind: 'missing' } : { kind: 'unreadable', reason: `could not read the message: ${code ?? String(error)}` };
  }
}
