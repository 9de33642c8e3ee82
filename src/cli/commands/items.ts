import { type Command, numberOption, printJson, stringOption, UserError, flagOption } from '../command.js';
import { withStore } from '../context.js';
import { listItems } from '../../store/items.js';

export const items: Command = {
  name: 'items',
  summary: 'List stored feedback items (redacted), newest first',
  help: `Usage: frontline items [--since DATE] [--limit N] [--failed] [--json]

Lists stored feedback items, newest first. Texts are already redacted.
Items marked PENDING were stored when Slack was acknowledged and are not
processed yet (tags and cluster follow; after a restart the retry completes
them). Items marked AWAITING TEXT are reactions whose message Frontline has
not read from Slack yet (the retry reads it). Items marked FAILED wait for a retry.

Options:
  --since DATE   Only items received on or after DATE (ISO 8601, e.g. 2026-11-01)
  --limit N      At most N items (default 50, up to 10000)
  --failed       Only items whose processing failed, or whose message could
                 not be read from Slack, and that wait for a retry
  --json         Print a JSON array`,
  options: { since: { type: 'string' }, limit: { type: 'string' }, failed: { type: 'boolean' } },
  async run(args, io) {
    const sinceText = stringOption(args, 'since');
    const since = sinceText === undefined ? undefined : new Date(sinceText);
    if (since && Number.isNaN(since.getTime())) throw new UserError(`--since must be a date such as 2026-11-01 (got '${sinceText}')`);
    const limit = numberOption(args, 'limit', 50, 1, 10_000);
    const rows = await withStore(io, (store) =>
      listItems(store.prisma, { since, limit, failedOnly: flagOption(args, 'failed') }),
    );
    if (args.values.json) {
      printJson(io, rows);
      return 0;
    }
    if (rows.length === 0) {
      io.stdout.write('No items.\n');
      return 0;
    }
    for (const row of rows) {
      const tags = row.tags.map((t) => `${t.kind}:${t.label}`).join(' ') || 'unclassified';
      const where = [row.branch, row.channel_type].filter(Boolean).join(' · ');
      io.stdout.write(`#${row.id}  ${row.received_at}  ${where}  [${row.status === 'pending' ? 'not processed yet' : row.status === 'awaiting_text' ? 'message not read yet' : tags}]${MARKS[row.status] ?? ''}\n    ${row.text.slice(0, 200).replace(/\s+/g, ' ')}\n`);
    }
    return 0;
  },
};

const MARKS: Record<string, string> = { failed: '  FAILED', pending: '  PENDING', awaiting_text: '  AWAITING TEXT' };
