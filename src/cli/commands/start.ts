import { showDemo } from './demo.js';
import type { Command } from '../command.js';
import { withStore } from '../context.js';

export const start: Command = {
  name: 'start',
  summary: 'Run Frontline: the Slack bot with tokens, or the local demo without',
  help: `Usage: frontline start   (what \`npm start\` runs)

With SLACK_BOT_TOKEN (and SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET
for HTTP mode) it runs the bot. Without tokens it runs the local demo
(\`frontline demo\`): it migrates the database, loads the bundled sample once,
prints this week's digest and writes its Block Kit JSON to data/demo-digest.json.`,
  async run(_args, io) {
    return withStore(io, async (store, config) => {
      if (!config.SLACK_BOT_TOKEN) {
        if (store.migrations.applied.length > 0) io.stdout.write(`Database ready on ${store.path} (${store.migrations.applied.length} migration(s) applied).\n`);
        await showDemo(store, config, io);
        return 0;
      }
      io.stderr.write('frontline start: the Slack bot is not available in this build yet.\n');
      return 1;
    });
  },
};
