// What every surface does once the pipeline stored an item: confirm to the
// reporter (privately, or in the thread for watched channels), tell them
// privately when customer data was redacted, and alert the escalation
// channel about must-do items (redacted text only, once per item).
import type { IntakeOutcome } from '../intake/types.js';
import { confirmation, escalationAlert, redactionNotice } from './blocks/confirmation.js';
import type { SurfaceContext } from './context.js';
import type { PrivateTarget } from './replies.js';

export interface Announce {
  target: PrivateTarget;
  /** Confirm under this message instead of privately (watched channels). */
  thread?: { channelId: string; ts: string } | undefined;
  source: string;
  permalink?: string | undefined;
}

export async function afterFiling(ctx: SurfaceContext, outcome: IntakeOutcome, how: Announce): Promise<void> {
  // The alert first: it matters most and must not wait behind a failing reply.
  if (outcome.created && outcome.triage.flags.length > 0 && ctx.settings.escalationChannel) {
    try {
      await ctx.api.postMessage({ channel: ctx.settings.escalationChannel, ...escalationAlert(outcome, how.source, how.permalink), unfurl_links: false });
    } catch (error) {
      ctx.log.error({ itemId: outcome.itemId, err: String(error) }, 'could not post the must-do alert to the escalation channel');
    }
  }
  if (how.thread) await ctx.replies.inThread(how.thread.channelId, how.thread.ts, confirmation(outcome));
  else await ctx.replies.privately(how.target, confirmation(outcome));
  const notice = outcome.created ? redactionNotice(outcome.triage.redactions) : null;
  if (notice) await ctx.replies.privately(how.target, notice);
}
