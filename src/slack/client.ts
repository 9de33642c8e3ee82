// The one Web API client every Slack call goes through (Bolt's own WebClient,
// the `client` handed to listeners, is not used: test/slack/client-bypass.test.ts
// checks that). It refuses methods not declared in surfaces.ts, so the
// manifest's scopes always cover what the code calls, and applies Slack's
// limits with bottleneck:
// - per method, a token bucket sized to the method's tier (rate-limits.ts);
// - chat.postMessage, additionally one per second per channel, in order;
// - HTTP 429 (or chat.postMessage's `rate_limited`): wait Retry-After
//   seconds (1 s when none is given), then send again. Slack executed
//   nothing, so this never duplicates a post. The wait happens inside the
//   rate-limited job, so later calls of the same key queue behind it and keep
//   their order.
// Other failures are retried only when repeating them cannot post twice:
// - the request never left (connection refused, DNS failure): any method;
// - a timeout, a dropped connection or a 5xx after the request was sent is
//   ambiguous (Slack may have posted). Idempotent methods (reads, chat.update,
//   views.publish/update) are retried; chat.postMessage, chat.postEphemeral
//   and views.open are not: Slack has no idempotency key for them, and a
//   missing confirmation is better than the same alert posted twice in a bank
//   channel. The item itself is already stored before any reply is sent.
// The WebClient's own retries are off; it would retry posts after timeouts.
import Bottleneck from 'bottleneck';
import { webApi } from '@slack/bolt';
import type { Logger } from '../log.js';
import { perMinute as tierPerMinute, POST_MESSAGE_PER_CHANNEL_MS } from './rate-limits.js';
import { slackLogger } from './slack-logger.js';
import { WEB_API_METHODS, type ApiMethod } from './surfaces.js';

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
  /** How many 429s in a row a call survives before it fails (0: fail on the first). */
  maxRateLimitRetries?: number;
  /** Retries of failures that are safe to repeat (see above); 0 turns them off. */
  transientRetries?: number;
  timeoutMs?: number;
}

/** A method the code did not declare in surfaces.ts: refused before anything is sent. */
export class UndeclaredSlackMethodError extends Error {
  constructor(readonly method: string) {
    super(`Slack method ${method} is not declared in src/slack/surfaces.ts (WEB_API_METHODS, METHOD_SCOPES); declare it and its scopes first`);
    this.name = 'UndeclaredSlackMethodError';
  }
}

const DECLARED = new Set<string>(WEB_API_METHODS);

/** Methods whose repetition changes nothing more than the first call did. */
const IDEMPOTENT = new Set<string>([
  'auth.test',
  'chat.getPermalink',
  'conversations.info',
  'conversations.history',
  'conversations.replies',
  'usergroups.users.list',
  'users.info',
  'chat.update',
  'views.publish',
  'views.update',
]);

const RATE_LIMITED_CODES = new Set(['rate_limited', 'ratelimited']);
/** Seconds to wait after a `rate_limited` answer that has no Retry-After: the per-channel window. */
const DEFAULT_RETRY_AFTER_S = 1;

/** Connection errors that mean the request never reached Slack. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export type FailureKind = 'rate-limited' | 'not-sent' | 'ambiguous' | 'final';

/** What a failed call means for retrying it (exported for tests and logs). */
export function failureKind(error: unknown): FailureKind {
  if (error instanceof webApi.WebAPIRateLimitedError) return 'rate-limited';
  // chat.postMessage can also answer HTTP 200 with `rate_limited` ("posted too many messages"): not posted either.
  if (error instanceof webApi.WebAPIPlatformError && RATE_LIMITED_CODES.has(error.data.error)) return 'rate-limited';
  if (error instanceof webApi.WebAPIHTTPError) return error.statusCode >= 500 ? 'ambiguous' : 'final';
  if (error instanceof webApi.WebAPIRequestError) return NOT_SENT_CODES.has(causeCode(error.original) ?? '') ? 'not-sent' : 'ambiguous';
  return 'final';
}

