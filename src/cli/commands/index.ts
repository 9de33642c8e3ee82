// Every `frontline <command>`, in the order `frontline --help` lists them.
import type { Command } from '../command.js';
import { audit } from './audit.js';
import { backlog } from './backlog.js';
import { classify } from './classify.js';
import { clusters } from './clusters.js';
import { clustersMerge, clustersMove, clustersSplit, clustersUnmerge } from './cluster-edit.js';
import { config } from './config.js';
import { dbMigrate } from './db-migrate.js';
import { demo } from './demo.js';
import { digest } from './digest.js';
import { evalClassify } from './eval-classify.js';
import { evalCluster } from './eval-cluster.js';
import { evalDedupe } from './eval-dedupe.js';
import { ingest } from './ingest.js';
import { items } from './items.js';
import { start } from './start.js';
import { taxonomyEval, taxonomySuggest } from './taxonomy-suggest.js';

export const commands: Command[] = [start, demo, dbMigrate, ingest, items, digest, backlog, audit, evalDedupe, evalCluster, clusters, clustersMerge, clustersUnmerge, clustersSplit, clustersMove, evalClassify, classify, taxonomySuggest, taxonomyEval, config];
