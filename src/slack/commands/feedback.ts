// /feedback <text> files at once; /feedback alone opens the modal;
// /feedback watch | unwatch turns channel capture on or off (admins);
// /feedback help explains. Every branch acks first, then works.
import type { App, SlashCommand } from '@slack/bolt';
import { intakeKeys, type IntakeRequest } from '../../intake/types.js';
import { confirmOwedAfterRestart } from '../after-filing.js';
import { finishFiling, writeAhead, type Filing } from '../capture.js';
import { plainMessage } from '../blocks/confirmation.js';
import { feedbackModal } from '../blocks/feedback-modal.js';
import type { SurfaceContext } from '../context.js';
import { digestHere } from './digest-here.js';
import { roleCommand } from './role.js';
import { COMMAND, SHORTCUT } from '../surfaces.js';

export const HELP = [
  `*${COMMAND.command} what the customer said* files it at once.`,
  `*${COMMAND.command}* alone opens a short form (product, branch, channel, impact).`,
  `On any message: *More actions → ${SHORTCUT.name}*, or react with the capture emoji.`,
  `Admins: *${COMMAND.command} watch* in a channel captures every top-level message there; *${COMMAND.command} unwatch* stops.`,
  `Admins: *${COMMAND.command} role @someone pm* lets them act on clusters (promote, merge, relabel, dismiss); *reporter* takes it back.`,
  `PMs: *${COMMAND.command} digest here [products…] [en|zh-TW|zh-CN]* posts the weekly digest in this channel.`,
  `PMs: the Home tab shows this week's must-do and top clusters, the unclassified queue and your backlog.`,
].join('\n');

export function registerFeedbackCommand(app: App, ctx: SurfaceContext): void {
  // Items written ahead and processed after a restart still owe their reporter a confirmation (every surface's items).
  confirmOwedAfterRestart(ctx);
  app.command(COMMAND.command, async ({ command, ack }) => {
    const text = command.text.trim();
    const word = text.toLowerCase();
    if (word === 'help') {
      await ack({ response_type: 'ephemeral', text: HELP });
      return;
    }
    // `/feedback <text>`: stored (redacted, pending) before the ack, so a crash after it loses nothing.
    const filing = isFilingText(word) ? await writeAhead(ctx, feedbackRequest(ctx, command, text)) : undefined;
    await ack();
    const meta = { surface: 'slash_command', user: command.user_id, channel: command.channel_id };
    if (/^digest(\s|$)/.test(word)) return ctx.background.run('digest_here', meta, () => digestHere(ctx, command, text));
    if (/^role(\s|$)/.test(word)) return ctx.background.run('role', meta, () => roleCommand(ctx, command, text));
    if (word === 'watch' || word === 'unwatch') {
      ctx.background.run('watch', meta, () => changeWatch(ctx, command, word));
    } else if (!text) {
      ctx.background.run('open_modal', meta, async () => {
        await ctx.api.openView({ trigger_id: command.trigger_id, view: feedbackModal(ctx.settings.products, { channelId: command.channel_id }) });
      });
    } else if (filing) {
      ctx.background.run('slash_command', meta, () => fileText(ctx, command, filing));
    }
  });
}

/** True when `/feedback <text>` files the text (not a sub-command, not empty). */
function isFilingText(word: string): boolean {
  return word !== '' && !/^(digest|role)(\s|$)/.test(word) && word !== 'watch' && word !== 'unwatch';
}

function feedbackRequest(ctx: SurfaceContext, command: SlashCommand, text: string): IntakeRequest {
  return {
    intakeKey: intakeKeys.slackTrigger(command.trigger_id),
    source: 'slash_command',
    text,
    receivedAt: ctx.now(),
    reporterId: command.user_id,
    slack: { teamId: command.team_id, channelId: command.channel_id },
  };
}

async function fileText(ctx: SurfaceContext, command: SlashCommand, filing: Filing): Promise<void> {
  const target = { userId: command.user_id, responseUrl: command.response_url, channelId: command.channel_id };
  await finishFiling(ctx, filing, { target, source: 'slash_command' });
}

async function changeWatch(ctx: SurfaceContext, command: SlashCommand, word: 'watch' | 'unwatch'): Promise<void> {
  const target = { userId: command.user_id, responseUrl: command.response_url, channelId: command.channel_id };
  const say = (text: string) => ctx.replies.privately(target, plainMessage(text));
  if (!ctx.settings.admins.includes(command.user_id)) {
    await say('Only Frontline admins can change which channels are watched (FRONTLINE_ADMINS).');
    return;
  }
  if (command.channel_id.startsWith('D')) {
    await say('Direct messages to Frontline are always filed; watching is for channels.');
    return;
  }
  if (word === 'unwatch') {
    await ctx.watchList.unwatch(command.channel_id, command.user_id);
    await say('Frontline no longer captures messages in this channel.');
    return;
  }
  const facts = await ctx.channels.facts(command.channel_id);
  if (facts.external && !ctx.settings.allowExternalChannels) {
    await say('This channel is shared with another organisation (Slack Connect). Frontline does not capture it unless FRONTLINE_ALLOW_EXTERNAL_CHANNELS=true.');
    return;
  }
  await ctx.watchList.watch(command.channel_id, command.user_id);
  await say(
    `Frontline now files every top-level message in this channel; thread replies are added as context.` +
      (facts.member ? '' : ' Invite the bot with `/invite @Frontline` so it can read the channel.'),
  );
}
