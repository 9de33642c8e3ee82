// Publishing the App Home: on app_home_opened and after actions that change it.
import { loadHome } from '../home-data.js';
import { homeView } from '../../slack/blocks/home.js';
import type { PmFlowDeps } from './port.js';

export async function refreshHome(deps: PmFlowDeps, userId: string): Promise<void> {
  try {
    const role = await deps.roles.roleOf(userId);
    await deps.slack.publishHome(userId, homeView(await loadHome(deps.prisma, userId, role, deps.ranking, deps.now())));
  } catch (error) {
    // The Home is a convenience: a failed refresh never fails the action that caused it.
    deps.onError?.(error, 'app home');
  }
}

/** `app_home_opened` (tab `home`). */
export const onHomeOpened = (deps: PmFlowDeps, userId: string): Promise<void> => refreshHome(deps, userId);
