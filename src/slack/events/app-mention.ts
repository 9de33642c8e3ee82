// Mentions of the bot file the message (without the mention). In a watched
// channel the message event already files it, so the mention does nothing.
import type { App } from '@slack/bolt';
import { plainMessage } from '../blocks/confirmation.js';
import { captureAhead, captureMessage, dropAhead } from '../capture.js';
import type { SurfaceContext } from '../context.js';
import { HELP } from '../commands/feedback.js';
import { firstDelivery } from './claim.js';

export function registerAppMention(app: App, ctx: SurfaceContext): void {
  app.event('app_mention', async ({ event, body, context }) => {
    if (!body.event_id) return;
    const userId = event.user;
    const channelId = event.channel;
    const text = stripMention(event.text ?? '', ctx.botUserId);
    const message = { teamId: body.team_id, channelId, ts: event.ts, threadTs: event.thread_ts, text, authorId: userId };
    const how = { source: 'mention' as const, reporterId: userId ?? '', confirm: 'private' as const };
    // The item is stored (redacted, pending) before the event id is claimed: a stop in between
    // leaves the item for the retry, never a claimed event with nothing stored.
    const fileable = Boolean(userId) && !event.bot_id && !(body.is_ext_shared_channel && !ctx.settings.allowExternalChannels);
    const ahead = fileable && !(await ctx.watchList.isWatched(channelId)) ? await captureAhead(ctx, message, how) : undefined;
    if (!(await firstDelivery(ctx, body, context))) return;
    if (!userId || event.bot_id) return;
    ctx.background.run('mention', { channel: channelId, ts: event.ts }, async () => {
      if (await ctx.externalRefused(channelId, body.is_ext_shared_channel)) return dropAhead(ctx, ahead);
      if (!ahead && (await ctx.watchList.isWatched(channelId))) return; // the message event files it
      if (!text) {
        await ctx.replies.privately({ userId, channelId, threadTs: event.thread_ts }, plainMessage(HELP));
        return;
      }
      await captureMessage(ctx, message, how, ahead);
    });
  });
}

export function stripMention(text: string, botUserId: string): string {
  return text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
