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
  scheduler: DigestScheduler;
  /** Put on the surface context as `digestHere`. */
  digestHere: DigestHereService;
  stop(): Promise<void>;
}

export function startDigestService(options: DigestServiceOptions): DigestService {
  const { store, config, log } = options;
  const poster = new DigestPoster(store.prisma, digestSlackFromApi(options.api), options.now ? { now: options.now } : {});
  const scheduler = startDigestScheduler({
    store,
    config,
    poster,
    log: log.child({ component: 'digest' }),
    labelName: taxonomyLabelNamer(config, options.cwd ?? process.cwd()),
    ...(options.now ? { now: options.now } : {}),
  });
  const roles = options.roles ?? new Roles(store.prisma, config);
  return { scheduler, digestHere: digestHereService(store.prisma, roles, config), stop: () => scheduler.stop() };
}
