// The modal's submission: validate (text required), close at once, then file
// and confirm privately in the channel the command came from.
import type { App } from '@slack/bolt';
import { intakeKeys } from '../../intake/types.js';
import { afterFiling } from '../after-filing.js';
import { FIELDS, readSubmission } from '../blocks/feedback-modal.js';
import type { SurfaceContext } from '../context.js';
import { VIEWS } from '../surfaces.js';

export function registerFeedbackModal(app: App, ctx: SurfaceContext): void {
  app.view(VIEWS.feedback, async ({ ack, view, body }) => {
    const submission = readSubmission(view);
    if (!submission.text) {
      await ack({ response_action: 'errors', errors: { [FIELDS.text]: 'Please write what the customer said.' } });
      return;
    }
    await ack();
    const userId = body.user.id;
    ctx.background.run('modal', { user: userId, view: view.id }, async () => {
      const outcome = await ctx.intake.file({
        intakeKey: intakeKeys.slackTrigger(view.id),
        source: 'modal',
        text: submission.text,
        receivedAt: ctx.now(),
        reporterId: userId,
        branch: submission.branch,
        channelType: submission.channelType,
        customerImpact: submission.customerImpact,
        product: submission.product,
        slack: { teamId: body.team?.id ?? view.team_id, channelId: submission.context.channelId },
      });
      await afterFiling(ctx, outcome, { target: { userId, channelId: submission.context.channelId }, source: 'modal' });
    });
  });
}
