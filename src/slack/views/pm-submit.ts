// Shared by the PM modal listeners: run the submission flow, then ack with
// its answer (inline field errors, a replacement view, or close). Slack waits
// 3 s for the ack: a flow still running after ACK_BUDGET_MS (a slow database,
// re-tagging after a new keyword) is acked as done and finishes in the
// background; if it then fails, the user is told by DM instead of inline.
// An unexpected failure is shown under `fallbackBlock` so nothing is lost silently.
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { PmFlowDeps, SubmitContext, SubmitResponse } from '../../actions/flows/port.js';
import type { ViewStateValues } from '../blocks/backlog-modals.js';
import type { PmContext } from '../actions/service.js';

export type SubmitFlow = (deps: PmFlowDeps, ctx: SubmitContext) => Promise<SubmitResponse>;

export const ACK_BUDGET_MS = 2000;
const LATE = Symbol('late');
const FAILED = 'Frontline could not save this just now. Nothing was changed; please submit again.';

export function registerPmSubmission(app: App, ctx: PmContext, callbackId: string, flow: SubmitFlow, fallbackBlock: string): void {
  const pm = ctx.pm;
  if (!pm) return;
  app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view }) => {
    const userId = body.user.id;
    const submit: SubmitContext = { userId, values: view.state.values as unknown as ViewStateValues, privateMetadata: view.private_metadata };
    const failed = (error: unknown): SubmitResponse => {
      ctx.log.error({ callbackId, user: userId, err: error instanceof Error ? error.message : String(error) }, 'PM modal submission failed');
      return { response_action: 'errors', errors: { [fallbackBlock]: FAILED } };
    };
    const running = flow(pm, submit).catch(failed);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), ACK_BUDGET_MS)));
    const first = await Promise.race([running, late]);
    clearTimeout(timer);
    if (first !== LATE) {
      await ack(first as never);
      return;
    }
    await ack();
    ctx.background.run('pm_submit_late', { callbackId, user: userId }, async () => {
      const answer = await running;
      if (answer?.response_action === 'errors') await pm.slack.ephemeral(undefined, userId, Object.values(answer.errors).join('\n'));
      else if (answer?.response_action === 'update') await pm.slack.ephemeral(undefined, userId, 'This was already done by someone else; open the Home tab to see where it stands.');
    });
  });
}
