// A fake of the Slack calls the digest makes: it keeps the channel's messages
// with their metadata, like conversations.history would return them.
import type { DigestSlack, MessageMetadata } from '../../src/digest/post.js';

export interface Posted {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  metadata?: MessageMetadata;
}

export class FakeSlack implements DigestSlack {
  readonly messages: Posted[] = [];
  private lastTs = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Call numbers (1-based) that fail with a rate-limit error. */
  rateLimitedCalls = new Set<number>();
  /** After this many accepted messages, the process "dies" right after Slack accepts. */
  crashAfterAccepted: number | undefined;
  calls = 0;
  history = true;

  async postMessage(args: { channel: string; text: string; blocks: unknown[]; thread_ts?: string; metadata?: MessageMetadata }): Promise<{ ts: string }> {
    this.calls++;
    await new Promise((r) => setImmediate(r));
    if (this.rateLimitedCalls.has(this.calls)) {
      throw Object.assign(new Error('An API error occurred: ratelimited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
    }
    this.lastTs = Math.max(this.lastTs + 1, this.now().getTime() * 1000);
    const ts = (this.lastTs / 1e6).toFixed(6);
    this.messages.push({ channel: args.channel, ts, text: args.text, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}), ...(args.metadata ? { metadata: args.metadata } : {}) });
    if (this.crashAfterAccepted !== undefined && this.messages.length >= this.crashAfterAccepted) {
      this.crashAfterAccepted = undefined;
      throw new Error('process crashed');
    }
    return { ts };
  }

  get findMessages(): DigestSlack['findMessages'] {
    if (!this.history) return undefined;
    return async ({ channel, oldest, threadTs }) =>
      this.messages
        .filter((m) => m.channel === channel && Number(m.ts) >= Number(oldest) && (threadTs ? m.thread_ts === threadTs || m.ts === threadTs : !m.thread_ts))
        .map((m) => ({ ts: m.ts, ...(m.metadata ? { metadata: m.metadata } : {}) }));
  }

  in(channel: string): Posted[] {
    return this.messages.filter((m) => m.channel === channel);
  }
}
