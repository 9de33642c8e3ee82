// The rate-limited Web API client against the local Slack stand-in, over real
// HTTP. Waits (Retry-After, one post per second per channel) run on fake
// timers: the tests move the clock and check what Slack has received by then,
// so they never depend on how fast this machine is.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.js';
import { SlackApi, UndeclaredSlackMethodError, type SlackApiOptions } from '../../src/slack/client.js';
import { startFakeSlack, type FakeSlack, type RecordedCall } from '../support/slack-standin/index.js';

const log = createLogger('silent');
let slack: FakeSlack;
let apis: SlackApi[];

function api(options: Partial<SlackApiOptions> = {}): SlackApi {
  const a = new SlackApi({ token: 'xoxb-test', apiUrl: slack.apiUrl, log, transientRetries: 0, ...options });
  apis.push(a);
  return a;
}

beforeEach(async () => {
  slack = await startFakeSlack();
  apis = [];
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(apis.map((a) => a.stop()));
  await slack.close();
});

// setTimeout(fn, 0) waits 1 ms in Node (and on the fake clock), and Bottleneck
// yields that way between steps, so the helpers jump from timer to timer and
// let the real HTTP round trips finish in between. `at` on a recorded call is
// then the fake clock's time: exact, whatever the machine's load.
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
const realTick = () => new Promise<void>((resolve) => setImmediate(resolve));
async function step(): Promise<void> {
  await vi.advanceTimersToNextTimerAsync();
  for (let i = 0; i < 5; i++) await realTick();
}
/** Runs the fake clock until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000 && !check(); i++) await step();
  if (!check()) throw new Error(`never happened: ${what}`);
}
/** Runs the fake clock until `promise` settles (its HTTP responses need the clock too). */
async function settled<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await until(() => done, 'the calls to finish');
  return promise;
}
const posts = (channel?: string) => slack.callsTo('chat.postMessage').filter((c) => channel === undefined || c.args.channel === channel);
const accepted = (calls: RecordedCall[]) => calls.filter((c) => c.status === 200);

