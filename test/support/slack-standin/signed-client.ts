// Sends requests into a running Bolt app exactly as Slack does: signed with
// v0 HMAC-SHA256 over `v0:{timestamp}:{body}`, with Slack's content types
// (form-encoded for slash commands and `payload=` interactivity, JSON for the
// Events API) and, for events, the X-Slack-Retry-Num / -Reason headers.
import { createHmac } from 'node:crypto';

/** `v0=<hex>` for a body signed at `timestamp` (seconds). */
export function slackSignature(signingSecret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendResult {
  status: number;
  /** Response body as text ('' for a bare ack). */
  text: string;
  /** Parsed JSON body, when it was JSON. */
  json: unknown;
  /** Milliseconds from send to the full response. */
  ms: number;
}

export interface RawRequest {
  body: string;
  contentType: string;
  /** Seconds; default now. */
  timestamp?: number;
  /** Override the computed signature (forgeries); `null` sends none. */
  signature?: string | null;
  headers?: Record<string, string>;
  path?: string;
}

export interface EventOptions {
  retryNum?: number;
  retryReason?: string;
  timestamp?: number;
}

export class SignedSlackClient {
  /**
   * @param baseUrl the app's origin, e.g. `http://127.0.0.1:3000`
   * @param signingSecret the secret the app verifies with
   * @param path Bolt's default `/slack/events`
   */
  constructor(
    readonly baseUrl: string,
    readonly signingSecret: string,
    readonly path = '/slack/events',
  ) {}

  /** A slash command (form-encoded, like Slack). */
  command(fields: Record<string, string>, options: { timestamp?: number } = {}): Promise<SendResult> {
    return this.raw({ body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded', ...options });
  }

  /** Interactivity (shortcuts, block actions, view submissions): `payload=<json>`, form-encoded. */
  interactive(payload: object, options: { timestamp?: number } = {}): Promise<SendResult> {
    return this.raw({ body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded', ...options });
  }

  /** An Events API envelope (JSON), optionally as Slack's retry of an earlier delivery. */
  event(envelope: object, options: EventOptions = {}): Promise<SendResult> {
    const headers: Record<string, string> = {};
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    return this.raw({ body: JSON.stringify(envelope), contentType: 'application/json', headers, ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}) });
  }

  /** Anything, signed unless `signature` overrides it. */
  async raw(request: RawRequest): Promise<SendResult> {
    const timestamp = request.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': request.contentType, 'x-slack-request-timestamp': String(timestamp), ...request.headers };
    const signature = request.signature === undefined ? slackSignature(this.signingSecret, timestamp, request.body) : request.signature;
    if (signature !== null) headers['x-slack-signature'] = signature;
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}${request.path ?? this.path}`, { method: 'POST', headers, body: request.body });
    const text = await res.text();
    const ms = performance.now() - started;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, ms };
  }

  async get(path: string): Promise<SendResult> {
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, ms: performance.now() - started };
  }
}
