import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { type Command, type CommandIO, numberOption, printJson, stringOption, UserError } from '../command.js';
import { withStore } from '../context.js';
import { setStatus } from '../../actions/backlog.js';
import { ActionError } from '../../actions/errors.js';
import { parseStatus, STATUS_LABEL } from '../../actions/lifecycle.js';
import { Roles } from '../../actions/roles.js';
import { readAudit } from '../../store/audit.js';
import { BACKLOG_STATUSES, getBacklogItem, listBacklog, parseBacklogKey, type BacklogView } from '../../store/backlog.js';

const CSV_COLUMNS = ['key', 'title', 'status', 'priority', 'owner', 'product', 'createdBy', 'createdAt', 'updatedAt', 'clusterIds', 'description'] as const;

/** One CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets don't run it. */
function csvCell(value: unknown): string {
  let text = Array.isArray(value) ? value.join(' ') : value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function backlogCsv(rows: readonly BacklogView[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

function key(args: string[], usage: string): number {
  const id = args[0] === undefined ? undefined : parseBacklogKey(args[0]);
  if (id === undefined) throw new UserError(`${usage} (e.g. BL-12)`);
  return id;
}

function line(b: BacklogView): string {
  return `${b.key.padEnd(7)} ${(STATUS_LABEL[b.status as keyof typeof STATUS_LABEL] ?? b.status).padEnd(11)} ${b.priority.padEnd(6)} ${b.title}`;
}

async function run(sub: string, rest: string[], args: Parameters<Command['run']>[0], io: CommandIO): Promise<number> {
  const json = args.values.json === true;
  if (sub === 'list') {
    const status = stringOption(args, 'status');
    const parsed = status === undefined ? undefined : parseStatus(status);
    if (status !== undefined && !parsed) throw new UserError(`--status must be one of ${BACKLOG_STATUSES.join(', ')} (got '${status}')`);
    const limit = numberOption(args, 'limit', 100, 1, 100_000);
    const rows = await withStore(io, (store) =>
      listBacklog(store.prisma, { status: parsed, product: stringOption(args, 'product'), owner: stringOption(args, 'owner'), limit }),
    );
    if (json) printJson(io, rows);
    else io.stdout.write(rows.length === 0 ? 'No backlog items.\n' : rows.map(line).join('\n') + '\n');
    return 0;
  }
  if (sub === 'show') {
    const id = key(rest, 'Usage: frontline backlog show BL-<n>');
    const found = await withStore(io, async (store) => {
      const item = await getBacklogItem(store.prisma, id);
      return item ? { item, history: await readAudit(store.prisma, { subject: item.key, limit: 200, order: 'asc' }) } : undefined;
    });
    if (!found) throw new UserError(`BL-${id} does not exist. List them with: frontline backlog list`);
    if (json) printJson(io, { ...found.item, history: found.history });
    else {
      const b = found.item;
      io.stdout.write(
        `${line(b)}\n  product: ${b.product ?? '—'} · owner: ${b.owner ?? '—'} · created by ${b.createdBy} on ${b.createdAt.slice(0, 10)}\n  clusters: ${b.clusterIds.join(', ') || '—'}\n` +
          (b.description ? `\n${b.description}\n` : '') +
          (found.history.length ? `\nHistory:\n${found.history.map((h) => `  ${h.at}  ${h.actor}  ${h.action}${h.allowed ? '' : ' (refused)'}  ${JSON.stringify(h.after)}`).join('\n')}\n` : ''),
      );
    }
    return 0;
  }
  if (sub === 'set') {
    const id = key(rest, 'Usage: frontline backlog set BL-<n> <status>');
    const to = rest[1] === undefined ? undefined : parseStatus(rest[1]);
    if (!to) throw new UserError(`Usage: frontline backlog set BL-${id} <status>, where status is one of ${BACKLOG_STATUSES.join(', ')}`);
    const actor = `cli:${stringOption(args, 'as') ?? userInfo().username}`;
    const result = await withStore(io, async (store, config) => {
      const deps = { prisma: store.prisma, roles: new Roles(store.prisma, config), now: () => new Date(), webhookEnabled: Boolean(config.FRONTLINE_WEBHOOK_URL) };
      try {
        return await setStatus(deps, actor, id, to);
      } catch (error) {
        if (error instanceof ActionError) throw new UserError(error.message);
        throw error;
      }
    });
    if (json) printJson(io, { ...result.backlog, from: result.from });
    else {
      io.stdout.write(`${result.backlog.key}: ${result.from} → ${result.backlog.status}\n`);
      io.stderr.write('Reporters are told by the running bot (it sends close-the-loop messages for changes made here).\n');
    }
    return 0;
  }
  if (sub === 'export') {
    const format = stringOption(args, 'format') ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new UserError(`--format must be csv or json (got '${format}')`);
    const rows = await withStore(io, (store) => listBacklog(store.prisma, {}));
    const text = format === 'csv' ? backlogCsv(rows) : JSON.stringify(rows, null, 2) + '\n';
    const output = stringOption(args, 'output');
    if (output) {
      writeFileSync(resolve(io.cwd, output), text);
      io.stderr.write(`Wrote ${rows.length} backlog items to ${output}\n`);
    } else io.stdout.write(text);
    return 0;
  }
  throw new UserError(`Unknown subcommand '${sub}'. Use list, show, set or export (frontline backlog --help).`);
}

export const backlog: Command = {
  name: 'backlog',
  summary: 'List, show, change and export backlog items (BL-<n>)',
  help: `Usage:
  frontline backlog list [--status S] [--product P] [--owner U…] [--limit N] [--json]
  frontline backlog show BL-12 [--json]
  frontline backlog set BL-12 <status> [--as NAME]
  frontline backlog export [--format csv|json] [--output FILE]

Statuses: new → planned → in_progress → shipped | declined. Steps may be skipped
going forward, in_progress may go back to planned, and shipped or declined items
may be reopened to planned. Each change is audited, sent to the webhook when
FRONTLINE_WEBHOOK_URL is set, and reporters are told by the running bot.

Options:
  --status S       Only items with this status
  --product P      Only items for this product
  --owner U…       Only items owned by this Slack user ID
  --limit N        At most N items (default 100)
  --as NAME        Who is acting, for the audit log (default: your login name)
  --format F       csv (default) or json
  --output FILE    Write the export to FILE instead of stdout
  --json           Machine-readable output`,
  options: {
    status: { type: 'string' },
    product: { type: 'string' },
    owner: { type: 'string' },
    limit: { type: 'string' },
    as: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const [sub, ...rest] = args.positionals;
    if (!sub) throw new UserError('Usage: frontline backlog list|show|set|export (see frontline backlog --help)');
    return run(sub, rest, args, io);
  },
};
