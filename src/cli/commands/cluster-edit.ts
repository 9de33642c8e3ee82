// `frontline clusters merge|unmerge|split|move`: the cluster operations a PM
// has in Slack (merge, unmerge), plus split and move, for operators and for
// undoing a merge the re-cluster pass made. Each is recorded in the audit log,
// as in Slack. A running bot keeps its clusters in memory and would not see
// these changes, so they are refused while it runs (the writer lease); PMs
// use the digest's buttons then.
import { userInfo } from 'node:os';
import { type Command, type CommandIO, type ParsedArgs, printJson, stringOption, UserError } from '../command.js';
import { withWriterStore } from '../context.js';
import { openIntake } from '../../intake/open.js';
import { ClusterOperationError } from '../../triage/cluster/errors.js';
import type { ClusterStore } from '../../store/clusters.js';
import { UnknownMergeError } from '../../store/clusters.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

const AS = `  --as NAME    Who is acting, for the audit log (default: your login name)
  --json       Print the result as JSON`;

type Operation = (clusters: ClusterStore, prisma: PrismaClient, actor: string, ids: number[]) => Promise<{ json: object; text: string }>;

function clusterCommand(name: string, summary: string, usage: string, arity: [number, number], operate: Operation): Command {
  return {
    name: `clusters ${name}`,
    summary,
    help: `Usage: frontline clusters ${name} ${usage}\n\n${summary}.\nRefused while the bot runs on the same database (it keeps clusters in memory); use the digest's buttons then.\n\nOptions:\n${AS}`,
    options: { as: { type: 'string' } },
    allowPositionals: true,
    run: (args, io) => runOperation(args, io, name, usage, arity, operate),
  };
}

async function runOperation(args: ParsedArgs, io: CommandIO, name: string, usage: string, [min, max]: [number, number], operate: Operation): Promise<number> {
  const ids = args.positionals.map((p) => {
    const id = /^#?[1-9]\d{0,14}$/.test(p) ? Number(p.replace('#', '')) : NaN;
    if (!Number.isSafeInteger(id)) throw new UserError(`'${p}' is not an id (a whole number such as 12). Usage: frontline clusters ${name} ${usage}`);
    return id;
  });
  if (ids.length < min || ids.length > max) throw new UserError(`Usage: frontline clusters ${name} ${usage}`);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new UserError(`#${twice} is given twice`);
  const actor = `cli:${stringOption(args, 'as') ?? loginName()}`;
  return withWriterStore(io, `frontline clusters ${name}`, async (store, config) => {
    const intake = await openIntake(store, config);
    let result: { json: object; text: string };
    try {
      result = await intake.pipeline.exclusive(() => operate(intake.clusters, store.prisma, actor, ids));
    } catch (error) {
      if (error instanceof ClusterOperationError || error instanceof UnknownMergeError) throw new UserError(error.message);
      throw error;
    }
    if (args.values.json) printJson(io, result.json);
    else io.stdout.write(result.text + '\n');
    return 0;
  });
}

/** The login name, for the audit log; userInfo() throws for a uid without a passwd entry (containers). */
function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

export const clustersMerge = clusterCommand(
  'merge', 'Merge one cluster into another, keeping history (undo with clusters unmerge)', '<source-id> <target-id>', [2, 2],
  async (clusters, prisma, actor, [source, target]) => {
    const { mergeId } = await clusters.merge(prisma, source!, target!, actor);
    return { json: { merge_id: mergeId, source_id: source, target_id: target }, text: `Merged #${source} into #${target} (merge ${mergeId}; undo with: frontline clusters unmerge ${mergeId}).` };
  },
);

export const clustersUnmerge = clusterCommand(
  'unmerge', 'Undo a merge (by a PM or the re-cluster pass): its items go back', '<merge-id>', [1, 1],
  async (clusters, prisma, actor, [mergeId]) => {
    const { sourceId, itemIds } = await clusters.unmerge(prisma, mergeId!, actor);
    return { json: { merge_id: mergeId, source_id: sourceId, items: itemIds }, text: `Unmerged merge ${mergeId}: ${itemIds.length} items are back in #${sourceId}.` };
  },
);

export const clustersSplit = clusterCommand(
  'split', 'Split items out of a cluster into a new cluster that keeps them', '<cluster-id> <item-id>…', [2, 1000],
  async (clusters, prisma, actor, [clusterId, ...itemIds]) => {
    const created = await clusters.split(prisma, clusterId!, itemIds, actor);
    return { json: { cluster_id: clusterId, new_cluster_id: created, items: itemIds }, text: `Split ${itemIds.length} items out of #${clusterId} into #${created}.` };
  },
);

export const clustersMove = clusterCommand(
  'move', 'Move one item to another cluster, where re-clustering leaves it', '<item-id> <cluster-id>', [2, 2],
  async (clusters, prisma, actor, [itemId, target]) => {
    await clusters.move(prisma, itemId!, target!, actor);
    return { json: { item_id: itemId, cluster_id: target }, text: `Moved item #${itemId} to #${target}.` };
  },
);
