// The unclassified queue on the PM Home: "Tag as…" and "Add keyword…".
import type { App, BlockAction } from '@slack/bolt';
import { onUnclassifiedButton } from '../../actions/flows/clicks.js';
import { HOME_ACTIONS } from '../blocks/home.js';
import { clickContext } from './click.js';
import type { PmContext } from './service.js';

export function registerUnclassified(app: App, ctx: PmContext): void {
  const pm = ctx.pm;
  if (!pm) return;
  for (const [id, which] of [[HOME_ACTIONS.tagItem, 'tag'], [HOME_ACTIONS.addKeyword, 'keyword']] as const) {
    app.action<BlockAction>(id, async ({ ack, body, action }) => {
      await ack();
      const click = clickContext(body, action);
      ctx.background.run(`pm_unclassified_${which}`, { user: click.userId }, () => onUnclassifiedButton(pm, which, click));
    });
  }
}
