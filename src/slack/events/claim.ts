// Exactly-once for Events API deliveries: Slack retries (X-Slack-Retry-Num)
// and sometimes delivers twice; only the first claim of an event_id runs.
import type { Context } from '@slack/bolt';
import type { SurfaceContext } from '../context.js';

export async function firstDelivery(ctx: SurfaceContext, body: { event_id?: string }, context: Context): Promise<boolean> {
  const eventId = body.event_id;
  if (!eventId) return false;
  if (await ctx.events.claim(eventId)) return true;
  ctx.log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'event already handled; ignoring the repeat');
  return false;
}
