// `frontline clusters`: the clusters in the database with their reach (size
// this week and in total, branches, channels, first and last seen).
import { type Command, flagOption, numberOption, printJson, stringOption, UserError } from '../command.js';
import { withStore, withWriterStore } from '../context.js';
import { listClusters } from '../../store/cluster-list.js';
import { openIntake } from '../../intake/open.js';
import { formatWeek, parseWeek, weekOf, weekRange } from '../../digest/week.js';

export const clusters: Command = {
  name: 'clusters',
  summary: 'List clusters with their size this week and in total, branches and channels',
  help: `Usage: frontline clusters [--week 2026-W47] [--limit N] [--all] [--json]
       frontline clusters --recluster [--json]

Lists clusters, busiest in the week first. Sizes, branches and channels are
counted from the stored (not deleted) items.

Options:
  --week W     ISO week in FRONTLINE_TIMEZONE for "this week" (default: the current week)
  --limit N    At most N clusters (default 100, up to 100000)
  --all        Include clusters merged into another one
  --recluster  Run the re-cluster pass now (the bot runs it hourly, imports at
               their end): moves items that fit another cluster better and merges
               clusters that converged. Clusters a PM acted on keep their id and
               members. Prints what changed; with --json {"items_moved","merges":
               [{source_id,target_id,merge_id,items}],"clusters_changed","protected","rounds"}
  --json       Print {"week","clusters":[{id,title,keywords,status,size_this_week,size_total,
               branches,branches_this_week,channels,first_seen,last_seen,…}]}`,
  options: { week: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' }, recluster: { type: 'boolean' } },
  async run(args, io) {
    if (flagOption(args, 'recluster')) {
      for (const other of ['week', 'limit', 'all'] as const) {
        if (args.values[other] !== undefined) throw new UserError(`--recluster does not take --${other}`);
      }
      return withWriterStore(io, 'frontline clusters --recluster', async (store, config) => {
        const intake = await openIntake(store, config);
        const s = await intake.pipeline.exclusive(() => intake.clusters.recluster(store.prisma));
        if (args.values.json) {
          printJson(io, {
            items_moved: s.itemsMoved,
            merges: s.merges.map((m) => ({ source_id: m.sourceId, target_id: m.targetId, merge_id: m.mergeId, items: m.items })),
            clusters_changed: s.clustersChanged,
            protected: s.protected,
            rounds: s.rounds,
          });
          return 0;
        }
        if (s.itemsMoved === 0) {
          io.stdout.write(`Re-clustered: nothing to change (${s.protected} clusters a PM acted on kept as they are).\n`);
          return 0;
        }
        io.stdout.write(
          `Re-clustered: ${s.itemsMoved} items moved, ${s.merges.length} clusters merged, ${s.clustersChanged} clusters changed ` +
            `(${s.protected} clusters a PM acted on kept their id and members).\n`,
        );
        for (const m of s.merges) {
          io.stdout.write(`  #${m.sourceId} → #${m.targetId} (${m.items} items, merge ${m.mergeId}: a PM can unmerge it)\n`);
        }
        return 0;
      });
    }
    const weekText = stringOption(args, 'week');
    const parsed = weekText === undefined ? undefined : parseWeek(weekText);
    if (weekText !== undefined && !parsed) throw new UserError(`--week must be an ISO week such as 2026-W47 (got '${weekText}')`);
    const limit = numberOption(args, 'limit', 100, 1, 100_000);
    return withStore(io, async (store, config) => {
      const week = parsed ?? weekOf(new Date(), config.FRONTLINE_TIMEZONE);
      const range = weekRange(week, config.FRONTLINE_TIMEZONE);
      const rows = await listClusters(store.prisma, { start: range.start, end: range.end, limit, all: flagOption(args, 'all') });
      if (args.values.json) {
        printJson(io, { week: formatWeek(week), clusters: rows });
        return 0;
      }
      if (rows.length === 0) {
        io.stdout.write('No clusters.\n');
        return 0;
      }
      io.stdout.write(`Week ${formatWeek(week)}\n`);
      for (const c of rows) {
        const merged = c.merged_into === null ? '' : ` → #${c.merged_into}`;
        io.stdout.write(
          `#${c.id} [${c.status}${merged}] ${c.size_this_week} this week / ${c.size_total} total · ${c.branches} branches · ${c.channels} channels · ` +
            `${c.first_seen?.slice(0, 10) ?? '-'} … ${c.last_seen?.slice(0, 10) ?? '-'}\n    ${c.title.replace(/\s+/g, ' ').slice(0, 160)}\n`,
        );
      }
      return 0;
    });
  },
};
