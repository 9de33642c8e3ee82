// The dismiss modal's submission (PM actions): see actions/flows/submissions.ts.
import type { App } from '@slack/bolt';
import { onDismissSubmit } from '../../actions/flows/submissions.js';
import type { PmContext } from '../actions/service.js';
import { VIEWS } from '../surfaces.js';
import { registerPmSubmission } from './pm-submit.js';

export function registerPmDismissModal(app: App, ctx: PmContext): void {
  registerPmSubmission(app, ctx, VIEWS.pmDismiss, onDismissSubmit, 'reason');
}
