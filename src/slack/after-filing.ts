// What every surface does once the pipeline stored an item: confirm to the
// reporter (privately, or in the thread for watched channels), tell them
// privately when customer data was redacted, and alert the escalation
// channel about must-do items (redacted text only, once per item).
import type { AcceptedItem, IntakeOutcome, OwedConfirmation } from '../intake/types.js';
import { confirmation, escalationAlert, redactionNotice } from './blocks/confirmation.js';
import type { SurfaceContext } from './context.js';
import type { PrivateTarget } from './replies.js';

export interface Announce {
  target: PrivateTarget;
  /** Confirm under this message instead of privately (watched channels). */
  thread?: { channelId: string; ts: string } | undefined;
  source: string;
  permalink?: string | undefined;
  /** A Slack retry of the event that filed it: the first delivery may have stored it, and a restart confirmed it. */
  retried?: boolean | undefined;
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

/**
 * afterFiling for a written-ahead item: the first capture of an item claims
 * its confirmation (stored on the item), so a confirmation also owed after a
 * restart is never sent twice; a failed send releases the claim for a retry.
 * A second capture of the same message confirms to its own reporter; a Slack
 * retry of the event that stored it claims like a first capture (the stored
 * item may be the first delivery's, left unconfirmed by a crash).
 */
export async function confirmOnce(ctx: SurfaceContext, accepted: AcceptedItem, outcome: IntakeOutcome, how: Announce): Promise<void> {
  const durable = ctx.intake.durable;
  if ((!accepted.created && !how.retried) || !durable) return afterFiling(ctx, outcome, how);
  if (!(await durable.claimConfirmation(accepted.itemId))) return;
  try {
    await afterFiling(ctx, { ...outcome, created: true }, how);
  } catch (error) {
    await durable.releaseConfirmation(accepted.itemId).catch(() => undefined);
    throw error;
  }
}

/** Confirms items the app processed after a restart (or whose confirmation failed), each once. */
export function confirmOwedAfterRestart(ctx: SurfaceContext): void {
  ctx.intake.durable?.onOwed(async (owed) => {
    for (const item of owed) {
      try {
        await confirmOwed(ctx, item);
      } catch (error) {
        ctx.log.error({ itemId: item.outcome.itemId, err: String(error) }, 'could not send an owed confirmation; it is retried later');
      }
    }
  });
}

async function confirmOwed(ctx: SurfaceContext, item: OwedConfirmation): Promise<void> {
  const accepted = { itemId: item.outcome.itemId, intakeKey: '', created: true };
  const thread = item.source === 'watched_channel' && item.channelId && item.messageTs ? { channelId: item.channelId, ts: item.messageTs } : undefined;
  await confirmOnce(ctx, accepted, item.outcome, {
    target: { userId: item.reporterId, channelId: item.channelId },
    thread,
    source: item.source,
    permalink: item.permalink,
  });
  ctx.log.info({ itemId: item.outcome.itemId, source: item.source }, 'sent a confirmation owed since a restart');
}
