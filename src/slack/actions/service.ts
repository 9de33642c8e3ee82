// Everything the PM listeners need, built once from the store, the config and
// the Slack client. The app's runtime puts it on the surface context as `pm`
// (like `digestHere`); without it the PM listeners are not registered.
import type { Config } from '../../config.js';
import type { ClusterOps } from '../../actions/cluster-ops.js';
import type { KeywordWriter, PmFlowDeps } from '../../actions/flows/port.js';
import { digestRanking } from '../../actions/home-data.js';
import { digestSettings } from '../../digest/build.js';
import { TaxonomyKeywords } from '../../actions/keywords.js';
import { intentsDir } from '../../intake/triager.js';
import { sweepLoop } from '../../actions/loop.js';
import { WebhookWorker } from '../../actions/webhook.js';
import type { Logger } from '../../log.js';
import { readTaxonomy } from '../../store/taxonomy-files.js';
import { Roles } from '../../actions/roles.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Store } from '../../store/client.js';
import type { ClusterStore } from '../../store/clusters.js';
import type { Taxonomy } from '../../triage/taxonomy.js';
import type { TagKind } from '../../triage/types.js';
import type { LabelOption } from '../blocks/backlog-modals.js';
import type { SlackApi } from '../client.js';
import type { SurfaceContext } from '../context.js';
import { slackPoster, slackPort } from './port.js';

export type PmContext = SurfaceContext & { pm?: PmFlowDeps };

/**
 * Merge and unmerge through the live cluster store (engine and database
 * together), run by `serialize`: the intake's queue, so a PM's merge never
 * interleaves with an item being clustered into one of the two clusters.
 */
export function clusterStoreOps(prisma: PrismaClient, clusters: ClusterStore, now: () => Date, serialize: Serialize = (job) => job()): ClusterOps {
  return {
    merge: (sourceId, targetId, actorId) =>
      serialize(async () => {
        const { mergeId } = await clusters.merge(prisma, sourceId, targetId, actorId, now());
        const record = await prisma.clusterMergeRecord.findUniqueOrThrow({ where: { id: mergeId } });
        return { mergeRecordId: mergeId, sourceId, targetId, movedItemIds: JSON.parse(record.itemIds) as number[] };
      }),
    unmerge: (mergeRecordId, actorId) =>
      serialize(async () => {
        const record = await prisma.clusterMergeRecord.findUniqueOrThrow({ where: { id: mergeRecordId } });
        const undone = await clusters.unmerge(prisma, mergeRecordId, actorId, now());
        return { mergeRecordId, sourceId: undone.sourceId, targetId: record.targetId, restoredItemIds: undone.itemIds };
      }),
  };
}

/** Runs a job alone with respect to the intake's other writes (IntakePipeline.exclusive). */
export type Serialize = <T>(job: () => Promise<T>) => Promise<T>;

/** Product and issue choices for the modals, from the taxonomy in use. */
export function labelOptions(taxonomy: Taxonomy): { products: LabelOption[]; issues: LabelOption[] } {
  const of = (kind: TagKind) =>
    taxonomy.labels.filter((l) => l.kind === kind).map((l) => ({ id: l.id, name: l.names.en }));
  return { products: of('product'), issues: of('issue') };
}

export interface PmServiceOptions {
  store: Store;
  /** Share the app's Roles (one PM user-group cache); built here when absent. */
  roles?: Roles;
  /** Folder FRONTLINE_INTENTS_DIR is relative to. */
  cwd?: string;
  config: Config;
  api: SlackApi;
  clusters?: ClusterStore;
  /** Serialises merges with the intake (its pipeline's exclusive()); default: run at once. */
  serializeClusters?: Serialize;
  /** The taxonomy folder in use; default `intentsDir(config)`. "Add keyword…" writes into it. */
  taxonomyDir?: string;
  /** After "Add keyword…" changed the taxonomy. */
  onTaxonomyChange?: (taxonomy: Taxonomy) => void;
  /** After human labels or the taxonomy changed: retrain the intake classifier (`retrainableIntake(…).refresh`). */
  onLabelsChanged?: () => Promise<void>;
  /** Where built classifiers are cached (false: always build). */
  classifierCacheDir?: string | false;
  keywords?: KeywordWriter;
  now?: () => Date;
  onError?: (error: unknown, context: string) => void;
}

