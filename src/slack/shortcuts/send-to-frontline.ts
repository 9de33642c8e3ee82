// Message shortcut "Send to Frontline": captures any message with its
// permalink; the author is credited, the person who clicked is the reporter.
import type { App, MessageShortcut } from '@slack/bolt';
import { plainMessage } from '../blocks/confirmation.js';
import { captureMessage } from '../capture.js';
import type { SurfaceContext } from '../context.js';
import { SHORTCUT } from '../surfaces.js';

export function registerSendToFrontline(app: App, ctx: SurfaceContext): void {
  app.shortcut<MessageShortcut>({ callback_id: SHORTCUT.callback_id, type: 'message_action' }, async ({ ack, shortcut }) => {
    await ack();
    const channelId = shortcut.channel.id;
    const reporterId = shortcut.user.id;
    ctx.background.run('shortcut', { user: reporterId, channel: channelId }, async () => {
      if (await ctx.externalRefused(channelId)) {
        const target = { userId: reporterId, responseUrl: shortcut.response_url, channelId };
        await ctx.replies.privately(target, plainMessage('This channel is shared with another organisation (Slack Connect); Frontline does not capture it.'));
        return;
      }
      const m = shortcut.message;
      await captureMessage(
        ctx,
        { teamId: shortcut.team?.id, channelId, ts: m.ts, threadTs: m.thread_ts, text: m.text ?? '', authorId: m.user },
        { source: 'shortcut', reporterId, confirm: 'private', responseUrl: shortcut.response_url },
      );
    });
  });
}
