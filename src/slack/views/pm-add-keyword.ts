// The add-keyword modal's submission (PM actions): see actions/flows/submissions.ts.
import type { App } from '@slack/bolt';
import { onKeywordSubmit } from '../../actions/flows/submissions.js';
import type { PmContext } from '../actions/service.js';
import { VIEWS } from '../surfaces.js';
import { registerPmSubmission } from './pm-submit.js';

export function registerPmKeywordModal(app: App, ctx: PmContext): void {
  registerPmSubmission(app, ctx, VIEWS.pmAddKeyword, onKeywordSubmit, 'keyword');
}
