import { loadConfig } from '../../config.js';
import { createLogger } from '../../log.js';
import { showDemo } from './demo.js';
import { type Command, UserError } from '../command.js';
import { withWriterStore } from '../context.js';

export const start: Command = {
  name: 'start',
  summary: 'Run Frontline: the Slack bot with tokens, or the local demo without',
  help: `Usage: frontline start   (what \`npm start\` runs)

With SLACK_BOT_TOKEN (and SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET
for HTTP mode) it runs the bot until SIGTERM/SIGINT, and posts the weekly digest
on schedule (catching up on start if it was down at the scheduled time).
Without tokens it runs the local demo (\`frontline demo\`): it migrates the
database, loads the bundled sample once, prints this week's digest and writes its
Block Kit JSON to data/demo-digest.json.`,
  async run(_args, io) {
    const config = loadConfig(io.env, io.cwd);
    if (!config.SLACK_BOT_TOKEN) {
      return withWriterStore(io, 'the demo (frontline start)', async (store) => {
        if (store.migrations.applied.length > 0) io.stdout.write(`Database ready on ${store.path} (${store.migrations.applied.length} migration(s) applied).\n`);
        await showDemo(store, config, io);
        return 0;
      });
    }
    if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
      throw new UserError('SLACK_BOT_TOKEN is set: also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); see .env.example');
    }
    // Loaded only here: the demo path stays free of Bolt's start-up cost.
    const { runSlackApp } = await import('../../slack/run.js');
    const { slackErrorCode } = await import('../../slack/client.js');
    const { WriterBusyError } = await import('../../store/writer-lease.js');
    let running: Awaited<ReturnType<typeof runSlackApp>>;
    try {
      running = await runSlackApp(config, createLogger(config.LOG_LEVEL), { cwd: io.cwd });
    } catch (error) {
      if (error instanceof WriterBusyError) throw new UserError(error.message);
      const code = slackErrorCode(error);
      if (code) throw new UserError(`Slack refused to start the bot: ${code}${/auth|token/.test(code) ? ' (check SLACK_BOT_TOKEN)' : ''}`);
      throw error;
    }
    io.stderr.write(
      `Frontline is running in ${running.mode === 'socket' ? 'Socket Mode' : `HTTP mode on port ${running.port}`} for ${running.workspace.team || running.workspace.teamId}. Stop with Ctrl-C.\n`,
    );
    await running.closed;
    return 0;
  },
};
