// Close the loop: when a cluster is promoted and at each later backlog change,
// every reporter of every item in the linked clusters (including clusters merged
// into them) hears about it once per change. A reporter whose latest item came
// from a watched channel gets a thread reply under that message; everyone else
// gets a DM. Muted reporters are skipped.
// Idempotent: a LoopNotification row (unique backlog item + change + reporter)
// is claimed before sending, and released if sending fails, so a retry or the
// sweep after a restart sends only what is missing.
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Db } from '../store/audit.js';
import { readAudit } from '../store/audit.js';
import { getBacklogItem, type BacklogView } from '../store/backlog.js';
import { isBacklogStatus, STATUS_LABEL } from './lifecycle.js';

export interface OutgoingMessage {
  /** A user ID (DM) or a channel ID. */
  channel: string;
  threadTs?: string;
  text: string;
}

/** How messages leave: the Slack client in the app, a recorder in tests. */
export interface MessagePoster {
  post(message: OutgoingMessage): Promise<void>;
}

export type LoopChangeKind = 'promoted' | 'linked' | 'status';

export interface LoopChange {
  backlogItemId: number;
  kind: LoopChangeKind;
  /** The audit entry of the change: it names the change, so each is told once. */
  auditId: number;
  /** For `status`: the new status; `reopened` when it came back from shipped or declined. */
  status?: string;
  reopened?: boolean;
  /** For `linked`: only the newly linked cluster's reporters. */
  clusterIds?: number[];
}

export interface LoopResult {
  sent: number;
  muted: number;
  alreadyTold: number;
  failed: number;
}

export const changeKey = (c: LoopChange): string =>
  c.kind === 'status' ? `status:${c.status}#${c.auditId}` : `${c.kind}#${c.auditId}`;

/** The clusters and every cluster merged into them, transitively. */
export async function withMergedIn(db: Db, clusterIds: number[]): Promise<number[]> {
  const all = new Set(clusterIds);
  let frontier = [...all];
  while (frontier.length > 0) {
    const children = await db.cluster.findMany({ where: { mergedIntoId: { in: frontier } }, select: { id: true } });
    frontier = children.map((c) => c.id).filter((id) => !all.has(id));
    for (const id of frontier) all.add(id);
  }
  return [...all].sort((a, b) => a - b);
}

interface ReporterTarget {
  reporterId: string;
  items: number;
  latest: { source: string; slackChannelId: string | null; slackMessageTs: string | null; text: string };
}

export async function reportersOf(db: Db, clusterIds: number[]): Promise<ReporterTarget[]> {
  const clusters = await withMergedIn(db, clusterIds);
  const items = await db.feedbackItem.findMany({
    where: { clusterId: { in: clusters }, reporterId: { not: null }, status: { not: 'deleted' } },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    select: { reporterId: true, source: true, slackChannelId: true, slackMessageTs: true, text: true },
  });
  const byReporter = new Map<string, ReporterTarget>();
  for (const item of items) {
    const id = item.reporterId!;
    const entry = byReporter.get(id);
    if (entry) {
      entry.items++;
      entry.latest = item;
    } else byReporter.set(id, { reporterId: id, items: 1, latest: item });
  }
  return [...byReporter.values()];
}

const snippet = (text: string, max = 80): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
};

export function loopMessageText(change: LoopChange, backlog: BacklogView, target: Pick<ReporterTarget, 'items' | 'latest'>): string {
  const ref = `*${backlog.key}: ${backlog.title}*`;
  const yours = target.items > 1 ? `Your ${target.items} reports about this (latest: "${snippet(target.latest.text)}")` : `Your report "${snippet(target.latest.text)}"`;
  let body: string;
  if (change.kind !== 'status') body = `${yours} ${target.items > 1 ? 'are' : 'is'} now on the product backlog as ${ref}. You'll hear here when it changes.`;
  else if (change.reopened) body = `Update on ${ref}, which came from ${target.items > 1 ? 'your reports' : 'your report'}: it was reopened and is planned again.`;
  else {
    const status = isBacklogStatus(change.status ?? '') ? STATUS_LABEL[change.status as keyof typeof STATUS_LABEL].toLowerCase() : change.status;
    body = `Update on ${ref}, which came from ${target.items > 1 ? 'your reports' : 'your report'}: it is now *${status}*.`;
    if (change.status === 'shipped') body += ' Thank you for passing it on.';
  }
  return `${body}\n_Don't want these updates? Mute them on Frontline's Home tab._`;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'P2002' || /unique constraint/i.test(e?.message ?? '');
}

