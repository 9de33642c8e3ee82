// A fake Slack Web API over real HTTP. It records every call (method, parsed
// arguments, token) and answers the way Slack does: HTTP 200 with
// `{ ok: true, ... }` or `{ ok: false, error }`, and HTTP 429 with a
// `Retry-After` header and `{ ok: false, error: 'ratelimited' }` when scripted.
// It also serves response_url endpoints (`/respond/<id>`), recorded as calls
// of the pseudo-method `response_url`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Arguments, with JSON-valued form fields (blocks, view, attachments…) parsed. */
  args: Record<string, unknown>;
  /** Bearer token the call carried (undefined for response_url). */
  token: string | undefined;
  /** The HTTP status the stand-in answered. */
  status: number;
  at: number;
}

/** One scripted answer: a Slack error, a 429, or a body of your own. */
export type Scripted =
  | { error: string }
  | { rateLimited: number }
  | { body: Record<string, unknown> }
  | { status: number; text?: string }
  /** The default answer, after a delay (a slow Slack). */
  | { delayMs: number };

export interface StoredMessage {
  ts: string;
  text?: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  [field: string]: unknown;
}

export interface FakeChannel {
  id: string;
  name?: string;
  is_member?: boolean;
  is_ext_shared?: boolean;
  is_im?: boolean;
  is_private?: boolean;
}

export interface FakeSlackOptions {
  team?: { id: string; name: string; url?: string };
  bot?: { userId: string; botId: string };
}

export interface FakeSlack {
  /** Web API base URL ending in `/api/`: pass as SLACK_API_URL. */
  apiUrl: string;
  /** Origin of the server, e.g. `http://127.0.0.1:54321`. */
  origin: string;
  /** A fresh response_url served by this stand-in. */
  responseUrl(id?: string): string;
  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Resolves when `count` calls to `method` were recorded (rejects after timeoutMs). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Queues answers for the next calls of `method`, used in order before the default. */
  script(method: string, ...answers: Scripted[]): void;
  /** Messages conversations.history / conversations.replies return. */
  addMessage(channel: string, message: StoredMessage): void;
  /** Channel facts conversations.info returns (unknown channels: a plain public channel the bot is in). */
  setChannel(channel: FakeChannel): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const team = { url: 'https://frontline-test.slack.com/', ...(options.team ?? { id: 'T0TEST0001', name: 'Frontline Test' }) };
  const bot = options.bot ?? { userId: 'U0FRONTBOT', botId: 'B0FRONTBOT' };
  const calls: RecordedCall[] = [];
  const scripts = new Map<string, Scripted[]>();
  const messages = new Map<string, StoredMessage[]>();
  const channels = new Map<string, FakeChannel>();
  const waiters = new Set<() => void>();
  let tsCounter = 0;
  let origin = '';