export function pmService(options: PmServiceOptions): PmFlowDeps {
  const { store, config, api } = options;
  const now = options.now ?? (() => new Date());
  const dir = options.taxonomyDir ?? intentsDir(config, options.cwd);
  let taxonomy = readTaxonomy(dir);
  const keywords =
    options.keywords ??
    new TaxonomyKeywords({
      prisma: store.prisma,
      dir,
      now,
      ...(options.classifierCacheDir !== undefined ? { cacheDir: options.classifierCacheDir } : {}),
      onChange(next) {
        taxonomy = next;
        options.onTaxonomyChange?.(next);
      },
    });
  const roles =
    options.roles ??
    new Roles(store.prisma, config, {
      now,
      usergroupMembers: async (usergroup) => (await api.usergroupMembers({ usergroup })).users ?? [],
    });
  return {
    prisma: store.prisma,
    roles,
    now,
    webhookEnabled: Boolean(config.FRONTLINE_WEBHOOK_URL),
    ...(options.clusters ? { clusterOps: clusterStoreOps(store.prisma, options.clusters, now, options.serializeClusters) } : {}),
    poster: slackPoster(api),
    ...(options.onError ? { onError: options.onError } : {}),
    slack: slackPort(api),
    taxonomy: () => labelOptions(taxonomy),
    timeZone: config.FRONTLINE_TIMEZONE,
    ranking: digestRanking(store.path, digestSettings(config)),
    keywords,
    ...(options.onLabelsChanged ? { onLabelsChanged: options.onLabelsChanged } : {}),
  };
}

export interface PmRuntime {
  /** Put on the Slack deps as `pm`. */
  pm: PmFlowDeps;
  /** Starts the webhook worker (when FRONTLINE_WEBHOOK_URL is set) and the close-the-loop sweep. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * The PM service plus its background work: webhook deliveries with retries,
 * and a sweep that sends close-the-loop messages that could not be sent at the
 * time (Slack down, or `frontline backlog set` while the bot was stopped).
 */
export function createPmRuntime(options: PmServiceOptions & { log: Logger; sweepEveryMs?: number; sweepWindowMs?: number }): PmRuntime {
  const log = options.log.child({ component: 'pm-actions' });
  const onError = options.onError ?? ((error: unknown, context: string) => log.warn({ context, err: error instanceof Error ? error.message : String(error) }, 'PM action follow-up failed'));
  const pm = pmService({ ...options, onError });
  const { config } = options;
  const webhook = config.FRONTLINE_WEBHOOK_URL
    ? new WebhookWorker(options.store.prisma, { url: config.FRONTLINE_WEBHOOK_URL, secret: config.FRONTLINE_WEBHOOK_SECRET, onError: (e) => onError(e, 'webhook') })
    : undefined;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  const sweep = () => {
    const now = pm.now();
    sweeping = sweepLoop(pm.prisma, pm.poster!, new Date(now.getTime() - (options.sweepWindowMs ?? 14 * 24 * 3600_000)), now)
      .then((r) => (r.sent > 0 || r.failed > 0 ? log.info(r, 'close-the-loop sweep') : undefined))
      .catch((e: unknown) => onError(e, 'close-the-loop sweep'));
  };
  return {
    pm,
    start() {
      webhook?.start();
      sweep();
      timer = setInterval(sweep, options.sweepEveryMs ?? 5 * 60_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await sweeping;
      await webhook?.stop();
    },
  };
}
