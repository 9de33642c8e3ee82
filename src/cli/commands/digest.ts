// `frontline digest --preview | --post`: the weekly digest by hand.
import type { Config } from '../../config.js';
import { digestSettings } from '../../digest/build.js';
import { DigestPoster, type DigestSlack } from '../../digest/post.js';
import { buildDigestPreview, previewSubscriptions } from '../../digest/preview.js';
import { postWeek } from '../../digest/scheduler.js';
import { taxonomyLabelNamer } from '../../digest/labels.js';
import { digestSlackFromApi } from '../../digest/slack-adapter.js';
import { createLogger } from '../../log.js';
import { SlackApi } from '../../slack/client.js';
import { formatWeek, lastCompleteWeek, parseWeek, type IsoWeek } from '../../digest/week.js';
import { type Command, flagOption, printJson, stringOption, UserError, type ParsedArgs } from '../command.js';
import { withStore } from '../context.js';

/** How `--post` reaches Slack: the rate-limited client, or a fake in tests. `close` stops the client's timers. */
export type DigestSlackFactory = (config: Config) => Promise<DigestSlack & { close?(): Promise<void> }>;

/** The real thing: SLACK_BOT_TOKEN through the rate-limited client (429s wait Retry-After and retry). */
export const slackApiFactory: DigestSlackFactory = async (config) => {
  if (!config.SLACK_BOT_TOKEN) throw new UserError('posting needs SLACK_BOT_TOKEN in the environment or .env (or use --preview)');
  const api = new SlackApi({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL, log: createLogger(config.LOG_LEVEL) });
  return Object.assign(digestSlackFromApi(api), { close: () => api.stop() });
};

const help = `Usage: frontline digest --preview [--week 2026-W47] [--channel C…] [--json]
       frontline digest --post [--week 2026-W47] [--channel C…] [--force]

The weekly digest: must-do lane first, then the top clusters by score.
Where it goes: FRONTLINE_DIGEST_CHANNELS (e.g. C0DIGEST01:cards+loans@zh-TW,C0DIGEST02)
and channels set up in Slack with /feedback digest here [products…] [en|zh-TW|zh-CN].
When: FRONTLINE_DIGEST_SCHEDULE in FRONTLINE_TIMEZONE (default MON 09:00 Asia/Taipei);
a bot that was down at that time posts on start.

Options:
  --preview        Show the digest without Slack: readable text (coloured on a
                   terminal), or with --json the exact Block Kit payloads
  --post           Post it to the subscribed channels now (needs SLACK_BOT_TOKEN)
  --week W         ISO week in FRONTLINE_TIMEZONE (default: the last complete week)
  --channel C      Only this channel (previewing an unsubscribed channel shows all products)
  --force          Post again even though this week's digest was already posted
  --json           Print JSON

Examples:
  frontline digest --preview
  frontline digest --preview --week 2026-W47 --json > digest.json
  frontline digest --post --channel C0DIGEST01`;

function weekOption(args: ParsedArgs, config: Config): IsoWeek {
  const text = stringOption(args, 'week');
  if (text === undefined) return lastCompleteWeek(new Date(), config.FRONTLINE_TIMEZONE);
  const week = parseWeek(text);
  if (!week) throw new UserError(`--week must be an ISO week such as 2026-W47 (got '${text}')`);
  return week;
}

export function makeDigestCommand(slackFactory?: DigestSlackFactory): Command {
  return {
    name: 'digest',
    summary: 'Preview or post the weekly digest',
    help,
    options: { preview: { type: 'boolean' }, post: { type: 'boolean' }, week: { type: 'string' }, channel: { type: 'string' }, force: { type: 'boolean' } },
    async run(args, io) {
      const preview = flagOption(args, 'preview');
      const post = flagOption(args, 'post');
      if (preview === post) throw new UserError('choose one of --preview or --post (see frontline digest --help)');
      const channel = stringOption(args, 'channel');
      if (channel !== undefined && !/^[CG][A-Z0-9]{2,}$/.test(channel)) throw new UserError(`--channel must be a channel ID such as C0123456789 (got '${channel}')`);
      return withStore(io, async (store, config) => {
        const week = weekOption(args, config);
        if (preview) {
          const result = await buildDigestPreview(store, config, {
            week,
            ...(channel ? { channel } : {}),
            colour: io.stdout.isTTY === true && !io.env.NO_COLOR,
            labelName: taxonomyLabelNamer(config, io.cwd),
          });
          if (args.values.json) printJson(io, { week: result.week, payloads: result.payloads });
          else io.stdout.write(result.text);
          return 0;
        }
        if (!slackFactory) throw new UserError('posting needs the Slack client: set SLACK_BOT_TOKEN (or use --preview)');
        const subscriptions = await previewSubscriptions(store, config, channel);
        if (!channel && subscriptions.every((s) => s.channelId === 'preview')) {
          throw new UserError('no digest channels: set FRONTLINE_DIGEST_CHANNELS, run /feedback digest here in Slack, or pass --channel');
        }
        const slack = await slackFactory(config);
        const force = flagOption(args, 'force');
        let results: Awaited<ReturnType<typeof postWeek>>;
        try {
          results = await postWeek(store, new DigestPoster(store.prisma, slack), digestSettings(config, taxonomyLabelNamer(config, io.cwd)), subscriptions, week, { force });
        } finally {
          await slack.close?.();
        }
        if (args.values.json) printJson(io, { week: formatWeek(week), results });
        let failed = 0;
        for (const { channelId, result } of results) {
          const line =
            result.outcome === 'posted'
              ? `${channelId}: posted ${formatWeek(week)} (${result.ts.length} message${result.ts.length > 1 ? 's' : ''})`
              : result.outcome === 'already_posted'
                ? `${channelId}: ${formatWeek(week)} was already posted; add --force to post it again`
                : result.outcome === 'busy'
                  ? `${channelId}: another instance (${result.claimedBy}) is posting it; try again after ${result.leaseEndsAt.toISOString()}`
                  : result.outcome === 'lost_claim'
                    ? `${channelId}: another instance took over this post`
                    : `${channelId}: failed: ${result.error}`;
          if (result.outcome !== 'posted') failed++;
          if (!args.values.json) (result.outcome === 'posted' ? io.stdout : io.stderr).write(line + '\n');
        }
        return failed === 0 ? 0 : 1;
      });
    },
  };
}

export const digest: Command = makeDigestCommand(slackApiFactory);
