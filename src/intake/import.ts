// Bulk import: rows from a file go through the same pipeline as Slack, in
// batches of one transaction each. The same file imported twice adds nothing.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Store } from '../store/client.js';
import type { ReclusterSummary } from '../store/cluster-recluster.js';
import type { TriageResult } from '../triage/types.js';
import { openIntake, type Intake } from './open.js';
import { TriagePool } from './triage-pool.js';
import type { ImportRecord, ImportRow } from './import-rows.js';
import { intakeKeys, type IntakeRequest, type IntakeSource } from './types.js';

export interface ImportSummary {
  rows: number;
  added: number;
  duplicates: number;
  errors: { line: number; error: string }[];
  /** Whether a worker thread triaged (false: the main thread did, as when running from sources). */
  triageWorker?: boolean;
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
  const built = intake.triager.source;
  const pool = built ? TriagePool.start(built.dir, built.human) : undefined;
  try {
    return await importAll(store, intake, pool, records, onProgress, source, now);
  } finally {
    await pool?.close();
  }
}

async function importAll(
  store: Store,
  intake: Intake,
  pool: TriagePool | undefined,
  records: AsyncIterable<ImportRecord>,
  onProgress: (rows: number) => void,
  source: IntakeSource,
  now: () => Date,
): Promise<ImportSummary> {
  const summary: ImportSummary = { rows: 0, added: 0, duplicates: 0, errors: [], triageWorker: pool !== undefined };
  let batch: IntakeRequest[] = [];
  let sinceRefresh = 0;
  // With a worker, batch k+1 is triaged there while batch k is clustered and written here.
  let inFlight: { requests: IntakeRequest[]; triaged: Promise<(TriageResult | null)[] | undefined> } | undefined;
  const refreshClusters = () =>
    intake.pipeline.exclusive(() => store.prisma.$transaction((tx) => intake.clusters.flushDeferred(tx, now())));
  const file = async (requests: IntakeRequest[], triaged: (TriageResult | null)[] | undefined) => {
    const result = await intake.pipeline.fileBatch(requests, triaged);
    summary.added += result.added;
    summary.duplicates += result.duplicates;
    sinceRefresh += result.added;
    if (sinceRefresh >= refreshEvery) {
      await refreshClusters();
      sinceRefresh = 0;
    }
  };
  const fileInFlight = async () => {
    if (!inFlight) return;
    const { requests, triaged } = inFlight;
    inFlight = undefined;
    await file(requests, await triaged);
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const requests = batch;
    batch = [];
    if (!pool) return file(requests, undefined);
    // Rows imported before (a re-import) are not triaged again; a worker
    // failure only costs speed: the batch is triaged here instead.
    const stored = await store.prisma.feedbackItem.findMany({ where: { intakeKey: { in: requests.map((r) => r.intakeKey) } }, select: { intakeKey: true } });
    const known = new Set(stored.map((s) => s.intakeKey));
    const fresh = requests.flatMap((r, i) => (known.has(r.intakeKey) ? [] : [i]));
    const triaged =
      fresh.length === 0
        ? Promise.resolve(undefined)
        : pool.triage(fresh.map((i) => requests[i]!.text)).then(
            (results) => {
              const aligned: (TriageResult | null)[] = requests.map(() => null);
              fresh.forEach((i, k) => (aligned[i] = results[k] ?? null));
              return aligned;
            },
            () => undefined,
          );
    await fileInFlight();
    inFlight = { requests, triaged };
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
  await fileInFlight();
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
