// Mentions of the bot file the message (without the mention). In a watched
// channel the message event already files it, so the mention does nothing.
import type { App } from '@slack/bolt';
import { plainMessage } from '../blocks/confirmation.js';
import { captureMessage } from '../capture.js';
import type { SurfaceContext } from '../context.js';
import { HELP } from '../commands/feedback.js';
import { firstDelivery } from './claim.js';

export function registerAppMention(app: App, ctx: SurfaceContext): void {
  app.event('app_mention', async ({ event, body, context }) => {
    if (!(await firstDelivery(ctx, body, context))) return;
    const userId = event.user;
    if (!userId || event.bot_id) return;
    const channelId = event.channel;
    ctx.background.run('mention', { channel: channelId, ts: event.ts }, async () => {
      if (await ctx.externalRefused(channelId, body.is_ext_shared_channel)) return;
      if (await ctx.watchList.isWatched(channelId)) return;
      const text = stripMention(event.text ?? '', ctx.botUserId);
      if (!text) {
        await ctx.replies.privately({ userId, channelId, threadTs: event.thread_ts }, plainMessage(HELP));
        return;
      }
      await captureMessage(
        ctx,
        { teamId: body.team_id, channelId, ts: event.ts, threadTs: event.thread_ts, text, authorId: userId },
        { source: 'mention', reporterId: userId, confirm: 'private' },
      );
    });
  });
}

export function stripMention(text: string, botUserId: string): string {
  return text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
