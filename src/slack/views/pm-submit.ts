// Shared by the PM modal listeners: run the submission flow, then ack with
// its answer (inline field errors, a replacement view, or close). An
// unexpected failure is shown under `fallbackBlock` so nothing is lost silently.
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { PmFlowDeps, SubmitContext, SubmitResponse } from '../../actions/flows/port.js';
import type { ViewStateValues } from '../blocks/backlog-modals.js';
import type { PmContext } from '../actions/service.js';

export type SubmitFlow = (deps: PmFlowDeps, ctx: SubmitContext) => Promise<SubmitResponse>;

export function registerPmSubmission(app: App, ctx: PmContext, callbackId: string, flow: SubmitFlow, fallbackBlock: string): void {
  const pm = ctx.pm;
  if (!pm) return;
  app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view }) => {
    const submit: SubmitContext = { userId: body.user.id, values: view.state.values as unknown as ViewStateValues, privateMetadata: view.private_metadata };
    let response: SubmitResponse;
    try {
      response = await flow(pm, submit);
    } catch (error) {
      ctx.log.error({ callbackId, user: body.user.id, err: error instanceof Error ? error.message : String(error) }, 'PM modal submission failed');
      response = { response_action: 'errors', errors: { [fallbackBlock]: 'Frontline could not save this just now. Nothing was changed; please submit again.' } };
    }
    await ack(response as never);
  });
}
