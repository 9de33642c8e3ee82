// Runs Frontline's Slack bot until SIGTERM/SIGINT.
//
// For src/cli/commands/start.ts (digest helper): when SLACK_BOT_TOKEN is set, call
//     const running = await runSlackApp(config, log);   // resolves once it takes events
//     await running.closed;                              // resolves after a graceful shutdown
// `runSlackApp(config: Config, log: Logger, options?: RunSlackOptions): Promise<RunningSlackApp>`.
// Socket Mode when SLACK_APP_TOKEN is set (no inbound URL), else HTTP on PORT at
// /slack/events with GET /healthz (needs SLACK_SIGNING_SECRET). SLACK_API_URL
// overrides the Web API base URL. It logs the mode and the workspace (auth.test).
// On SIGTERM it stops taking events, finishes the acknowledged work (each item
// is stored before any reply is sent), then closes the database.
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { Roles } from '../actions/roles.js';
import { TagCorrections } from '../intake/corrections.js';
import { openIntake, type Intake } from '../intake/open.js';
import type { LoadedTriager } from '../intake/triager.js';
import type { Logger } from '../log.js';
import { openStore, type Store } from '../store/client.js';
import { claimWriter, type WriterLease } from '../store/writer-lease.js';
import { readTaxonomy } from '../store/taxonomy-files.js';
import { createDigestService } from '../digest/service.js';
import { createPmRuntime } from './actions/index.js';
import { retrainableIntake } from '../actions/retrain.js';
import { createSlackApp, type SlackRuntime, type Workspace } from './app.js';
import { SlackApi, type SlackApiOptions } from './client.js';
import type { ProductChoice, SlackSettings } from './deps.js';
import { databaseEventLog, databaseWatchList, pipelineIntake } from './state.js';
import { startRecluster } from '../intake/recluster.js';

export interface RunSlackOptions {
  /** Folder DATABASE_URL and FRONTLINE_INTENTS_DIR are relative to (default: process.cwd()). */
  cwd?: string;
  /** Install SIGTERM/SIGINT handlers (default true; tests pass false and call stop()). */
  handleSignals?: boolean;
  /** HTTP mode: interface to bind (default 0.0.0.0). PORT=0 picks a free port. */
  host?: string;
  /** How often items whose processing failed are retried from the database (default 60 s). */
  retryEveryMs?: number;
  /** Longest a shutdown waits for acknowledged work (default 25 s; the item itself is stored first). */
  drainTimeoutMs?: number;
  /** Client wrapper overrides (tests use generous rate limits). */
  api?: Partial<Omit<SlackApiOptions, 'token' | 'log' | 'apiUrl'>>;
  /** Wraps the triager (tests inject failures). */
  wrapTriager?: (triager: LoadedTriager) => LoadedTriager;
}

export interface RunningSlackApp {
  mode: 'http' | 'socket';
  workspace: Workspace;
  /** HTTP mode: the bound port. */
  port?: number | undefined;
  runtime: SlackRuntime;
  store: Store;
  intake: Intake;
  /** Retries failed items now (also runs on a timer). */
  retryFailed(): Promise<{ retried: number; recovered: number; stillFailing: number }>;
  /** Stops taking events, finishes acknowledged work, closes the database. Idempotent. */
  stop(reason?: string): Promise<void>;
  /** Resolves once stopped. */
  closed: Promise<void>;
}

