// The App Home's "Move to…" select on a backlog item (value `<id>:<status>`).
import type { App, BlockAction } from '@slack/bolt';
import { onBacklogStatus } from '../../actions/flows/clicks.js';
import { HOME_ACTIONS } from '../blocks/home.js';
import { clickContext } from './click.js';
import type { PmContext } from './service.js';

export function registerBacklogStatus(app: App, ctx: PmContext): void {
  const pm = ctx.pm;
  if (!pm) return;
  app.action<BlockAction>(HOME_ACTIONS.backlogStatus, async ({ ack, body, action }) => {
    await ack();
    const click = clickContext(body, action);
    ctx.background.run('pm_backlog_status', { user: click.userId }, () => onBacklogStatus(pm, click));
  });
}