export async function notifyChange(prisma: PrismaClient, poster: MessagePoster, change: LoopChange, now: Date): Promise<LoopResult> {
  const result: LoopResult = { sent: 0, muted: 0, alreadyTold: 0, failed: 0 };
  const backlog = await getBacklogItem(prisma, change.backlogItemId);
  if (!backlog) return result;
  const targets = await reportersOf(prisma, change.clusterIds ?? backlog.clusterIds);
  const muted = new Set(
    (await prisma.notificationMute.findMany({ where: { userId: { in: targets.map((t) => t.reporterId) } } })).map((m) => m.userId),
  );
  const key = changeKey(change);
  for (const target of targets) {
    if (muted.has(target.reporterId)) {
      result.muted++;
      continue;
    }
    let claimId: number;
    try {
      claimId = (
        await prisma.loopNotification.create({
          data: { backlogItemId: backlog.id, change: key, reporterId: target.reporterId, sentAt: now },
          select: { id: true },
        })
      ).id;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      result.alreadyTold++;
      continue;
    }
    const { latest } = target;
    const inThread = latest.source === 'watched_channel' && latest.slackChannelId && latest.slackMessageTs;
    const text = loopMessageText(change, backlog, target);
    try {
      await poster.post(
        inThread
          ? { channel: latest.slackChannelId!, threadTs: latest.slackMessageTs!, text: `<@${target.reporterId}> ${text}` }
          : { channel: target.reporterId, text },
      );
      result.sent++;
    } catch {
      // Release the claim so the next sweep tries again.
      await prisma.loopNotification.delete({ where: { id: claimId } }).catch(() => undefined);
      result.failed++;
    }
  }
  return result;
}

/** The loop change an audit entry describes, if it is one. */
export function loopChangeOfAudit(entry: { id: number; action: string; allowed: boolean; after: unknown; before: unknown }): LoopChange | undefined {
  if (!entry.allowed) return undefined;
  const after = (entry.after ?? {}) as { backlogItemId?: number; status?: string; clusterId?: number };
  const before = (entry.before ?? {}) as { status?: string };
  if (typeof after.backlogItemId !== 'number') return undefined;
  if (entry.action === 'promote') return { backlogItemId: after.backlogItemId, kind: 'promoted', auditId: entry.id };
  if (entry.action === 'backlog.link' && typeof after.clusterId === 'number') {
    return { backlogItemId: after.backlogItemId, kind: 'linked', auditId: entry.id, clusterIds: [after.clusterId] };
  }
  if (entry.action === 'backlog.status' && after.status) {
    return {
      backlogItemId: after.backlogItemId,
      kind: 'status',
      auditId: entry.id,
      status: after.status,
      reopened: (before.status === 'shipped' || before.status === 'declined') && after.status === 'planned',
    };
  }
  return undefined;
}

/**
 * Sends whatever close-the-loop messages are missing for changes since `since`
 * (e.g. made with `frontline backlog set` while the bot was not running). The app
 * runs it on start and now and then.
 */
export async function sweepLoop(prisma: PrismaClient, poster: MessagePoster, since: Date, now: Date): Promise<LoopResult> {
  const total: LoopResult = { sent: 0, muted: 0, alreadyTold: 0, failed: 0 };
  const entries = await readAudit(prisma, { since, action: ['promote', 'backlog.link', 'backlog.status'], limit: 10_000, order: 'asc' });
  for (const entry of entries) {
    const change = loopChangeOfAudit(entry);
    if (!change) continue;
    const r = await notifyChange(prisma, poster, change, now);
    total.sent += r.sent;
    total.muted += r.muted;
    total.alreadyTold += r.alreadyTold;
    total.failed += r.failed;
  }
  return total;
}

export async function muteLoop(prisma: Db, userId: string): Promise<void> {
  await prisma.notificationMute.upsert({ where: { userId }, create: { userId }, update: {} });
}

export async function unmuteLoop(prisma: Db, userId: string): Promise<void> {
  await prisma.notificationMute.deleteMany({ where: { userId } });
}

export async function isLoopMuted(prisma: Db, userId: string): Promise<boolean> {
  return (await prisma.notificationMute.count({ where: { userId } })) > 0;
}

