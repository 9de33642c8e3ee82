// Human labels as training data. Relabel and "Tag as…" write TagAssignments
// with origin 'human'; this reads them back as the classifier's `human`
// examples (src/triage/classify.ts buildClassifier), so a PM's correction
// changes what Frontline predicts for similar new reports.
import type { Db } from '../store/audit.js';
import { buildClassifier, type Classifier, type HumanExample } from '../triage/classify.js';
import type { Taxonomy } from '../triage/taxonomy.js';

/** One example per human-labelled item (its stored, redacted text), newest first, at most `limit`. */
export async function humanExamples(db: Db, limit = 5000): Promise<HumanExample[]> {
  const rows = await db.feedbackItem.findMany({
    where: { status: { not: 'deleted' }, tags: { some: { origin: 'human' } } },
    orderBy: { id: 'desc' },
    take: limit,
    select: { text: true, tags: { where: { origin: 'human' }, select: { kind: true, label: true } } },
  });
  return rows
    .filter((r) => r.text.trim().length > 0)
    .map((r) => ({
      text: r.text,
      products: r.tags.filter((t) => t.kind === 'product').map((t) => t.label),
      issues: r.tags.filter((t) => t.kind === 'issue').map((t) => t.label),
      origin: 'human' as const,
    }));
}

/** The classifier trained on the taxonomy plus every human label so far. */
export async function classifierWithHumanLabels(db: Db, taxonomy: Taxonomy): Promise<Classifier> {
  return buildClassifier(taxonomy, { human: await humanExamples(db) });
}