describe('SlackApi: 429 and Retry-After', () => {
  it('a 429 then success posts the message once, after waiting the Retry-After seconds', async () => {
    fakeClock();
    slack.script('chat.postMessage', { rateLimited: 2 });
    const result = await settled(api().postMessage({ channel: 'C1', text: 'hello' }));
    expect(result).toMatchObject({ ok: true, channel: 'C1' });
    expect(posts().map((c) => c.status)).toEqual([429, 200]);
    expect(accepted(posts()).map((c) => c.args.text)).toEqual(['hello']);
    const [limited, retried] = posts();
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(2000); // Retry-After: 2, on the fake clock
  });

  it('a 429 holds later posts to the same channel and keeps their order', async () => {
    fakeClock();
    slack.script('chat.postMessage', { rateLimited: 1 });
    const a = api({ postMessagePerChannelMs: 0 });
    const sent = Promise.all([a.postMessage({ channel: 'C1', text: 'first' }), a.postMessage({ channel: 'C1', text: 'second' })]);
    await settled(sent);
    expect(posts().map((c) => [c.args.text, c.status])).toEqual([['first', 429], ['first', 200], ['second', 200]]);
    expect(posts()[2]!.at - posts()[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('a 429 on one method does not hold other methods back', async () => {
    fakeClock();
    slack.script('conversations.info', { rateLimited: 30 });
    const a = api();
    const info = a.conversationInfo({ channel: 'C1' });
    await until(() => slack.callsTo('conversations.info').length === 1, 'conversations.info');
    await settled(a.postEphemeral({ channel: 'C1', user: 'U1', text: 'filed' }));
    expect(slack.callsTo('conversations.info')).toHaveLength(1); // still waiting out its Retry-After
    await expect(settled(info)).resolves.toMatchObject({ ok: true });
    const [limited, retried] = slack.callsTo('conversations.info');
    expect(slack.callsTo('chat.postEphemeral')[0]!.at).toBeLessThan(limited!.at + 30_000);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(30_000);
  });

  it("chat.postMessage's `rate_limited` answer (HTTP 200) is waited out and sent again, once", async () => {
    fakeClock();
    slack.script('chat.postMessage', { error: 'rate_limited' });
    await settled(api().postMessage({ channel: 'C1', text: 'hello' }));
    expect(posts().map((c) => c.status)).toEqual([200, 200]);
    expect(posts().map((c) => c.args.text)).toEqual(['hello', 'hello']); // the refused attempt, then the one post
    expect(posts()[1]!.at - posts()[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('a Slack error other than rate limiting is not retried', async () => {
    slack.script('chat.postMessage', { error: 'channel_not_found' });
    await expect(api({ transientRetries: 2 }).postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    expect(posts()).toHaveLength(1);
  });

  it('with rate-limit retries off, a 429 fails the call at once and nothing is posted', async () => {
    slack.script('chat.postMessage', { rateLimited: 5 });
    await expect(api({ maxRateLimitRetries: 0 }).postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 5 });
    expect(posts().map((c) => c.status)).toEqual([429]);
  });
});

describe('SlackApi: chat.postMessage at one per second per channel', () => {
  it('posts to one channel go out one per second, in order, while another channel is not held back', async () => {
    fakeClock();
    const a = api();
    const sent = Promise.all([
      a.postMessage({ channel: 'C1', text: 'one' }),
      a.postMessage({ channel: 'C1', text: 'two' }),
      a.postMessage({ channel: 'C1', text: 'three' }),
      a.postMessage({ channel: 'C2', text: 'other channel' }),
    ]);
    await settled(sent);
    const c1 = posts('C1');
    expect(c1.map((c) => c.args.text)).toEqual(['one', 'two', 'three']);
    expect(c1[1]!.at - c1[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(c1[2]!.at - c1[1]!.at).toBeGreaterThanOrEqual(1000);
    expect(posts('C2')[0]!.at).toBeLessThan(c1[1]!.at); // C2 did not queue behind C1
  });

  it('a method over its per-minute allowance waits for the bucket to refill', async () => {
    fakeClock();
    const a = api({ perMinute: { 'conversations.history': 2 } });
    const reads = Promise.all([1, 2, 3].map(() => a.conversationHistory({ channel: 'C1' })));
    await settled(reads);
    const [first, second, third] = slack.callsTo('conversations.history');
    expect(second!.at - first!.at).toBeLessThan(30_000); // a burst up to the allowance
    expect(third!.at - first!.at).toBeGreaterThanOrEqual(30_000); // 2 per minute: one more token every 30 s
  });
});

describe('SlackApi: declared methods only, base URL', () => {
  it('refuses a method not declared in surfaces.ts without sending anything', async () => {
    const a = api();
    const refused = a.call('chat.delete', { channel: 'C1', ts: '1.2' });
    await expect(refused).rejects.toBeInstanceOf(UndeclaredSlackMethodError);
    await expect(refused).rejects.toThrow(/chat\.delete is not declared in src\/slack\/surfaces\.ts/);
    expect(slack.calls).toHaveLength(0);
  });

  it('a declared method called by name goes through the same limits', async () => {
    await expect(api().call('chat.postMessage', { channel: 'C1', text: 'by name' })).resolves.toMatchObject({ ok: true });
    expect(posts().map((c) => c.args.text)).toEqual(['by name']);
    expect(posts()[0]!.token).toBe('xoxb-test');
  });

  it('sends to the SLACK_API_URL given, with or without a trailing slash', async () => {
    const a = api({ apiUrl: slack.apiUrl.replace(/\/$/, '') });
    expect(a.slackApiUrl).toBe(slack.apiUrl);
    await expect(a.authTest()).resolves.toMatchObject({ team_id: 'T0TEST0001' });
    expect(slack.callsTo('auth.test')).toHaveLength(1);
  });
});

describe('SlackApi: failures that may have taken effect', () => {
  let server: Server;
  let seen: string[];
  let dropNext: number;
  let url: string;
  beforeEach(async () => {
    seen = [];
    dropNext = 0;
    // Reads the request, then drops the connection: Slack may or may not have acted.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push(req.url ?? '');
        if (dropNext > 0) {
          dropNext -= 1;
          req.socket.destroy();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, ts: '1.000001', messages: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a post whose connection drops after sending is not sent again (no duplicate)', async () => {
    dropNext = 1;
    const a = api({ apiUrl: url, transientRetries: 2 });
    await expect(a.postMessage({ channel: 'C1', text: 'maybe posted' })).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    expect(seen).toEqual(['/api/chat.postMessage']);
  });

  it('a post that never reached Slack (connection refused) is tried again', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>), done()) });
    const a = api({ apiUrl: `http://127.0.0.1:${port}/api/`, transientRetries: 1, log: pino({ level: 'warn' }, sink) });
    await expect(a.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    expect(lines.filter((l) => l.kind === 'not-sent').map((l) => l.method)).toEqual(['chat.postMessage']);
  });

  it('a read whose connection drops is tried again', async () => {
    dropNext = 1;
    const a = api({ apiUrl: url, transientRetries: 2 });
    await expect(a.conversationHistory({ channel: 'C1' })).resolves.toMatchObject({ ok: true });
    expect(seen).toEqual(['/api/conversations.history', '/api/conversations.history']);
  });
});
