// The one Web API client every Slack call goes through. It applies Slack's
// per-method rate limits with bottleneck (token buckets sized to each tier),
// chat.postMessage at one per second per channel, and on HTTP 429 waits the
// Retry-After seconds and tries again. A call that got 429 was not executed by
// Slack, so retrying it never duplicates a post. The WebClient's own retries
// are off: it would otherwise retry posts after timeouts and could post twice.
import Bottleneck from 'bottleneck';
import { webApi } from '@slack/bolt';
import type { Logger } from '../log.js';
import { PER_MINUTE, POST_MESSAGE_PER_CHANNEL_MS } from './rate-limits.js';
import { slackLogger } from './slack-logger.js';
import type { ApiMethod } from './surfaces.js';

type WebClient = webApi.WebClient;
type Args<K extends keyof WebClient, M extends string> = WebClient[K] extends Record<M, (a: infer A) => unknown> ? A : never;

export interface SlackApiOptions {
  token: string;
  /** Web API base URL (SLACK_API_URL), e.g. a proxy or a test stand-in. */
  apiUrl?: string | undefined;
  log: Logger;
  /** Override calls per minute per method (tests use large numbers). */
  perMinute?: Partial<Record<ApiMethod, number>>;
  postMessagePerChannelMs?: number;
  /** How many 429s in a row a call survives before it fails. */
  maxRateLimitRetries?: number;
  /** Retries of network and 5xx errors, for read-only methods only (0 in tests). */
  transientRetries?: number;
  timeoutMs?: number;
}

/** Methods that are safe to repeat after an unclear failure (they change nothing). */
const READ_ONLY = new Set<ApiMethod>(['auth.test', 'chat.getPermalink', 'conversations.info', 'conversations.history', 'conversations.replies', 'usergroups.users.list']);

export class SlackApi {
  readonly web: WebClient;
  private readonly limiters = new Map<ApiMethod, Bottleneck>();
  private readonly perChannel: Bottleneck.Group;
  /** Until when a method (or `chat.postMessage#channel`) is paused after a 429. */
  private readonly pausedUntil = new Map<string, number>();
  private readonly log: Logger;

  constructor(private readonly options: SlackApiOptions) {
    this.log = options.log.child({ component: 'slack-api' });
    this.web = new webApi.WebClient(options.token, {
      ...(options.apiUrl ? { slackApiUrl: withSlash(options.apiUrl) } : {}),
      logger: slackLogger(options.log),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? 10_000,
    });
    const global = this.limiter('chat.postMessage');
    this.perChannel = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.postMessagePerChannelMs ?? POST_MESSAGE_PER_CHANNEL_MS });
    this.perChannel.on('created', (limiter) => limiter.chain(global));
  }

  authTest() {
    return this.run('auth.test', undefined, () => this.web.auth.test());
  }
  postMessage(args: Args<'chat', 'postMessage'>) {
    return this.run('chat.postMessage', args.channel, () => this.web.chat.postMessage(args));
  }
  postEphemeral(args: Args<'chat', 'postEphemeral'>) {
    return this.run('chat.postEphemeral', undefined, () => this.web.chat.postEphemeral(args));
  }
  getPermalink(args: Args<'chat', 'getPermalink'>) {
    return this.run('chat.getPermalink', undefined, () => this.web.chat.getPermalink(args));
  }
  conversationInfo(args: Args<'conversations', 'info'>) {
    return this.run('conversations.info', undefined, () => this.web.conversations.info(args));
  }
  conversationHistory(args: Args<'conversations', 'history'>) {
    return this.run('conversations.history', undefined, () => this.web.conversations.history(args));
  }
  conversationReplies(args: Args<'conversations', 'replies'>) {
    return this.run('conversations.replies', undefined, () => this.web.conversations.replies(args));
  }
  openView(args: Args<'views', 'open'>) {
    return this.run('views.open', undefined, () => this.web.views.open(args));
  }
  updateMessage(args: Args<'chat', 'update'>) {
    return this.run('chat.update', undefined, () => this.web.chat.update(args));
  }
  publishView(args: Args<'views', 'publish'>) {
    return this.run('views.publish', undefined, () => this.web.views.publish(args));
  }
  usergroupMembers(args: { usergroup: string }) {
    return this.run('usergroups.users.list', undefined, () => this.web.usergroups.users.list(args));
  }

  /** Replies through a slash command's or shortcut's response_url (not a Web API method: no tier). */
  async respond(responseUrl: string, message: Record<string, unknown>): Promise<void> {
    const res = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
  }

  /** Stops scheduling; calls already queued still run. */
  async stop(): Promise<void> {
    await Promise.all([...this.limiters.values()].map((l) => l.stop({ dropWaitingJobs: false })));
  }

  private limiter(method: ApiMethod): Bottleneck {
    let limiter = this.limiters.get(method);
    if (!limiter) {
      const perMinute = this.options.perMinute?.[method] ?? PER_MINUTE[method];
      // A token bucket: bursts up to a minute's allowance, refilled evenly.
      limiter = new Bottleneck({
        reservoir: perMinute,
        reservoirIncreaseAmount: 1,
        reservoirIncreaseInterval: Math.max(1, Math.floor(60_000 / perMinute)),
        reservoirIncreaseMaximum: perMinute,
      });
      this.limiters.set(method, limiter);
    }
    return limiter;
  }

  private async run<T>(method: ApiMethod, channel: string | undefined, call: () => Promise<T>): Promise<T> {
    const pauseKey = channel ? `${method}#${channel}` : method;
    const limiter = method === 'chat.postMessage' && channel ? this.perChannel.key(channel) : this.limiter(method);
    const maxRateLimited = this.options.maxRateLimitRetries ?? 5;
    const maxTransient = READ_ONLY.has(method) ? (this.options.transientRetries ?? 2) : 0;
    let rateLimited = 0;
    let transient = 0;
    for (;;) {
      try {
        // Waiting inside the job holds later calls of the same key back too.
        return await limiter.schedule(async () => {
          await this.waitIfPaused(pauseKey);
          return call();
        });
      } catch (error) {
        if (error instanceof webApi.WebAPIRateLimitedError && rateLimited < maxRateLimited) {
          rateLimited += 1;
          this.pausedUntil.set(pauseKey, Date.now() + error.retryAfter * 1000);
          this.log.warn({ method, retryAfter: error.retryAfter, attempt: rateLimited }, 'rate limited by Slack; waiting Retry-After');
          continue;
        }
        if (isTransient(error) && transient < maxTransient) {
          transient += 1;
          await sleep(250 * 2 ** transient);
          continue;
        }
        throw error;
      }
    }
  }

  private async waitIfPaused(key: string): Promise<void> {
    const until = this.pausedUntil.get(key);
    if (until === undefined) return;
    const wait = until - Date.now();
    if (wait > 0) await sleep(wait);
    else this.pausedUntil.delete(key);
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof webApi.WebAPIRequestError || (error instanceof webApi.WebAPIHTTPError && error.statusCode >= 500);
}

/** The Slack error code of a failed call (`channel_not_found`…), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  return error instanceof webApi.WebAPIPlatformError ? error.data.error : undefined;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