  const defaults: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({ url: team.url, team: team.name, team_id: team.id, user: 'frontline', user_id: bot.userId, bot_id: bot.botId }),
    'chat.postMessage': (a) => {
      const ts = nextTs();
      return { channel: a.channel, ts, message: { type: 'message', text: a.text, user: bot.userId, bot_id: bot.botId, ts, ...(a.thread_ts ? { thread_ts: a.thread_ts } : {}) } };
    },
    'chat.update': (a) => ({ channel: a.channel, ts: a.ts, text: a.text }),
    'chat.delete': (a) => ({ channel: a.channel, ts: a.ts }),
    'chat.postEphemeral': () => ({ message_ts: nextTs() }),
    'chat.scheduleMessage': (a) => ({ channel: a.channel, scheduled_message_id: `Q${nextTs().replace('.', '')}`, post_at: a.post_at }),
    'chat.getPermalink': (a) => ({ channel: a.channel, permalink: `${team.url}archives/${String(a.channel)}/p${String(a.message_ts).replace('.', '')}` }),
    'conversations.info': (a) => {
      const id = String(a.channel);
      const c = channels.get(id) ?? { id, name: `chan-${id.toLowerCase()}`, is_member: true };
      return { channel: { is_channel: !id.startsWith('D'), is_im: id.startsWith('D'), is_private: false, is_ext_shared: false, is_pending_ext_shared: false, ...c } };
    },
    'conversations.history': (a) => ({ messages: pick(String(a.channel), a, false), has_more: false }),
    'conversations.replies': (a) => ({ messages: pick(String(a.channel), a, true), has_more: false }),
    'conversations.members': () => ({ members: [], response_metadata: { next_cursor: '' } }),
    'usergroups.users.list': () => ({ users: [] }),
    'users.info': (a) => ({ user: { id: a.user, name: String(a.user).toLowerCase(), tz: 'Asia/Taipei', locale: 'en-US' } }),
    'views.open': (a) => ({ view: { id: `V${nextTs().replace('.', '')}`, ...(a.view as object) } }),
    'views.update': (a) => ({ view: { id: a.view_id ?? `V${nextTs().replace('.', '')}`, ...(a.view as object) } }),
    'views.push': (a) => ({ view: { id: `V${nextTs().replace('.', '')}`, ...(a.view as object) } }),
    'views.publish': (a) => ({ view: { id: `V${nextTs().replace('.', '')}`, ...(a.view as object) } }),
  };

  function nextTs(): string {
    tsCounter += 1;
    return `1700000000.${String(tsCounter).padStart(6, '0')}`;
  }

  function pick(channel: string, a: Record<string, unknown>, thread: boolean): StoredMessage[] {
    const all = messages.get(channel) ?? [];
    const ts = thread ? String(a.ts) : undefined;
    let found = thread ? all.filter((m) => m.ts === ts || m.thread_ts === ts) : all.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    if (a.latest !== undefined) found = found.filter((m) => (a.inclusive === true || a.inclusive === 'true' ? m.ts <= String(a.latest) : m.ts < String(a.latest)));
    if (a.oldest !== undefined) found = found.filter((m) => (a.inclusive === true || a.inclusive === 'true' ? m.ts >= String(a.oldest) : m.ts > String(a.oldest)));
    return thread ? found : [...found].reverse();
  }

  function record(call: RecordedCall): void {
    calls.push(call);
    for (const wake of [...waiters]) wake();
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'standin_failure', detail: String(error) }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/respond/')) {
      const args = safeJson(raw) as Record<string, unknown>;
      record({ method: 'response_url', args: { ...args, id: url.pathname.slice('/respond/'.length) }, token: undefined, status: 200, at: Date.now() });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
    const answer = scripts.get(method)?.shift();
    const send = (status: number, body: Record<string, unknown> | string, headers: Record<string, string> = {}) => {
      record({ method, args, token, status, at: Date.now() });
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (answer && 'delayMs' in answer) await new Promise((done) => setTimeout(done, answer.delayMs));
    if (answer && !('delayMs' in answer)) {
      if ('rateLimited' in answer) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(answer.rateLimited) });
      if ('error' in answer) return send(200, { ok: false, error: answer.error });
      if ('body' in answer) return send(200, answer.body);
      return send(answer.status, answer.text ?? '');
    }
    if (!token) return send(200, { ok: false, error: 'not_authed' });
    const reply = defaults[method];
    if (!reply) return send(200, { ok: false, error: 'unknown_method' });
    return send(200, { ok: true, ...reply(args) });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let responseIds = 0;

  return {
    apiUrl: `${origin}/api/`,
    origin,
    responseUrl: (id) => `${origin}/respond/${id ?? `r${++responseIds}`}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor(method, count = 1, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.filter((c) => c.method === method);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${count} call(s) to ${method}; got ${calls.filter((c) => c.method === method).length} (all: ${calls.map((c) => c.method).join(', ') || 'none'})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    script(method, ...answers) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...answers]);
    },
    addMessage(channel, message) {
      messages.set(channel, [...(messages.get(channel) ?? []), message].sort((a, b) => (a.ts < b.ts ? -1 : 1)));
    },
    setChannel(channel) {
      channels.set(channel.id, channel);
    },
    reset() {
      calls.length = 0;
      scripts.clear();
      messages.clear();
      channels.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Form bodies (what @slack/web-api sends) with JSON-valued fields parsed; JSON bodies as they are. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return (safeJson(raw) as Record<string, unknown>) ?? {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? (safeJson(value) ?? value) : value;
  }
  return args;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
