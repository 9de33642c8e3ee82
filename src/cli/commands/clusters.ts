// `frontline clusters`: the clusters in the database with their reach (size
// this week and in total, branches, channels, first and last seen).
import { type Command, flagOption, numberOption, printJson, stringOption, UserError } from '../command.js';
import { withStore } from '../context.js';
import { listClusters } from '../../store/cluster-list.js';
import { formatWeek, parseWeek, weekOf, weekRange } from '../../digest/week.js';

export const clusters: Command = {
  name: 'clusters',
  summary: 'List clusters with their size this week and in total, branches and channels',
  help: `Usage: frontline clusters [--week 2026-W47] [--limit N] [--all] [--json]

Lists clusters, busiest in the week first. Sizes, branches and channels are
counted from the stored (not deleted) items.

Options:
  --week W     ISO week in FRONTLINE_TIMEZONE for "this week" (default: the current week)
  --limit N    At most N clusters (default 100, up to 100000)
  --all        Include clusters merged into another one
  --json       Print {"week","clusters":[{id,title,keywords,status,size_this_week,size_total,
               branches,branches_this_week,channels,first_seen,last_seen,…}]}`,
  options: { week: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' } },
  async run(args, io) {
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
