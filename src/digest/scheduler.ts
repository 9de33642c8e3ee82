// Posting a week's digests to every subscription, and the scheduler loop the
// bot starts: on start it catches up on the latest slot it missed, then sleeps
// until the next one. Exactly-once is the poster's job; the loop may run twice.
import type { Config } from '../config.js';
import type { Store } from '../store/client.js';
import type { Logger } from '../log.js';
import { buildDigestsForWeek, digestSettings, type DigestSettings, type LabelNamer } from './build.js';
import { digestKey, type DigestPoster, type PostOutcome } from './post.js';
import { listSubscriptions, type Subscription } from './subscriptions.js';
import { formatWeek, lastSlot, nextSlot, type IsoWeek } from './week.js';

export interface WeekResult {
  channelId: string;
  result: PostOutcome | { outcome: 'error'; key: string; error: string };
}

/** Posts `week` to each subscription (or one channel) that hasn't had it yet. */
export async function postWeek(
  store: Pick<Store, 'path'>,
  poster: DigestPoster,
  settings: DigestSettings,
  subscriptions: readonly Subscription[],
  week: IsoWeek,
  options: { force?: boolean } = {},
): Promise<WeekResult[]> {
  const label = formatWeek(week);
  const results: WeekResult[] = [];
  const pending: Subscription[] = [];
  for (const s of subscriptions) {
    const record = await poster.status(label, s.channelId);
    if (record?.status === 'posted' && !options.force) {
      results.push({ channelId: s.channelId, result: { outcome: 'already_posted', key: record.idempotencyKey, ts: JSON.parse(record.messageTsList) as string[] } });
    } else pending.push(s);
  }
  if (pending.length === 0) return results;
  const built = await buildDigestsForWeek(store.path, week, pending, settings);
  for (const { subscription, messages } of built) {
    try {
      const result = await poster.post({ week: label, channelId: subscription.channelId, messages, force: options.force ?? false });
      results.push({ channelId: subscription.channelId, result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ channelId: subscription.channelId, result: { outcome: 'error', key: digestKey(label, subscription.channelId), error: message } });
    }
  }
  return results;
}

export interface SchedulerOptions {
  store: Pick<Store, 'prisma' | 'path'>;
  config: Config;
  poster: DigestPoster;
  log: Logger;
  labelName?: LabelNamer;
  now?: () => Date;
  /** Retry delay after an error (default 5 min). */
  retryMs?: number;
}

export interface DigestScheduler {
  /** Resolves after the first (catch-up) run. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

// Long timers drift and overflow setTimeout's 2^31 ms: wake at least this often.
const MAX_SLEEP_MS = 6 * 3_600_000;

export function startDigestScheduler(options: SchedulerOptions): DigestScheduler {
  const now = options.now ?? (() => new Date());
  const settings = digestSettings(options.config, options.labelName);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const runOnce = async (): Promise<number> => {
    const at = now();
    const slot = lastSlot(at, settings.schedule);
    const subscriptions = await listSubscriptions(options.store.prisma, options.config);
    let delay = nextSlot(at, settings.schedule).at.getTime() - at.getTime();
    if (subscriptions.length === 0) return delay;
    const results = await postWeek(options.store, options.poster, settings, subscriptions, slot.week);
    for (const { channelId, result } of results) {
      if (result.outcome === 'posted') options.log.info({ week: formatWeek(slot.week), channelId, parts: result.ts.length, tookOver: result.tookOver }, 'digest posted');
      else if (result.outcome === 'busy') delay = Math.min(delay, result.leaseEndsAt.getTime() - at.getTime() + 1000);
      else if (result.outcome === 'error' || result.outcome === 'lost_claim') {
        options.log.error({ week: formatWeek(slot.week), channelId, ...result }, 'digest not posted; will retry');
        delay = Math.min(delay, options.retryMs ?? 5 * 60_000);
      }
    }
    return delay;
  };

  const tick = (): void => {
    running = runOnce()
      .catch((error: unknown) => {
        options.log.error({ err: error instanceof Error ? error.message : String(error) }, 'digest scheduler run failed');
        return options.retryMs ?? 5 * 60_000;
      })
      .then((delay) => {
        if (!stopped) timer = setTimeout(tick, Math.max(1000, Math.min(delay, MAX_SLEEP_MS)));
      });
  };
  tick();
  const ready = running;
  return {
    ready,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
