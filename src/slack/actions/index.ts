// Registers every PM listener: cluster buttons, Unmerge, backlog status,
// mute, the unclassified queue, the merge-target options, the PM modals and
// the App Home. Nothing is registered when the context has no `pm` service.
import type { App } from '@slack/bolt';
import { registerAppHomeOpened } from '../events/app-home-opened.js';
import { registerPmKeywordModal } from '../views/pm-add-keyword.js';
import { registerPmDismissModal } from '../views/pm-dismiss.js';
import { registerPmLinkModal } from '../views/pm-link.js';
import { registerPmMergeModal } from '../views/pm-merge.js';
import { registerPmPromoteModal } from '../views/pm-promote.js';
import { registerPmRelabelModal } from '../views/pm-relabel.js';
import { registerPmTagItemModal } from '../views/pm-tag-item.js';
import { registerBacklogStatus } from './backlog-status.js';
import { registerClusterButtons } from './cluster-buttons.js';
import { registerLoopMute } from './loop-mute.js';
import { registerMergeTargetOptions } from './merge-target-options.js';
import type { PmContext } from './service.js';
import { registerUnclassified } from './unclassified.js';
import { registerUnmerge } from './unmerge.js';

export { createPmRuntime, pmService, type PmContext, type PmRuntime, type PmServiceOptions } from './service.js';

const PM_SURFACES = [
  registerClusterButtons,
  registerUnmerge,
  registerBacklogStatus,
  registerLoopMute,
  registerUnclassified,
  registerMergeTargetOptions,
  registerPmPromoteModal,
  registerPmLinkModal,
  registerPmMergeModal,
  registerPmRelabelModal,
  registerPmDismissModal,
  registerPmTagItemModal,
  registerPmKeywordModal,
  registerAppHomeOpened,
];

export function registerPmActions(app: App, ctx: PmContext): void {
  if (!ctx.pm) {
    ctx.log.info('PM actions are off: no PM service on the Slack context');
    return;
  }
  for (const register of PM_SURFACES) register(app, ctx);
}
