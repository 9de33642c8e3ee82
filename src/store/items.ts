// Reading stored feedback items.
import type { PrismaClient } from '../generated/prisma/client.js';

export interface ItemView {
  id: number;
  received_at: string;
  source: string;
  branch: string | null;
  channel_type: string;
  reporter: string | null;
  language: string;
  text: string;
  redactions: Record<string, number>;
  status: string;
  last_error: string | null;
  cluster_id: number | null;
  unclassified: boolean;
  tags: { kind: string; label: string; confidence: number; origin: string; matched: string[] }[];
  flags: string[];
  permalink: string | null;
}

export async function listItems(
  prisma: PrismaClient,
  query: { since?: Date | undefined; limit: number; failedOnly?: boolean },
): Promise<ItemView[]> {
  const rows = await prisma.feedbackItem.findMany({
    where: {
      ...(query.since ? { receivedAt: { gte: query.since } } : {}),
      // Failed: processing failed, or reading a reacted message's text did (it stays awaiting and is retried).
      ...(query.failedOnly ? { OR: [{ status: 'failed' }, { status: 'awaiting_text', lastError: { not: null } }] } : { status: { not: 'deleted' } }),
    },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: query.limit,
    include: { tags: true, flags: true },
  });
  return rows.map((r) => ({
    id: r.id,
    received_at: r.receivedAt.toISOString(),
    source: r.source,
    branch: r.branch,
    channel_type: r.channelType,
    reporter: r.reporterId,
    language: r.language,
    text: r.text,
    redactions: JSON.parse(r.redactions) as Record<string, number>,
    status: r.status,
    last_error: r.lastError,
    cluster_id: r.clusterId,
    unclassified: r.unclassified,
    tags: r.tags.map((t) => ({
      kind: t.kind,
      label: t.label,
      confidence: t.confidence,
      origin: t.origin,
      matched: JSON.parse(t.matched) as string[],
    })),
    flags: r.flags.map((f) => f.flag),
    permalink: r.permalink,
  }));
}
