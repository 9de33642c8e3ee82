// Outgoing webhook: every backlog change is written to WebhookDelivery in the
// same transaction as the change (an outbox), then POSTed as JSON by a worker
// until the receiver answers 2xx, with exponential backoff between attempts,
// strictly in order (a later change waits for an earlier one to be delivered).
//
// Signature (for Jira/Linear/GitHub bridges to verify):
//   X-Frontline-Timestamp: <unix seconds>
//   X-Frontline-Signature: sha256=<hex HMAC-SHA256(FRONTLINE_WEBHOOK_SECRET, "<timestamp>.<raw body>")>
//   X-Frontline-Delivery:  <delivery id>   (the same on every retry: dedupe on it)
//   X-Frontline-Event:     backlog.created | backlog.linked | backlog.status_changed
// Receivers should reject timestamps more than 5 minutes old to stop replays.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Db } from '../store/audit.js';

export type WebhookEvent = 'backlog.created' | 'backlog.linked' | 'backlog.status_changed';

export async function enqueueWebhook(db: Db, event: WebhookEvent, payload: object, at: Date): Promise<void> {
  await db.webhookDelivery.create({ data: { event, payload: JSON.stringify({ event, ...payload }), createdAt: at, nextAttemptAt: at } });
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** What a receiver runs: true when the signature matches and the timestamp is fresh. */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Delay before attempt n+1 after n failed attempts: base·2^(n-1), capped. */
export function backoffMs(failedAttempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
}

export interface WebhookWorkerOptions {
  url: string;
  secret?: string | undefined;
  now?: () => Date;
  fetch?: typeof fetch;
  /** First retry delay (default 30 s), doubling up to maxBackoffMs (default 1 h). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the loop looks for due deliveries (default 5 s). */
  pollMs?: number;
  timeoutMs?: number;
  batch?: number;
  onError?: (error: unknown) => void;
}

export interface DeliveryRun {
  attempted: number;
  delivered: number;
  failed: number;
}

export class WebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: WebhookWorkerOptions,
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Delivers due deliveries in order, oldest first; stops at the first failure so
   * a bridge never sees a status change before the item's creation. Safe to run
   * from two processes: each row is claimed before it is sent.
   */
  async runOnce(): Promise<DeliveryRun> {
    const run: DeliveryRun = { attempted: 0, delivered: 0, failed: 0 };
    const timeout = this.options.timeoutMs ?? 10_000;
    for (let n = 0; n < (this.options.batch ?? 50); n++) {
      const now = this.now();
      const row = await this.prisma.webhookDelivery.findFirst({ where: { deliveredAt: null }, orderBy: { id: 'asc' } });
      if (!row || row.nextAttemptAt.getTime() > now.getTime()) break;
      // Claim: push nextAttemptAt past the request's timeout, only if nobody else did.
      const claimed = await this.prisma.webhookDelivery.updateMany({
        where: { id: row.id, deliveredAt: null, nextAttemptAt: row.nextAttemptAt },
        data: { nextAttemptAt: new Date(now.getTime() + timeout * 2) },
      });
      if (claimed.count !== 1) break;
      run.attempted++;
      const error = await this.post(row.id, row.event, row.payload, timeout);
      const attempts = row.attempts + 1;
      if (error === undefined) {
        run.delivered++;
        await this.prisma.webhookDelivery.update({ where: { id: row.id }, data: { attempts, deliveredAt: this.now(), lastError: null } });
        continue;
      }
      run.failed++;
      const delay = backoffMs(attempts, this.options.baseBackoffMs ?? 30_000, this.options.maxBackoffMs ?? 3_600_000);
      await this.prisma.webhookDelivery.update({
        where: { id: row.id },
        data: { attempts, lastError: error.slice(0, 500), nextAttemptAt: new Date(this.now().getTime() + delay) },
      });
      break;
    }
    return run;
  }

  /** Undefined on a 2xx answer, else what went wrong. */
  private async post(id: number, event: string, body: string, timeoutMs: number): Promise<string | undefined> {
    const timestamp = Math.floor(this.now().getTime() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'frontline-webhook',
      'x-frontline-delivery': String(id),
      'x-frontline-event': event,
      'x-frontline-timestamp': String(timestamp),
    };
    if (this.options.secret) headers['x-frontline-signature'] = signWebhook(this.options.secret, timestamp, body);
    try {
      const res = await (this.options.fetch ?? fetch)(this.options.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok ? undefined : `HTTP ${res.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.runOnce().catch((e: unknown) => this.options.onError?.(e));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.options.pollMs ?? 5_000);
    };
    void tick();
  }

  /** Stops polling and waits for the attempt in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
