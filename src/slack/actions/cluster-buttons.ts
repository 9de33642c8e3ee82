// The digest's and App Home's cluster buttons: Promote, Merge, Relabel,
// Dismiss. Ack first; the flow checks the role, follows merged-away clusters,
// and opens the modal (views.open must happen within the trigger's 3 s).
import type { App, BlockAction } from '@slack/bolt';
import { onClusterButton, type ClusterButton } from '../../actions/flows/clicks.js';
import { ACTION_IDS } from '../blocks/digest.js';
import { clickContext } from './click.js';
import type { PmContext } from './service.js';

export function registerClusterButtons(app: App, ctx: PmContext): void {
  const pm = ctx.pm;
  if (!pm) return;
  for (const button of Object.keys(ACTION_IDS) as ClusterButton[]) {
    app.action<BlockAction>(ACTION_IDS[button], async ({ ack, body, action }) => {
      await ack();
      const click = clickContext(body, action);
      ctx.background.run(`pm_${button}`, { user: click.userId }, () => onClusterButton(pm, button, click));
    });
  }
}
