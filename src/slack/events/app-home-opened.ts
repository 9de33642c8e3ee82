// The Home tab: PMs see the must-do lane, top clusters, the unclassified
// queue and their backlog; reporters see their recent reports. Rebuilt on
// every opening (and by the PM flows after actions that change it).
import type { App } from '@slack/bolt';
import { onHomeOpened } from '../../actions/flows/home.js';
import type { PmContext } from '../actions/service.js';

export function registerAppHomeOpened(app: App, ctx: PmContext): void {
  const pm = ctx.pm;
  if (!pm) return;
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    const userId = event.user;
    ctx.background.run('app_home_opened', { user: userId }, () => onHomeOpened(pm, userId));
  });
}
