import { type Command, numberOption, printJson, stringOption, UserError } from '../command.js';
import { withStore } from '../context.js';
import { readAudit } from '../../store/audit.js';

export const audit: Command = {
  name: 'audit',
  summary: 'Read the audit log of PM actions, allowed and refused',
  help: `Usage: frontline audit [--since DATE] [--actor U…] [--subject S] [--action A] [--limit N] [--json]

Every PM action (promote, merge, relabel, dismiss, backlog status, roles…),
allowed or refused, with who, what, before and after. Newest first.
The log is append-only: the database refuses to change or delete entries.

Options:
  --since DATE    Only entries at or after DATE (ISO 8601, e.g. 2026-11-01)
  --actor U…      Only this actor (a Slack user ID, or cli:<name>)
  --subject S     Only this subject: BL-12, cluster:7, user:U012AB3CD
  --action A      Only this action, e.g. promote or backlog.status
  --limit N       At most N entries (default 100, up to 100000)
  --json          Print a JSON array`,
  options: { since: { type: 'string' }, actor: { type: 'string' }, subject: { type: 'string' }, action: { type: 'string' }, limit: { type: 'string' } },
  async run(args, io) {
    const sinceText = stringOption(args, 'since');
    const since = sinceText === undefined ? undefined : new Date(sinceText);
    if (since && Number.isNaN(since.getTime())) throw new UserError(`--since must be a date such as 2026-11-01 (got '${sinceText}')`);
    const limit = numberOption(args, 'limit', 100, 1, 100_000);
    const rows = await withStore(io, (store) =>
      readAudit(store.prisma, { since, actor: stringOption(args, 'actor'), subject: stringOption(args, 'subject'), action: stringOption(args, 'action'), limit }),
    );
    if (args.values.json) {
      printJson(io, rows);
      return 0;
    }
    if (rows.length === 0) {
      io.stdout.write('No audit entries.\n');
      return 0;
    }
    for (const r of rows) {
      const change = r.before !== null || r.after !== null ? `  ${JSON.stringify(r.before)} → ${JSON.stringify(r.after)}` : '';
      io.stdout.write(`${r.at}  ${r.actor}  ${r.action}  ${r.subject}${r.allowed ? '' : `  REFUSED (${r.detail ?? ''})`}${change}\n`);
    }
    return 0;
  },
};
