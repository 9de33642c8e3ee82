// A reporter mutes or unmutes close-the-loop messages from their App Home.
import type { App, BlockAction } from '@slack/bolt';
import { onMute } from '../../actions/flows/clicks.js';
import { HOME_ACTIONS } from '../blocks/home.js';
import type { PmContext } from './service.js';

export function registerLoopMute(app: App, ctx: PmContext): void {
  const pm = ctx.pm;
  if (!pm) return;
  for (const [id, mute] of [[HOME_ACTIONS.mute, true], [HOME_ACTIONS.unmute, false]] as const) {
    app.action<BlockAction>(id, async ({ ack, body }) => {
      await ack();
      ctx.background.run('pm_loop_mute', { user: body.user.id }, () => onMute(pm, { userId: body.user.id }, mute));
    });
  }
}
