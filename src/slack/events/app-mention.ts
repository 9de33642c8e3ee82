// Mentions of the bot file the message (without the mention). In a watched
// channel the message event already files it, so the mention does nothing.
import type { App } from '@slack/bolt';
import { plainMessage } from '../blocks/confirmation.js';
import { captureAhead, captureMessage, dropAhead, type Filing } from '../capture.js';
import type { SurfaceContext } from '../context.js';
import { HELP } from '../commands/feedback.js';
import { beforeEventAck, firstDelivery, takeAhead } from './claim.js';

interface MentionFields {
  user?: string;
  bot_id?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
}

function mentionCapture(ctx: SurfaceContext, teamId: string | undefined, event: MentionFields) {
  const text = stripMention(event.text ?? '', ctx.botUserId);
  const message = { teamId, channelId: event.channel, ts: event.ts, threadTs: event.thread_ts, text, authorId: event.user };
  const how = { source: 'mention' as const, reporterId: event.user ?? '', confirm: 'private' as const };
  return { message, how };
}

/**
 * The item is stored (redacted, pending) before Bolt acknowledges the event and
 * before its id is claimed: a stop in between leaves the item for the retry.
 * In a watched channel the message event files it instead.
 */
async function mentionAhead(ctx: SurfaceContext, body: { team_id?: string; is_ext_shared_channel?: boolean; event?: unknown }): Promise<Filing | undefined> {
  const event = body.event as MentionFields | undefined;
  if (!event?.user || event.bot_id || !event.channel || !event.ts) return undefined;
  if (body.is_ext_shared_channel && !ctx.settings.allowExternalChannels) return undefined;
  if (await ctx.watchList.isWatched(event.channel)) return undefined;
  const { message, how } = mentionCapture(ctx, body.team_id, event);
  return captureAhead(ctx, message, how);
}

export function registerAppMention(app: App, ctx: SurfaceContext): void {
  beforeEventAck(app, ctx, 'app_mention', (body) => mentionAhead(ctx, body));
  app.event('app_mention', async ({ event, body, context }) => {
    if (!body.event_id) return;
    const userId = event.user;
    const channelId = event.channel;
    const { message, how } = mentionCapture(ctx, body.team_id, event);
    const taken = takeAhead(app, body.event_id);
    const ahead = taken.planned ? taken.filing : await mentionAhead(ctx, body);
    if (!(await firstDelivery(ctx, body, context))) return;
    if (!userId || event.bot_id) return;
    ctx.background.run('mention', { channel: channelId, ts: event.ts }, async () => {
      if (await ctx.externalRefused(channelId, body.is_ext_shared_channel)) return dropAhead(ctx, ahead);
      if (!ahead && (await ctx.watchList.isWatched(channelId))) return; // the message event files it
      if (!message.text) {
        await ctx.replies.privately({ userId, channelId, threadTs: event.thread_ts }, plainMessage(HELP));
        return;
      }
      await captureMessage(ctx, message, { ...how, retried: (context.retryNum ?? 0) > 0 }, ahead);
    });
  });
}

export function stripMention(text: string, botUserId: string): string {
  return text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
