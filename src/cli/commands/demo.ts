// `frontline demo`: the local demo that `npm start` runs when no Slack tokens
// are set. Loads the bundled sample once, previews this week's digest in the
// terminal and writes its Block Kit JSON to data/demo-digest.json.
import type { Config } from '../../config.js';
import { connectGuidance, runDemo, type DemoResult } from '../../demo/run.js';
import { formatWeek } from '../../digest/week.js';
import type { Store } from '../../store/client.js';
import { type Command, type CommandIO, printJson } from '../command.js';
import { withWriterStore } from '../context.js';

export const demo: Command = {
  name: 'demo',
  summary: 'Load the bundled sample and preview this week\'s digest, with no Slack',
  help: `Usage: frontline demo [--json]

Migrates the local database, loads the bundled sample (405 feedback items over
the last 5 weeks, in English, Traditional and Simplified Chinese) through the
intake pipeline if it isn't loaded yet, then prints this week's digest as Slack
would show it and writes the Block Kit JSON to data/demo-digest.json.
\`npm start\` runs this when no Slack tokens are set. Running it again reuses the
loaded data; delete the database (DATABASE_URL) to reload it at today's dates.

Dates: the sample's "this week" becomes the current ISO week in
FRONTLINE_TIMEZONE (default Asia/Taipei), its earlier weeks the four before.

Options:
  --json   Print {"loaded","added","items","week","json","payloads"} instead of the preview`,
  async run(args, io) {
    return withWriterStore(io, 'frontline demo', async (store, config) => {
      await showDemo(store, config, io, args.values.json === true);
      return 0;
    });
  },
};

/** Runs the demo and prints it: shared by `frontline demo` and `frontline start`. */
export async function showDemo(store: Store, config: Config, io: CommandIO, json = false): Promise<DemoResult> {
  const colour = io.stdout.isTTY === true && !io.env.NO_COLOR;
  const say = (line: string) => {
    if (!json) io.stdout.write(line + '\n');
  };
  const result = await runDemo(store, config, { cwd: io.cwd, colour, say });
  if (json) {
    printJson(io, { loaded: result.loaded, added: result.added, items: result.items, week: formatWeek(result.week), json: result.jsonPath, payloads: result.preview.payloads });
    return result;
  }
  const messages = result.preview.payloads.reduce((n, p) => n + p.messages.length, 0);
  io.stdout.write(`\nThis week's digest (${formatWeek(result.week)}), as it would be posted in Slack:\n\n`);
  io.stdout.write(result.preview.text);
  io.stdout.write(`\nWrote the Block Kit JSON (${messages} message${messages === 1 ? '' : 's'}) to ${result.jsonPath}; paste a message's blocks into https://app.slack.com/block-kit-builder to see it rendered.\n\n`);
  io.stdout.write(connectGuidance(config));
  return result;
}
