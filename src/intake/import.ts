// Bulk import: rows from a file go through the same pipeline as Slack, in
// batches of one transaction each. The same file imported twice adds nothing.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Store } from '../store/client.js';
import type { ReclusterSummary } from '../store/clusters.js';
import { openIntake } from './open.js';
import type { ImportRecord, ImportRow } from './import-rows.js';
import { intakeKeys, type IntakeRequest, type IntakeSource } from './types.js';

export interface ImportSummary {
  rows: number;
  added: number;
  duplicates: number;
  errors: { line: number; error: string }[];
  /** The re-cluster pass run once at the end, when the import added items. */
  recluster?: ReclusterSummary;
}

const batchSize = 500;
/** Cluster rows (counts, titles) are refreshed this often during an import, and at its end. */
const refreshEvery = 10_000;

export async function importRows(
  store: Store,
  config: Config,
  records: AsyncIterable<ImportRecord>,
  onProgress: (rows: number) => void = () => {},
  source: IntakeSource = 'import',
  now: () => Date = () => new Date(),
): Promise<ImportSummary> {
  const intake = await openIntake(store, config);
  const summary: ImportSummary = { rows: 0, added: 0, duplicates: 0, errors: [] };
  let batch: IntakeRequest[] = [];
  let sinceRefresh = 0;
  const refreshClusters = () =>
    intake.pipeline.exclusive(() => store.prisma.$transaction((tx) => intake.clusters.flushDeferred(tx, now())));
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await intake.pipeline.fileBatch(batch);
    summary.added += result.added;
    summary.duplicates += result.duplicates;
    batch = [];
    sinceRefresh += result.added;
    if (sinceRefresh >= refreshEvery) {
      await refreshClusters();
      sinceRefresh = 0;
    }
  };
  for await (const record of records) {
    summary.rows += 1;
    if (!record.ok) {
      summary.errors.push({ line: record.line, error: record.error });
    } else {
      batch.push(toRequest(record.row, source, now()));
      if (batch.length >= batchSize) await flush();
    }
    if (summary.rows % 1000 === 0) onProgress(summary.rows);
  }
  await flush();
  await refreshClusters();
  // Once at the end: items that arrived early joined with early weights, and paraphrases split.
  if (summary.added > 0) summary.recluster = await intake.pipeline.exclusive(() => intake.clusters.recluster(store.prisma, now()));
  onProgress(summary.rows);
  return summary;
}

/** Rows without an id are keyed by their content, so a re-import matches them. */
function toRequest(row: ImportRow, source: IntakeSource, now: Date): IntakeRequest {
  const key =
    row.id !== undefined
      ? intakeKeys.imported(row.id)
      : intakeKeys.imported(
          'sha256:' +
            createHash('sha256')
              .update(JSON.stringify([row.text, row.branch ?? '', row.channelType, row.createdAt?.toISOString() ?? '', row.reporter ?? '']))
              .digest('hex'),
        );
  return {
    intakeKey: key,
    source,
    text: row.text,
    receivedAt: row.createdAt ?? now,
    reporterId: row.reporter,
    branch: row.branch,
    channelType: row.channelType,
  };
}
