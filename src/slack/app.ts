// Builds the Bolt app: Socket Mode when an app token is given (no inbound URL,
// which suits a bank firewall), else HTTP on Bolt's default /slack/events with
// GET /healthz. Requests are verified (signing secret) and acknowledged before
// any slow work (processBeforeResponse: false). Every Web API call goes through
// deps.api, including the start-up auth.test that names the workspace.
import { App } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Background } from './background.js';
import { Channels } from './channels.js';
import type { SurfaceContext } from './context.js';
import type { SlackDeps } from './deps.js';
import { healthRoute } from './health.js';
import { GuardedHTTPReceiver } from './receiver.js';
import { Replies } from './replies.js';
import { slackLogger } from './slack-logger.js';
import { registerFeedbackCommand } from './commands/feedback.js';
import { registerAppMention } from './events/app-mention.js';
import { registerMessageEvents } from './events/message.js';
import { registerReactionAdded } from './events/reaction-added.js';
import { registerSendToFrontline } from './shortcuts/send-to-frontline.js';
import { registerFeedbackModal } from './views/feedback-modal.js';
import { registerPmActions } from './actions/index.js';
import { registerFixTags } from './views/fix-tags.js';

export interface SlackAppOptions {
  botToken: string;
  /** HTTP mode: verifies every request with it. */
  signingSecret?: string | undefined;
  /** Socket Mode when set (xapp- token with connections:write). */
  appToken?: string | undefined;
  /** HTTP mode: where to listen (PORT; 0 picks a free port). */
  port?: number;
  host?: string;
}

export interface Workspace {
  teamId: string;
  team: string;
  url: string;
  botUserId: string;
}

export interface SlackRuntime {
  app: App;
  mode: 'http' | 'socket';
  workspace: Workspace;
  /** Starts receiving; in HTTP mode resolves with the bound port. */
  start(): Promise<{ port?: number }>;
  /** Stops taking events, then finishes the work already acknowledged. */
  stop(): Promise<void>;
  /** Resolves once all acknowledged work is done (tests, shutdown). */
  idle(): Promise<void>;
}

/** Registration modules, one per surface; surfaces.ts lists what they declare. */
const SURFACES = [registerFeedbackCommand, registerFeedbackModal, registerSendToFrontline, registerMessageEvents, registerAppMention, registerReactionAdded, registerFixTags];

export async function createSlackApp(deps: SlackDeps, options: SlackAppOptions): Promise<SlackRuntime> {
  const log = deps.log.child({ component: 'slack-app' });
  const auth = await deps.api.authTest();
  const workspace: Workspace = { teamId: auth.team_id ?? '', team: auth.team ?? '', url: auth.url ?? '', botUserId: auth.user_id ?? '' };
  const mode = options.appToken ? 'socket' : 'http';
  if (mode === 'http' && !options.signingSecret) throw new Error('HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)');

  const background = new Background(log);
  let accepting = false;
  const logger = slackLogger(deps.log);
  const common = {
    token: options.botToken,
    botId: auth.bot_id,
    botUserId: auth.user_id,
    // auth.test already ran through deps.api; Bolt must not call it again.
    tokenVerificationEnabled: false,
    // Frontline keeps no per-conversation state in Bolt: skip its in-memory conversation store.
    convoStore: false as const,
    logger,
    clientOptions: { slackApiUrl: deps.api.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  };
  const app =
    mode === 'socket'
      ? new App({ ...common, appToken: options.appToken, socketMode: true })
      : new App({
          ...common,
          receiver: new GuardedHTTPReceiver({
            signingSecret: options.signingSecret!,
            signatureVerification: true,
            processBeforeResponse: false,
            logger,
            customRoutes: [healthRoute(() => ({ mode, accepting, inFlight: background.inFlight, failedAfterAck: background.failed }))],
          }),
        });

  const channels = new Channels(deps.api);
  const ctx: SurfaceContext = {
    ...deps,
    background,
    replies: new Replies(deps.api, log),
    channels,
    botUserId: workspace.botUserId,
    now: deps.now ?? (() => new Date()),
    async externalRefused(channelId, envelopeFlag) {
      if (deps.settings.allowExternalChannels) return false;
      // Slack's envelope flag first; else the channel's facts (cached), so a
      // surface without the flag (shortcuts) is still checked.
      let external = envelopeFlag === true;
      if (!external && !channelId.startsWith('D')) {
        try {
          external = (await channels.facts(channelId)).external;
        } catch (error) {
          log.warn({ channel: channelId, err: String(error) }, 'conversations.info failed; trusting the event envelope');
        }
      }
      if (external) log.info({ channel: channelId }, 'refused a Slack Connect channel (FRONTLINE_ALLOW_EXTERNAL_CHANNELS is off)');
      return external;
    },
  };
  for (const register of SURFACES) register(app, ctx);
  registerPmActions(app, ctx); // PM actions and the App Home, when the runtime put a `pm` service on the context
  app.error(async (error) => {
    log.error({ err: error.message, code: error.code }, 'Bolt listener error');
  });

  return {
    app,
    mode,
    workspace,
    async start() {
      const started: unknown = mode === 'http' ? await app.start({ port: options.port ?? 3000, host: options.host ?? '0.0.0.0' }) : await app.start();
      accepting = true;
      const port = mode === 'http' ? ((started as Server).address() as AddressInfo).port : undefined;
      log.info({ mode, team: workspace.team, teamId: workspace.teamId, botUserId: workspace.botUserId, port }, 'Frontline is connected to Slack');
      return { port };
    },
    async stop() {
      accepting = false;
      await app.stop();
      await background.drain();
      await deps.api.stop();
      log.info('Slack app stopped; acknowledged work finished');
    },
    idle: () => background.drain(),
  };
}