export async function runSlackApp(config: Config, log: Logger, options: RunSlackOptions = {}): Promise<RunningSlackApp> {
  const botToken = config.SLACK_BOT_TOKEN;
  if (!botToken) throw new Error('runSlackApp needs SLACK_BOT_TOKEN');
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new Error('Set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) next to SLACK_BOT_TOKEN');
  }
  const cwd = options.cwd ?? process.cwd();
  const store = await openStore(config.DATABASE_URL, cwd);
  let lease: WriterLease;
  try {
    lease = claimWriter(store.path, 'the bot (frontline start)'); // one writer per database: src/store/writer-lease.ts
  } catch (error) {
    await store.close();
    throw error;
  }
  let runtime: SlackRuntime | undefined;
  let api: SlackApi | undefined;
  try {
    // The intake classifier retrains when PMs add human labels (relabel, Tag as…, Add keyword…).
    const learning = retrainableIntake(config, store, options.wrapTriager, (e) => log.warn({ err: e instanceof Error ? e.message : String(e) }, 'retraining the classifier failed; keeping the current one'));
    const intake = await openIntake(store, config, log, learning.wrap);
    api = new SlackApi({ token: botToken, apiUrl: config.SLACK_API_URL, log, ...options.api });
    const taxonomy = labelChoices(config, cwd, log);
    const settings: SlackSettings = {
      captureEmoji: config.FRONTLINE_CAPTURE_EMOJI,
      allowExternalChannels: config.FRONTLINE_ALLOW_EXTERNAL_CHANNELS,
      admins: config.FRONTLINE_ADMINS,
      products: taxonomy.products,
      issues: taxonomy.issues,
      escalationChannel: config.FRONTLINE_ESCALATION_CHANNEL,
    };
    const slackApi = api;
    const roles = new Roles(store.prisma, config, {
      usergroupMembers: async (group) => ((await slackApi.usergroupMembers({ usergroup: group })).users ?? []) as string[],
    });
    const events = databaseEventLog(store.prisma);
    const digest = createDigestService({ store, config, api, log, roles, cwd });
    const pmActions = createPmRuntime({
      store, config, api, clusters: intake.clusters, serializeClusters: (job) => intake.pipeline.exclusive(job), roles, log, cwd, onLabelsChanged: learning.refresh,
    }); // PM actions, App Home, webhook, close the loop; merges wait their turn in the intake queue
    runtime = await createSlackApp(
      {
        api,
        intake: pipelineIntake(intake),
        events,
        watchList: databaseWatchList(store.prisma, config.FRONTLINE_WATCH_CHANNELS),
        settings,
        digestHere: digest.digestHere,
        pm: pmActions.pm,
        tagFixer: new TagCorrections(store.prisma, roles, {
          product: new Set(taxonomy.products.map((p) => p.id)),
          issue: new Set(taxonomy.issues.map((i) => i.id)),
        }),
        log,
      },
      { botToken, signingSecret: config.SLACK_SIGNING_SECRET, appToken: config.SLACK_APP_TOKEN, port: config.PORT, host: options.host ?? '0.0.0.0' },
    );
    const started = await runtime.start();
    digest.start(); // the weekly digest: catches up on a slot missed while down, then waits for the next
    pmActions.start();
    const rt = runtime;

    const retryFailed = async () => {
      const result = await intake.updates.retryFailed();
      if (result.retried > 0) log.info(result, 'retried items whose processing had failed');
      return result;
    };
    let housekeepingRuns = false; // a slow pass (Slack reads) must not overlap the next one
    const housekeeping = async () => {
      if (housekeepingRuns) return;
      housekeepingRuns = true;
      try {
        await retryFailed();
        await events.prune(24 * 3600_000);
      } catch (error) {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'retrying failed items failed');
      } finally {
        housekeepingRuns = false;
      }
    };
    void housekeeping();
    const timer = setInterval(() => void housekeeping(), options.retryEveryMs ?? 60_000);
    timer.unref();
    const stopRecluster = startRecluster(intake, store.prisma, log); // hourly re-cluster pass (src/intake/recluster.ts)

    let stopping: Promise<void> | undefined;
    let markClosed!: () => void;
    const closed = new Promise<void>((done) => (markClosed = done));
    const onSignal = (signal: NodeJS.Signals) => void stop(signal);
    const stop = (reason = 'stop') => {
      stopping ??= (async () => {
        log.info({ reason }, 'shutting down: no new events; finishing acknowledged work');
        clearInterval(timer);
        stopRecluster();
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        const deadline = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), options.drainTimeoutMs ?? 25_000).unref());
        const outcome = await Promise.race([rt.stop().then(() => 'done' as const), deadline]);
        if (outcome === 'timeout') log.warn('shutdown deadline reached; replies still pending are dropped (their items are stored)');
        await digest.stop();
        await pmActions.stop();
        await intake.pipeline.exclusive(async () => undefined);
        await store.close();
        lease.release();
        log.info('Frontline stopped');
        markClosed();
      })();
      return stopping;
    };
    if (options.handleSignals ?? true) {
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    }
    return { mode: runtime.mode, workspace: runtime.workspace, port: started.port, runtime, store, intake, retryFailed, stop, closed };
  } catch (error) {
    await runtime?.stop().catch(() => undefined);
    await api?.stop().catch(() => undefined);
    await store.close();
    lease.release();
    throw error;
  }
}

/** Product and issue choices for the modals, from the taxonomy (built-in if the configured folder can't be read). */
function labelChoices(config: Config, cwd: string, log: Logger): { products: ProductChoice[]; issues: ProductChoice[] } {
  let labels;
  try {
    labels = readTaxonomy(resolve(cwd, config.FRONTLINE_INTENTS_DIR)).labels;
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not read the taxonomy; using the built-in one for modal choices');
    labels = readTaxonomy().labels;
  }
  const choice = (l: (typeof labels)[number]): ProductChoice => ({ id: l.id, name: l.names.en ?? l.id });
  return { products: labels.filter((l) => l.kind === 'product').map(choice), issues: labels.filter((l) => l.kind === 'issue').map(choice) };
}
