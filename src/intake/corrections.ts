// "Fix tags" on a confirmation: the reporter (or a PM/admin) corrects an
// item's product or issue. Corrections become human TagAssignments (which the
// classifier learns from and which outrank rule/model tags) and an audit entry,
// in one transaction. Anyone else is refused, audited, and nothing changes.
import { ActionError } from '../actions/errors.js';
import type { Roles } from '../actions/roles.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { appendAudit } from '../store/audit.js';
import { TAG_KINDS } from '../triage/types.js';

export interface TagCorrection {
  product?: string | undefined;
  issue?: string | undefined;
}

export class TagCorrections {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly roles: Pick<Roles, 'roleOf'>,
    /** Known label ids per kind: a correction must name one. */
    private readonly known: { product: ReadonlySet<string>; issue: ReadonlySet<string> },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async current(itemId: number): Promise<{ product?: string; issue?: string } | null> {
    const item = await this.prisma.feedbackItem.findUnique({ where: { id: itemId }, include: { tags: true } });
    if (!item || item.status === 'deleted') return null;
    const pick = (kind: string) => {
      const tags = item.tags.filter((t) => t.kind === kind).sort((a, b) => rank(b.origin) - rank(a.origin) || b.confidence - a.confidence);
      return tags[0]?.label;
    };
    const product = pick('product');
    const issue = pick('issue');
    return { ...(product ? { product } : {}), ...(issue ? { issue } : {}) };
  }

  async fix(actorId: string, itemId: number, labels: TagCorrection): Promise<void> {
    if (!labels.product && !labels.issue) throw new ActionError('invalid', 'Choose a product or an issue.');
    for (const kind of TAG_KINDS) {
      const label = labels[kind];
      if (label && !this.known[kind].has(label)) throw new ActionError('invalid', `Unknown ${kind} '${label}'.`);
    }
    const at = this.now();
    const item = await this.prisma.feedbackItem.findUnique({ where: { id: itemId }, include: { tags: true } });
    if (!item || item.status === 'deleted') throw new ActionError('stale', `Item #${itemId} no longer exists.`);
    const role = await this.roles.roleOf(actorId);
    if (item.reporterId !== actorId && role === 'reporter') {
      await appendAudit(this.prisma, { actorId, action: 'item.fix_tags', subject: `item:${itemId}`, allowed: false, detail: 'not the reporter', at });
      throw new ActionError('forbidden', 'Only the person who filed this item, or a PM, can fix its tags. Nothing was changed.');
    }
    await this.prisma.$transaction(async (tx) => {
      for (const kind of TAG_KINDS) {
        const label = labels[kind];
        if (!label) continue;
        await tx.tagAssignment.deleteMany({ where: { itemId, kind, origin: 'human', label: { not: label } } });
        await tx.tagAssignment.upsert({
          where: { itemId_kind_label_origin: { itemId, kind, label, origin: 'human' } },
          create: { itemId, kind, label, origin: 'human', confidence: 1, matched: '[]', actorId, createdAt: at },
          update: { actorId, confidence: 1 },
        });
      }
      await tx.feedbackItem.update({ where: { id: itemId }, data: { unclassified: false, updatedAt: at } });
      await appendAudit(tx, {
        actorId,
        action: 'item.fix_tags',
        subject: `item:${itemId}`,
        before: { tags: item.tags.map((t) => `${t.kind}:${t.label}:${t.origin}`) },
        after: { product: labels.product ?? null, issue: labels.issue ?? null },
        at,
      });
    });
  }
}

const rank = (origin: string) => (origin === 'human' ? 2 : origin === 'rule' ? 1 : 0);
