// The modal's submission: validate (text required), store the item ahead
// (redacted, pending), close the modal, then process it
// and confirm privately in the channel the command came from.
import type { App } from '@slack/bolt';
import { intakeKeys } from '../../intake/types.js';
import { finishFiling, writeAhead } from '../capture.js';
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
    const userId = body.user.id;
    // Stored (redacted, pending) before the ack closes the modal: a crash after it loses nothing.
    const filing = await writeAhead(ctx, {
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
    await ack();
    ctx.background.run('modal', { user: userId, view: view.id }, () =>
      finishFiling(ctx, filing, { target: { userId, channelId: submission.context.channelId }, source: 'modal' }),
    );
  });
}