export class SlackApi {
  private readonly web: WebClient;
  /** The Web API base URL in use (ends in `/`). */
  readonly slackApiUrl: string;
  private readonly limiters = new Map<ApiMethod, Bottleneck>();
  private readonly perChannel: Bottleneck.Group;
  /** Until when a method (or `chat.postMessage#channel`) is paused after a 429. */
  private readonly pausedUntil = new Map<string, number>();
  private readonly log: Logger;
  private readonly pending = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly options: SlackApiOptions) {
    this.log = options.log.child({ component: 'slack-api' });
    this.web = new webApi.WebClient(options.token, {
      ...(options.apiUrl ? { slackApiUrl: withSlash(options.apiUrl) } : {}),
      logger: slackLogger(options.log),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? 10_000,
    });
    this.slackApiUrl = this.web.slackApiUrl;
    const workspaceWide = this.limiter('chat.postMessage');
    this.perChannel = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.postMessagePerChannelMs ?? POST_MESSAGE_PER_CHANNEL_MS });
    this.perChannel.on('created', (limiter) => limiter.chain(workspaceWide));
  }

  /** Any declared method by name; undeclared methods are refused without a request. */
  call(method: string, args: Record<string, unknown> = {}): Promise<webApi.WebAPICallResult> {
    if (!DECLARED.has(method)) return Promise.reject(new UndeclaredSlackMethodError(method));
    const channel = method === 'chat.postMessage' && typeof args.channel === 'string' ? args.channel : undefined;
    return this.run(method as ApiMethod, channel, () => this.web.apiCall(method, args));
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

  /** Refuses new calls, then waits for the calls already made (queued ones included). */
  async stop(): Promise<void> {
    this.stopped = true;
    // Not Bottleneck's stop(): its stop job queues behind minTime, adding up
    // to a second per channel to every shutdown.
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await Promise.all([...this.perChannel.limiters().map(({ limiter }) => limiter), ...this.limiters.values()].map((l) => l.disconnect()));
  }

  private limiter(method: ApiMethod): Bottleneck {
    let limiter = this.limiters.get(method);
    if (!limiter) {
      const perMinute = this.options.perMinute?.[method] ?? tierPerMinute(method);
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

  private run<T>(method: ApiMethod, channel: string | undefined, call: () => Promise<T>): Promise<T> {
    if (!DECLARED.has(method)) return Promise.reject(new UndeclaredSlackMethodError(method));
    const limiter = method === 'chat.postMessage' && channel ? this.perChannel.key(channel) : this.limiter(method);
    const pauseKey = method === 'chat.postMessage' && channel ? `${method}#${channel}` : method;
    if (this.stopped) return Promise.reject(new Error(`Slack client stopped; ${method} not sent`));
    const result = limiter.schedule(() => this.attempt(method, pauseKey, call));
    this.pending.add(result);
    const forget = () => this.pending.delete(result);
    result.then(forget, forget);
    return result;
  }

  /** Runs inside the limiter's job, so retries hold later calls of the same key back. */
  private async attempt<T>(method: ApiMethod, pauseKey: string, call: () => Promise<T>): Promise<T> {
    const maxRateLimited = this.options.maxRateLimitRetries ?? 5;
    const maxOther = this.options.transientRetries ?? 2;
    let rateLimited = 0;
    let other = 0;
    for (;;) {
      await this.waitIfPaused(pauseKey);
      try {
        return await call();
      } catch (error) {
        const kind = failureKind(error);
        if (kind === 'rate-limited' && rateLimited < maxRateLimited) {
          rateLimited += 1;
          const retryAfter = error instanceof webApi.WebAPIRateLimitedError ? error.retryAfter : DEFAULT_RETRY_AFTER_S;
          this.pausedUntil.set(pauseKey, Date.now() + retryAfter * 1000);
          this.log.warn({ method, retryAfter, attempt: rateLimited }, 'rate limited by Slack; waiting Retry-After');
          continue;
        }
        const safe = kind === 'not-sent' || (kind === 'ambiguous' && IDEMPOTENT.has(method));
        if (safe && other < maxOther) {
          other += 1;
          this.log.warn({ method, kind, attempt: other }, 'Slack call failed; retrying (safe to repeat)');
          await sleep(250 * 2 ** other);
          continue;
        }
        if (kind === 'ambiguous') this.log.warn({ method }, 'Slack call failed after it was sent; not repeated, it may have taken effect');
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

/** The Slack error code of a failed call (`channel_not_found`…), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  return error instanceof webApi.WebAPIPlatformError ? error.data.error : undefined;
}

/** fetch wraps socket errors: TypeError('fetch failed') with the system error as `cause`. */
function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return code;
    const errors = (e as { errors?: unknown }).errors; // AggregateError from happy eyeballs
    if (Array.isArray(errors)) for (const inner of errors) if (NOT_SENT_CODES.has(String((inner as { code?: unknown }).code))) return String((inner as { code?: unknown }).code);
  }
  return undefined;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
