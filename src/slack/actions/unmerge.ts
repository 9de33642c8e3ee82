// "Unmerge" under a merge confirmation: restores the source cluster's items.
import type { App, BlockAction } from '@slack/bolt';
import { onUnmerge } from '../../actions/flows/clicks.js';
import { UNMERGE_ACTION } from '../blocks/backlog-modals.js';
import { clickContext } from './click.js';
import type { PmContext } from './service.js';

export function registerUnmerge(app: App, ctx: PmContext): void {
  const pm = ctx.pm;
  if (!pm) return;
  app.action<BlockAction>(UNMERGE_ACTION, async ({ ack, body, action }) => {
    await ack();
    const click = clickContext(body, action);
    ctx.background.run('pm_unmerge', { user: click.userId }, () => onUnmerge(pm, click));
  });
}
