// The capture emoji (default :inbox_tray:) on any message files it. The event
// carries no text, so the message is read back from the channel.
import type { App } from '@slack/bolt';
import { plainMessage } from '../blocks/confirmation.js';
import { captureMessage } from '../capture.js';
import type { SurfaceContext } from '../context.js';
import { firstDelivery } from './claim.js';

export function registerReactionAdded(app: App, ctx: SurfaceContext): void {
  app.event('reaction_added', async ({ event, body, context }) => {
    if (event.reaction !== ctx.settings.captureEmoji || event.item.type !== 'message') return;
    if (!(await firstDelivery(ctx, body, context))) return;
    const { channel: channelId, ts } = event.item;
    const userId = event.user;
    ctx.background.run('reaction', { channel: channelId, ts }, async () => {
      if (await ctx.externalRefused(channelId, body.is_ext_shared_channel)) return;
      const message = await readMessage(ctx, channelId, ts);
      if (!message) {
        await ctx.replies.privately({ userId, channelId }, plainMessage('Frontline could not read that message. Invite the bot to the channel, then react again.'));
        return;
      }
      await captureMessage(
        ctx,
        { teamId: body.team_id, channelId, ts, threadTs: message.thread_ts, text: message.text ?? '', authorId: message.user ?? event.item_user },
        { source: 'reaction', reporterId: userId, confirm: 'private' },
      );
    });
  });
}

interface Found {
  ts?: string;
  text?: string;
  user?: string;
  thread_ts?: string;
}

/** A top-level message from history, else a thread reply from its thread. */
async function readMessage(ctx: SurfaceContext, channel: string, ts: string): Promise<Found | undefined> {
  try {
    const history = await ctx.api.conversationHistory({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
    const top = (history.messages as Found[] | undefined)?.find((m) => m.ts === ts);
    if (top) return top;
    const thread = await ctx.api.conversationReplies({ channel, ts, limit: 1, inclusive: true, latest: ts, oldest: ts });
    return (thread.messages as Found[] | undefined)?.find((m) => m.ts === ts);
  } catch (error) {
    ctx.log.warn({ channel, ts, err: String(error) }, 'could not read a reacted message');
    return undefined;
  }
}
