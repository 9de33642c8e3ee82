// The append-only audit log: every PM action, allowed or refused.
// Database triggers refuse UPDATE and DELETE on AuditLog, so rows are only ever added.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

/** A client or an open transaction: audit rows are written in the same transaction as the change. */
export type Db = PrismaClient | Prisma.TransactionClient;

export interface AuditEntry {
  actorId: string;
  action: string;
  /** e.g. `cluster:12`, `backlog:BL-3`, `user:U012AB3CD`. */
  subject: string;
  before?: unknown;
  after?: unknown;
  allowed?: boolean;
  detail?: string;
  at: Date;
}

export interface AuditView {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  allowed: boolean;
  before: unknown;
  after: unknown;
  detail: string | null;
}

function splitSubject(subject: string): { subjectType: string; subjectId: string } {
  const colon = subject.indexOf(':');
  return colon < 0
    ? { subjectType: 'other', subjectId: subject }
    : { subjectType: subject.slice(0, colon), subjectId: subject.slice(colon + 1) };
}

/** Appends one entry; returns its ID (close-the-loop uses it to name the change). */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<number> {
  const row = await db.auditLog.create({
    data: {
      at: entry.at,
      actorId: entry.actorId,
      action: entry.action,
      ...splitSubject(entry.subject),
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      allowed: entry.allowed ?? true,
      detail: entry.detail ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

export interface AuditQuery {
  since?: Date | undefined;
  actor?: string | undefined;
  /** `cluster:12`, `backlog:BL-3`, or a bare `BL-3`. */
  subject?: string | undefined;
  action?: string | string[] | undefined;
  /** Only entries with a larger ID (for sweeping new entries). */
  afterId?: number | undefined;
  limit: number;
  order?: 'asc' | 'desc';
}

export async function readAudit(prisma: Db, query: AuditQuery): Promise<AuditView[]> {
  const subject = query.subject
    ? splitSubject(/^BL-\d+$/i.test(query.subject) ? `backlog:${query.subject.toUpperCase()}` : query.subject)
    : undefined;
  const rows = await prisma.auditLog.findMany({
    where: {
      ...(query.since ? { at: { gte: query.since } } : {}),
      ...(query.actor ? { actorId: query.actor } : {}),
      ...(subject ? subject : {}),
      ...(query.action ? { action: Array.isArray(query.action) ? { in: query.action } : query.action } : {}),
      ...(query.afterId !== undefined ? { id: { gt: query.afterId } } : {}),
    },
    orderBy: { id: query.order ?? 'desc' },
    take: query.limit,
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actorId,
    action: r.action,
    subject: `${r.subjectType}:${r.subjectId}`,
    allowed: r.allowed,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    detail: r.detail,
  }));
}
