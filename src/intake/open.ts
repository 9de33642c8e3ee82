// Assembles the intake pipeline for a store: the triage core, the cluster
// index rebuilt from the database, and the pipeline that ties them together.
import type { Config } from '../config.js';
import { log as rootLog, type Logger } from '../log.js';
import type { Store } from '../store/client.js';
import { ClusterStore } from '../store/clusters.js';
import { ItemUpdates } from './item-updates.js';
import { IntakePipeline } from './pipeline.js';
import { loadTriager, type LoadedTriager } from './triager.js';

export interface Intake {
  pipeline: IntakePipeline;
  clusters: ClusterStore;
  triager: LoadedTriager;
  /** Edits, deletions, thread context and retries of failed items. */
  updates: ItemUpdates;
}

export async function openIntake(
  store: Store,
  config: Config,
  log: Logger = rootLog,
  /** Wraps the loaded triager (tests inject failures). */
  wrapTriager: (triager: LoadedTriager) => LoadedTriager = (t) => t,
): Promise<Intake> {
  const triager = wrapTriager(await loadTriager(config, store));
  const clusters = await ClusterStore.load(store.prisma, (text) => triager.prepare(text));
  const pipeline = new IntakePipeline(store.prisma, triager, clusters, log);
  return { pipeline, clusters, triager, updates: new ItemUpdates(store.prisma, pipeline, triager, clusters, log) };
}
