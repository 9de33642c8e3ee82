// What the running Slack bot starts for the digest: the scheduler (it catches
// up on a missed slot at start, then sleeps until the next one), posting
// through the bot's rate-limited client, and the `/feedback digest here` service.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { Roles } from '../actions/roles.js';
import type { SlackApi } from '../slack/client.js';
import { digestHereService, type DigestHereService } from '../slack/commands/digest-here.js';
import type { Store } from '../store/client.js';
import { taxonomyLabelNamer } from './labels.js';
import { DigestPoster } from './post.js';
import { startDigestScheduler, type DigestScheduler } from './scheduler.js';
import { digestSlackFromApi } from './slack-adapter.js';

export interface DigestServiceOptions {
  store: Pick<Store, 'prisma' | 'path'>;
  config: Config;
  api: Pick<SlackApi, 'postMessage' | 'conversationHistory' | 'conversationReplies'>;
  log: Logger;
  /** Roles shared with the PM actions (user-group cache); a fresh one otherwise. */
  roles?: Roles;
  cwd?: string;
  now?: () => Date;
}

export interface DigestService {
  /** Put on the Slack deps as `digestHere` (for `/feedback digest here`). */
  digestHere: DigestHereService;
  /** Starts the scheduler: it catches up on a missed slot at once, then waits for the next. */
  start(): DigestScheduler;
  /** Stops the scheduler (waits for a post in progress). Safe before start. */
  stop(): Promise<void>;
}

/** The digest side of the running bot. Nothing runs until `start()`. */
export function createDigestService(options: DigestServiceOptions): DigestService {
  const { store, config, log } = options;
  const roles = options.roles ?? new Roles(store.prisma, config);
  let scheduler: DigestScheduler | undefined;
  return {
    digestHere: digestHereService(store.prisma, roles, config),
    start() {
      scheduler ??= startDigestScheduler({
        store,
        config,
        poster: new DigestPoster(store.prisma, digestSlackFromApi(options.api), options.now ? { now: options.now } : {}),
        log: log.child({ component: 'digest' }),
        labelName: taxonomyLabelNamer(config, options.cwd ?? process.cwd()),
        ...(options.now ? { now: options.now } : {}),
      });
      return scheduler;
    },
    stop: async () => scheduler?.stop(),
  };
}
