// Message shortcut "Send to Frontline": captures any message with its
// permalink; the author is credited, the person who clicked is the reporter.
import type { App, MessageShortcut } from '@slack/bolt';
import { plainMessage } from '../blocks/confirmation.js';
import { captureAhead, captureMessage, dropAhead } from '../capture.js';
import type { SurfaceContext } from '../context.js';
import { SHORTCUT } from '../surfaces.js';

export function registerSendToFrontline(app: App, ctx: SurfaceContext): void {
  app.shortcut<MessageShortcut>({ callback_id: SHORTCUT.callback_id, type: 'message_action' }, async ({ ack, shortcut }) => {
    const channelId = shortcut.channel.id;
    const reporterId = shortcut.user.id;
    const m = shortcut.message;
    const message = { teamId: shortcut.team?.id, channelId, ts: m.ts, threadTs: m.thread_ts, text: m.text ?? '', authorId: m.user };
    const how = { source: 'shortcut' as const, reporterId, confirm: 'private' as const, responseUrl: shortcut.response_url };
    // Stored (redacted, pending) before the ack; dropped again if the channel turns out to be refused.
    const ahead = await captureAhead(ctx, message, how);
    await ack();
    ctx.background.run('shortcut', { user: reporterId, channel: channelId }, async () => {
      if (await ctx.externalRefused(channelId)) {
        await dropAhead(ctx, ahead);
        const target = { userId: reporterId, responseUrl: shortcut.response_url, channelId };
        await ctx.replies.privately(target, plainMessage('This channel is shared with another organisation (Slack Connect); Frontline does not capture it.'));
        return;
      }
      await captureMessage(ctx, message, how, ahead);
    });
  });
}
