// Exactly-once for Events API deliveries: Slack retries (X-Slack-Retry-Num)
// and sometimes delivers twice; only the first claim of an event_id runs.
// And the write-ahead of new items before Bolt acknowledges an event.
import type { App, Context, ReceiverEvent } from '@slack/bolt';
import type { Filing } from '../capture.js';
import type { SurfaceContext } from '../context.js';

export async function firstDelivery(ctx: SurfaceContext, body: { event_id?: string }, context: Context): Promise<boolean> {
  const eventId = body.event_id;
  if (!eventId) return false;
  if (await ctx.events.claim(eventId)) return true;
  ctx.log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'event already handled; ignoring the repeat');
  return false;
}

/** What an event listener stores before Bolt acknowledges its event (a new item's write-ahead). */
export type AheadPlanner = (body: EventBody) => Promise<Filing | undefined>;

interface EventBody {
  type?: string;
  event_id?: string;
  team_id?: string;
  is_ext_shared_channel?: boolean;
  event?: { type?: string } & Record<string, unknown>;
}

/** Per app: planners by event type, and write-aheads done for events whose listeners have not run yet. */
const hooks = new WeakMap<App, { planners: Map<string, AheadPlanner>; done: Map<string, Filing | undefined> }>();

/**
 * Bolt acknowledges Events API deliveries before any listener runs. This runs
 * `plan` for events of `type` first, inside app.processEvent (which both the
 * HTTP and the Socket Mode receivers call before they can acknowledge), so a
 * new item is stored (redacted, pending) before Slack hears back. The listener
 * takes the result with takeAhead().
 */
export function beforeEventAck(app: App, ctx: SurfaceContext, type: string, plan: AheadPlanner): void {
  let hook = hooks.get(app);
  if (!hook) {
    const state = { planners: new Map<string, AheadPlanner>(), done: new Map<string, Filing | undefined>() };
    hook = state;
    hooks.set(app, state);
    const processEvent = app.processEvent.bind(app);
    app.processEvent = async (event: ReceiverEvent) => {
      const body = event.body as EventBody;
      const planner = body.type === 'event_callback' && body.event?.type ? state.planners.get(body.event.type) : undefined;
      const eventId = body.event_id;
      if (!planner || !eventId) return processEvent(event);
      try {
        state.done.set(eventId, await planner(body));
      } catch (error) {
        ctx.log.error({ eventId, err: String(error) }, 'could not store an event ahead of its ack; it is filed after the ack');
      }
      try {
        return await processEvent(event);
      } finally {
        state.done.delete(eventId);
      }
    };
  }
  hook.planners.set(type, plan);
}

/** The write-ahead done before the ack for this event: `planned` false when none ran (then the listener does it). */
export function takeAhead(app: App, eventId: string | undefined): { planned: boolean; filing?: Filing | undefined } {
  const done = eventId ? hooks.get(app)?.done : undefined;
  if (!done || !eventId || !done.has(eventId)) return { planned: false };
  const filing = done.get(eventId);
  done.delete(eventId);
  return { planned: true, filing };
}
