import { loadConfig } from '../../config.js';
import { openStore } from '../../store/client.js';
import type { Command } from '../command.js';

export const start: Command = {
  name: 'start',
  summary: 'Run Frontline: the Slack bot with tokens, or the local demo without',
  help: `Usage: frontline start   (what \`npm start\` runs)

With SLACK_BOT_TOKEN (and SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET
for HTTP mode) it runs the bot. Without tokens it migrates the local database and
shows what Frontline needs to connect to Slack.`,
  async run(_args, io) {
    const config = loadConfig(io.env, io.cwd);
    const store = await openStore(config.DATABASE_URL, io.cwd);
    await store.close();
    if (!config.SLACK_BOT_TOKEN) {
      io.stdout.write(guidance(store.path, store.migrations.applied.length));
      return 0;
    }
    io.stderr.write('frontline start: the Slack bot is not available in this build yet.\n');
    return 1;
  },
};

function guidance(path: string, applied: number): string {
  return `Frontline is ready on ${path}${applied ? ` (${applied} migration(s) applied)` : ''}.

No Slack tokens are set, so the bot is not started. To connect to Slack:
  1. Create an app at api.slack.com/apps from manifest.yml in this folder.
  2. Put its tokens in .env (see .env.example):
       SLACK_BOT_TOKEN=xoxb-…       (OAuth & Permissions)
       SLACK_APP_TOKEN=xapp-…       (Socket Mode: no inbound URL needed), or
       SLACK_SIGNING_SECRET=…       (HTTP mode, served on PORT at /slack/events)
  3. Run \`npm start\` again.

Meanwhile, try the CLI:
  npx frontline --help
  npx frontline ingest feedback.csv     (columns: text, branch, channel, created_at, reporter, id)
  npx frontline items
`;
}
