// Posts one (week, channel) digest exactly once, across restarts, crashes and
// concurrent instances.
//
// 1. Claim: insert DigestPost with a unique idempotencyKey. The loser of a race
//    gets a unique-constraint error and backs off.
// 2. Post each part in order and record its ts right after Slack accepts it;
//    every record renews the lease and only succeeds while we still hold the claim.
// 3. Finish: status 'posted'.
// A claim left by a crash (still 'claimed', lease expired) or a failed post is
// taken over with a compare-and-set on (claimedBy, claimedAt), so only one
// instance wins. The new owner skips recorded parts, and before posting an
// unrecorded one it looks for it in the channel (message metadata carries the
// key and part number): that covers a crash after Slack accepted a message but
// before its ts reached the database. Residual risk: when the Slack client has
// no history lookup, or the lookup itself fails, that one part can be posted twice.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { DigestMessage } from '../slack/blocks/digest.js';

export const DIGEST_EVENT_TYPE = 'frontline_digest';

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string | number>;
}

/** The slice of the rate-limited Slack client the digest needs. */
export interface DigestSlack {
  postMessage(args: { channel: string; text: string; blocks: unknown[]; thread_ts?: string; metadata?: MessageMetadata }): Promise<{ ts: string }>;
  /** Messages (with metadata) in the channel since `oldest`, or in the thread `threadTs`. */
  findMessages?(args: { channel: string; oldest: string; threadTs?: string }): Promise<{ ts: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }[]>;
}

export type PostOutcome =
  | { outcome: 'posted'; key: string; ts: string[]; tookOver: boolean }
  | { outcome: 'already_posted'; key: string; ts: string[] }
  | { outcome: 'busy'; key: string; claimedBy: string; leaseEndsAt: Date }
  | { outcome: 'lost_claim'; key: string };

export interface PostRequest {
  week: string;
  channelId: string;
  messages: DigestMessage[];
  /** Post again even though this digest was posted: a new record with its own key. */
  force?: boolean;
}

export interface PosterOptions {
  instanceId?: string;
  /** How long a claim holds without progress before another instance may take it over. */
  leaseMs?: number;
  now?: () => Date;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;

export function digestKey(week: string, channelId: string): string {
  return `digest:${week}:${channelId}`;
}

export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export class DigestPoster {
  readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly slack: DigestSlack,
    options: PosterOptions = {},
  ) {
    this.instanceId = options.instanceId ?? newInstanceId();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** What is recorded for the digest, without claiming it. */
  async status(week: string, channelId: string) {
    return this.prisma.digestPost.findUnique({ where: { idempotencyKey: digestKey(week, channelId) } });
  }

  async post(req: PostRequest): Promise<PostOutcome> {
    const key = req.force ? `${digestKey(req.week, req.channelId)}:force:${this.now().getTime()}` : digestKey(req.week, req.channelId);
    const claim = await this.claim(key, req);
    if (claim.outcome !== 'acquired') return claim;
    return this.deliver(key, req, claim.ts, claim.since, claim.tookOver);
  }

  private async claim(key: string, req: PostRequest): Promise<PostOutcome | { outcome: 'acquired'; ts: string[]; since: Date; tookOver: boolean }> {
    const now = this.now();
    try {
      await this.prisma.digestPost.create({
        data: { week: req.week, channelId: req.channelId, idempotencyKey: key, status: 'claimed', claimedBy: this.instanceId, claimedAt: now },
      });
      return { outcome: 'acquired', ts: [], since: now, tookOver: false };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await this.prisma.digestPost.findUnique({ where: { idempotencyKey: key } });
    if (!existing) return this.claim(key, req); // deleted in between: try again
    const ts = JSON.parse(existing.messageTsList) as string[];
    if (existing.status === 'posted') return { outcome: 'already_posted', key, ts };
    const leaseEndsAt = new Date(existing.claimedAt.getTime() + this.leaseMs);
    if (existing.status === 'claimed' && leaseEndsAt.getTime() > now.getTime()) {
      return { outcome: 'busy', key, claimedBy: existing.claimedBy, leaseEndsAt };
    }
    // Expired or failed: compare-and-set, so exactly one instance takes it over.
    const taken = await this.prisma.digestPost.updateMany({
      where: { idempotencyKey: key, status: existing.status, claimedBy: existing.claimedBy, claimedAt: existing.claimedAt },
      data: { status: 'claimed', claimedBy: this.instanceId, claimedAt: now },
    });
    if (taken.count !== 1) return { outcome: 'busy', key, claimedBy: 'another instance', leaseEndsAt: new Date(now.getTime() + this.leaseMs) };
    return { outcome: 'acquired', ts, since: existing.claimedAt, tookOver: true };
  }

  private async deliver(key: string, req: PostRequest, ts: string[], since: Date, tookOver: boolean): Promise<PostOutcome> {
    const parts = req.messages.length;
    try {
      for (const message of req.messages) {
        const i = message.part - 1;
        if (ts[i]) continue;
        const threadTs = i > 0 ? ts[0] : undefined;
        const found = tookOver ? await this.findPosted(key, req.channelId, message.part, since, threadTs) : undefined;
        const posted =
          found ??
          (
            await this.slack.postMessage({
              channel: req.channelId,
              text: message.text,
              blocks: message.blocks,
              ...(threadTs ? { thread_ts: threadTs } : {}),
              metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { key, week: req.week, part: message.part, parts } },
            })
          ).ts;
        ts[i] = posted;
        if (!(await this.record(key, { messageTsList: JSON.stringify(ts), messageTs: ts[0] ?? null, claimedAt: this.now() }))) {
          return { outcome: 'lost_claim', key };
        }
      }
    } catch (error) {
      // Recorded parts stay recorded; the next attempt resumes after them.
      await this.record(key, { status: 'failed' });
      throw error;
    }
    if (!(await this.record(key, { status: 'posted', postedAt: this.now() }))) return { outcome: 'lost_claim', key };
    return { outcome: 'posted', key, ts, tookOver };
  }

  /** Writes progress only while this instance still holds the claim. */
  private async record(key: string, data: { messageTsList?: string; messageTs?: string | null; claimedAt?: Date; status?: string; postedAt?: Date }): Promise<boolean> {
    const result = await this.prisma.digestPost.updateMany({ where: { idempotencyKey: key, claimedBy: this.instanceId, status: 'claimed' }, data });
    return result.count === 1;
  }

  /** A part a crashed owner sent but never recorded, found by its metadata. */
  private async findPosted(key: string, channel: string, part: number, since: Date, threadTs?: string): Promise<string | undefined> {
    if (!this.slack.findMessages || (part > 1 && !threadTs)) return undefined;
    const oldest = ((since.getTime() - 60_000) / 1000).toFixed(6);
    const messages = await this.slack.findMessages({ channel, oldest, ...(threadTs ? { threadTs } : {}) });
    const hit = messages.find(
      (m) => m.metadata?.event_type === DIGEST_EVENT_TYPE && m.metadata.event_payload?.key === key && Number(m.metadata.event_payload?.part) === part,
    );
    return hit?.ts;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'P2002' || /UNIQUE constraint failed|Unique constraint/i.test(e?.message ?? '');
}
