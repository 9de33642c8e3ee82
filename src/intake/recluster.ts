// The periodic re-cluster pass of the running bot: repairs the drift that
// arrival-order clustering leaves (paraphrases that arrived early split), in
// the intake's serial queue so it never interleaves with storing an item.
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { Intake } from './open.js';

export const reclusterEveryMs = 3600_000;

/** Runs the pass every `everyMs` (hourly); returns the function that stops it. */
export function startRecluster(intake: Pick<Intake, 'pipeline' | 'clusters'>, prisma: PrismaClient, log: Logger, everyMs = reclusterEveryMs): () => void {
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const s = await intake.pipeline.exclusive(() => intake.clusters.recluster(prisma));
      if (s.itemsMoved > 0) log.info({ itemsMoved: s.itemsMoved, merges: s.merges.length, clustersChanged: s.clustersChanged }, 're-clustered');
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 're-cluster pass failed; the next one retries');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
