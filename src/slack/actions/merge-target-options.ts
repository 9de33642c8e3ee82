// Options for the Merge modal's external select: other open clusters whose
// title matches what the PM typed.
import type { App } from '@slack/bolt';
import { onMergeTargetOptions } from '../../actions/flows/clicks.js';
import { MERGE_TARGET_ACTION } from '../blocks/backlog-modals.js';
import type { PmContext } from './service.js';

export function registerMergeTargetOptions(app: App, ctx: PmContext): void {
  const pm = ctx.pm;
  if (!pm) return;
  app.options(MERGE_TARGET_ACTION, async ({ ack, body }) => {
    const privateMetadata = (body as { view?: { private_metadata?: string } }).view?.private_metadata ?? '';
    try {
      await ack((await onMergeTargetOptions(pm, { query: body.value ?? '', privateMetadata })) as never);
    } catch (error) {
      ctx.log.error({ err: String(error) }, 'merge target options failed');
      await ack({ options: [] });
    }
  });
}
