// What every PM action needs, injected so Slack I/O stays out of the services.
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Db } from '../store/audit.js';
import type { ClusterOps } from './cluster-ops.js';
import { ActionError } from './errors.js';
import { notifyChange, type LoopChange, type LoopResult, type MessagePoster } from './loop.js';
import type { Roles } from './roles.js';

export interface ActionDeps {
  prisma: PrismaClient;
  roles: Roles;
  now: () => Date;
  /** Enqueue a webhook delivery with each backlog change (FRONTLINE_WEBHOOK_URL is set). */
  webhookEnabled: boolean;
  /** Cluster merge/unmerge in the database (the cluster store). */
  clusterOps?: ClusterOps;
  /** Sends close-the-loop messages right after a change; without it, `sweepLoop` sends them later. */
  poster?: MessagePoster;
  onError?: (error: unknown, context: string) => void;
}

export interface LiveCluster {
  id: number;
  title: string;
  status: string;
  product: string | null;
  issue: string | null;
  /** Set when the cluster asked for was merged away and this is its survivor. */
  followedFrom?: number;
}

/**
 * The cluster to act on: the one named, or the survivor it was merged into
 * (stale digest buttons keep working). Throws a clear `stale` error when it is gone.
 */
export async function liveCluster(db: Db, clusterId: number): Promise<LiveCluster> {
  const first = await db.cluster.findUnique({ where: { id: clusterId } });
  if (!first) {
    throw new ActionError(
      'stale',
      `Cluster ${clusterId} no longer exists (it was rebuilt after this message was posted). Open Frontline's Home tab for the current clusters.`,
    );
  }
  let current = first;
  const seen = new Set<number>();
  while (current.status === 'merged' && current.mergedIntoId !== null && !seen.has(current.id)) {
    seen.add(current.id);
    const next = await db.cluster.findUnique({ where: { id: current.mergedIntoId } });
    if (!next) break;
    current = next;
  }
  if (current.status === 'merged') {
    throw new ActionError('stale', `Cluster ${clusterId} was merged away and its survivor no longer exists. Open Frontline's Home tab for the current clusters.`);
  }
  return {
    id: current.id,
    title: current.title,
    status: current.status,
    product: current.product,
    issue: current.issue,
    ...(current.id !== clusterId ? { followedFrom: clusterId } : {}),
  };
}

/** Close the loop right away when a poster is wired; a failure never undoes the change. */
export async function tellReporters(deps: ActionDeps, change: LoopChange): Promise<LoopResult | undefined> {
  if (!deps.poster) return undefined;
  try {
    return await notifyChange(deps.prisma, deps.poster, change, deps.now());
  } catch (error) {
    deps.onError?.(error, 'close-the-loop');
    return undefined;
  }
}
