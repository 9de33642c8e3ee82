// The pipeline every intake surface ends in: redact, classify and cluster
// (the pure core), then store the item, its tags, its flags and its cluster in
// one transaction. Work is serialised, so cluster assignment and IDs stay
// consistent; retries of the same intake key return the stored item.
import type { Logger } from '../log.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { TriageResult } from '../triage/types.js';
import { insertRows } from '../store/bulk-insert.js';
import { contentHash, FLAG_COLUMNS, flagRows, type Fresh, humanProductRow, insertItems, itemColumns, storedOutcome, TAG_COLUMNS, tagRows } from './item-rows.js';
import type { AcceptedItem, ClusterAssigner, IntakeOutcome, IntakeRequest, IntakeSource, Triager } from './types.js';
import type { ChannelType } from './channel-type.js';
import { SerialQueue } from './serial-queue.js';

export interface BatchResult {
  outcomes: IntakeOutcome[];
  added: number;
  duplicates: number;
}

/** What a caller still has in memory when it completes a written-ahead item. */
export interface LiveCapture {
  /** The raw text; the stored, redacted text is triaged when absent. */
  text?: string | undefined;
  permalink?: string | undefined;
  /** The message's author, learned with its text (reactions). */
  authorId?: string | undefined;
  created?: boolean;
  /** The text replaces the stored one (an edit that overtook the processing). */
  replaceText?: boolean;
}

export class IntakePipeline {
  private readonly queue = new SerialQueue();
  private nextItemId: number | undefined;
  /** Highest id handed out so far: a reload of the counter never goes below it (accept() runs outside the queue). */
  private issued = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly triager: Triager,
    private readonly clusters: ClusterAssigner,
    private readonly log: Logger,
  ) {}

  /** Files one item; resolves once it is stored (or found already stored). */
  async file(request: IntakeRequest): Promise<IntakeOutcome> {
    try {
      const result = await this.queue.run(() => this.process([request], true));
      return result.outcomes[0]!;
    } catch (error) {
      // The normal write failed (locked database, a bug): keep the item anyway,
      // redacted and marked failed, so it is retried from the database.
      const message = error instanceof Error ? error.message : String(error);
      this.log.error({ intakeKey: request.intakeKey, err: message }, 'filing failed; keeping the item as failed for a retry');
      return this.queue.run(() => this.keepFailed(request, message));
    }
  }

  /** Runs `job` alone, in order with filing (edits, deletions, retries). */
  exclusive<T>(job: () => Promise<T>): Promise<T> {
    return this.queue.run(job);
  }

  private async keepFailed(request: IntakeRequest, message: string): Promise<IntakeOutcome> {
    const now = new Date();
    const stored = await this.prisma.feedbackItem.findUnique({ where: { intakeKey: request.intakeKey }, select: { id: true } });
    if (stored) return storedOutcome(this.prisma, this.clusters, request.intakeKey, now);
    const triage: TriageResult = { ...this.triager.redactOnly(request.text), tags: [], flags: [], unclassified: true, concepts: [], folded: '', tokens: [] };
    const id = await this.allocateId();
    try {
      await this.prisma.$transaction(async (tx) => insertItems(tx, [{ id, request, triage, failed: message }], new Map(), now));
    } catch (error) {
      this.nextItemId = undefined;
      throw error;
    }
    return { itemId: id, created: true, status: 'failed', triage, cluster: null };
  }

  /**
   * Files many items in one transaction: the bulk-import path. Reports counts,
   * not per-item outcomes. `triaged[i]`, when given, is requests[i]'s triage,
   * done already (the import's worker thread); null or absent: triaged here.
   */
  fileBatch(requests: IntakeRequest[], triaged?: readonly (TriageResult | null)[]): Promise<BatchResult> {
    return this.queue.run(() => this.process(requests, false, triaged));
  }

  private async process(requests: IntakeRequest[], withOutcomes: boolean, triaged?: readonly (TriageResult | null)[]): Promise<BatchResult> {
    await this.clusters.reloadIfStale(this.prisma);
    const keys = [...new Set(requests.map((r) => r.intakeKey))];
    const stored = await this.prisma.feedbackItem.findMany({
      where: { intakeKey: { in: keys } },
      select: { id: true, intakeKey: true },
    });
    const existing = new Map(stored.map((s) => [s.intakeKey, s.id]));
    const fresh: Fresh[] = [];
    const seen = new Set<string>();
    for (const [i, request] of requests.entries()) {
      if (existing.has(request.intakeKey) || seen.has(request.intakeKey)) continue;
      seen.add(request.intakeKey);
      const done = triaged?.[i];
      fresh.push({ id: await this.allocateId(), request, ...(done ? { triage: done } : this.safeTriage(request)) });
    }

    const now = new Date();
    const assigned = this.clusters.assign(
      fresh.filter((f) => !f.failed).map((f) => ({ itemId: f.id, triage: f.triage, request: f.request })),
    );
    const touched = new Set(assigned.values());
    try {
      await this.prisma.$transaction(async (tx) => {
        await this.clusters.persist(tx, touched, now, !withOutcomes);
        await insertItems(tx, fresh, assigned, now);
      });
    } catch (error) {
      this.clusters.forget(fresh.map((f) => f.id));
      this.nextItemId = undefined;
      throw error;
    }

    const outcomes: IntakeOutcome[] = [];
    if (!withOutcomes) return { outcomes, added: fresh.length, duplicates: requests.length - fresh.length };
    const byKey = new Map(fresh.map((f) => [f.request.intakeKey, f]));
    for (const request of requests) {
      const item = byKey.get(request.intakeKey);
      if (item) {
        const clusterId = assigned.get(item.id);
        outcomes.push({
          itemId: item.id,
          created: true,
          status: item.failed ? 'failed' : 'triaged',
          triage: item.triage,
          cluster: clusterId === undefined ? null : await this.clusters.summary(this.prisma, clusterId, now),
        });
        byKey.delete(request.intakeKey);
      } else {
        outcomes.push(await storedOutcome(this.prisma, this.clusters, request.intakeKey, now));
      }
    }
    return { outcomes, added: fresh.length, duplicates: requests.length - fresh.length };
  }

  private safeTriage(request: IntakeRequest): { triage: TriageResult; failed?: string } {
    try {
      return { triage: this.triager.triage(request.text) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error({ intakeKey: request.intakeKey, err: message }, 'triage failed; storing the item redacted for a retry');
      const base = this.triager.redactOnly(request.text);
      return {
        failed: message,
        triage: { ...base, tags: [], flags: [], unclassified: true, concepts: [], folded: '', tokens: [] },
      };
    }
  }

  private async allocateId(): Promise<number> {
    if (this.nextItemId === undefined) {
      const max = await this.prisma.feedbackItem.aggregate({ _max: { id: true } });
      this.nextItemId = Math.max((max._max.id ?? 0) + 1, this.issued + 1, this.nextItemId ?? 0);
    }
    const id = this.nextItemId++;
    this.issued = Math.max(this.issued, id);
    return id;
  }

  /**
   * The write-ahead, before a Slack surface acknowledges: redaction (pure and
   * fast; the raw text is never stored) and one INSERT of the item as
   * `pending`, outside the queue so it never waits behind triage work. The
   * same intake key again (a Slack retry, a second capture) finds the stored
   * row. complete(), or the periodic retry after a crash, does the rest.
   * `awaitingText`: the surface learns the text only after its ack (a
   * reaction names a message, and the message is read back from Slack): the
   * row is stored without text as `awaiting_text`, and the text is filled in
   * by complete() (or by the retry's onAwaitingText handler after a crash).
   */
  async accept(request: IntakeRequest, options: { awaitingText?: boolean } = {}): Promise<AcceptedItem> {
    const key = request.intakeKey;
    const found = await this.prisma.feedbackItem.findUnique({ where: { intakeKey: key }, select: { id: true, status: true } });
    if (found) {
      // A capture that has the text fills a row still awaiting it (a reaction being read),
      // so the reaction's clean-up (discardAwaiting) can no longer remove it.
      if (found.status !== 'awaiting_text' || options.awaitingText || (await this.fillText(found.id, request.text, request.authorId))) {
        return { itemId: found.id, intakeKey: key, created: false };
      }
      // The awaiting row was discarded meanwhile: store this capture afresh.
    }
    const base = this.triager.redactOnly(options.awaitingText ? '' : request.text);
    const status = options.awaitingText ? 'awaiting_text' : 'pending';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const id = await this.allocateId();
      const at = Date.now();
      const r = request;
      const values = [
        id, key, r.source,
        r.slack?.teamId ?? null, r.slack?.channelId ?? null, r.slack?.messageTs ?? null, r.slack?.threadTs ?? null, r.slack?.permalink ?? null,
        r.reporterId ?? null, r.authorId ?? null, r.branch ?? null, r.region ?? null, r.channelType ?? 'other', r.customerImpact ?? null,
        base.redacted, JSON.stringify(base.redactions), contentHash(base.redacted), base.script,
        r.receivedAt.getTime(), at, at, status, 0, null, 0, null, null,
      ];
      const sql = `INSERT OR IGNORE INTO "FeedbackItem" (${itemColumns.map((c) => `"${c}"`).join(',')}) VALUES (${itemColumns.map(() => '?').join(',')})`;
      const inserted = r.product
        ? await this.prisma.$transaction(async (tx) => {
            const n = await tx.$executeRawUnsafe(sql, ...values);
            if (n === 1) await insertRows(tx, 'TagAssignment', TAG_COLUMNS, [humanProductRow(id, r, at)]);
            return n;
          })
        : await this.prisma.$executeRawUnsafe(sql, ...values);
      if (inserted === 1) return { itemId: id, intakeKey: key, created: true };
      // Ignored: the key was stored meanwhile, or the id counter was out of step.
      const stored = await this.prisma.feedbackItem.findUnique({ where: { intakeKey: key }, select: { id: true } });
      if (stored) return { itemId: stored.id, intakeKey: key, created: false };
      this.nextItemId = undefined;
    }
    throw new Error('could not store the item ahead of its processing');
  }

  /** Triages, clusters and stores a written-ahead item (pending or failed) in one transaction, in the queue. */
  complete(itemId: number, live: LiveCapture = {}): Promise<IntakeOutcome | null> {
    return this.queue.run(() => this.completeNow(itemId, live));
  }

  /**
   * complete() for callers already running in the queue (ItemUpdates.retryFailed).
   * `live.text` is the raw text when still in memory, else the stored redacted
   * text is triaged. An item already processed (by another instance, a retry)
   * is returned as stored. Triage or write failures leave it `failed` for a retry.
   */
  async completeNow(itemId: number, live: LiveCapture = {}): Promise<IntakeOutcome | null> {
    await this.clusters.reloadIfStale(this.prisma);
    let row = await this.prisma.feedbackItem.findUnique({ where: { id: itemId } });
    if (!row) return null;
    if (row.status === 'awaiting_text' || (live.replaceText && live.text !== undefined && row.status === 'pending')) {
      // Awaiting: its text was not read yet, nothing to triage until a caller has it.
      // Pending with replaceText: the message was edited before it was processed.
      if (live.text === undefined || !(await this.fillText(row.id, live.text, live.authorId, row.status))) return null;
      row = await this.prisma.feedbackItem.findUnique({ where: { id: itemId } });
      if (!row) return null;
    }
    const created = live.created ?? true;
    const permalink = row.permalink ?? live.permalink ?? null;
    const now = new Date();
    if (row.status !== 'pending' && row.status !== 'failed') {
      if (permalink !== row.permalink) await this.prisma.feedbackItem.update({ where: { id: row.id }, data: { permalink } });
      return { ...(await storedOutcome(this.prisma, this.clusters, row.intakeKey, now)), created };
    }
    const redactions = JSON.parse(row.redactions) as TriageResult['redactions'];
    let failed: string | undefined;
    let triage: TriageResult | undefined;
    let clusterId: number | null = row.clusterId;
    try {
      triage = this.triager.triage(live.text ?? row.text);
    } catch (error) {
      failed = error instanceof Error ? error.message : String(error);
      this.log.error({ itemId: row.id, intakeKey: row.intakeKey, err: failed }, 'triage failed; storing the item redacted for a retry');
    }
    if (triage) {
      const t = triage;
      const request: IntakeRequest = {
        intakeKey: row.intakeKey,
        source: row.source as IntakeSource,
        text: row.text,
        receivedAt: row.receivedAt,
        branch: row.branch ?? undefined,
        channelType: row.channelType as ChannelType,
      };
      const assigned = row.clusterId === null ? this.clusters.assign([{ itemId: row.id, triage: t, request }]) : new Map<number, number>();
      clusterId = assigned.get(row.id) ?? row.clusterId;
      try {
        await this.prisma.$transaction(async (tx) => {
          await this.clusters.persist(tx, new Set(assigned.values()), now);
          await tx.tagAssignment.deleteMany({ where: { itemId: row.id, origin: { not: 'human' } } });
          await tx.mustDoFlag.deleteMany({ where: { itemId: row.id } });
          const at = now.getTime();
          await insertRows(tx, 'TagAssignment', TAG_COLUMNS, tagRows(row.id, t, at));
          await insertRows(tx, 'MustDoFlag', FLAG_COLUMNS, flagRows(row.id, t, at));
          await tx.feedbackItem.update({
            where: { id: row.id },
            data: {
              status: 'triaged',
              lastError: null,
              attempts: row.attempts + 1,
              unclassified: t.unclassified,
              contentHash: contentHash(t.folded || t.redacted),
              language: t.script,
              clusterId,
              permalink,
              updatedAt: now,
            },
          });
        });
      } catch (error) {
        this.clusters.forget([row.id]);
        clusterId = row.clusterId;
        failed = error instanceof Error ? error.message : String(error);
        this.log.error({ itemId: row.id, intakeKey: row.intakeKey, err: failed }, 'filing failed; keeping the item as failed for a retry');
      }
    }
    if (failed !== undefined || !triage) {
      await this.prisma.feedbackItem.update({ where: { id: row.id }, data: { status: 'failed', attempts: row.attempts + 1, lastError: failed ?? 'unknown', permalink, updatedAt: now } });
      const base: TriageResult = { redacted: row.text, redactions, script: row.language as TriageResult['script'], tags: [], flags: [], unclassified: true, concepts: [], folded: '', tokens: [] };
      return { itemId: row.id, created, status: 'failed', triage: base, cluster: null };
    }
    return {
      itemId: row.id,
      created,
      status: 'triaged',
      triage: { ...triage, redacted: row.text, redactions },
      cluster: clusterId === null ? null : await this.clusters.summary(this.prisma, clusterId, now),
    };
  }

  /** Deletes a written-ahead item that was not processed (and is not going to be). */
  async discard(itemId: number): Promise<void> {
    await this.queue.run(() => this.prisma.feedbackItem.deleteMany({ where: { id: itemId, status: 'pending' } }));
  }

  /** Deletes a row still awaiting its text (its message is gone or refused); a row another capture filled stays. */
  async discardAwaiting(itemId: number): Promise<boolean> {
    return this.queue.run(async () => (await this.prisma.feedbackItem.deleteMany({ where: { id: itemId, status: 'awaiting_text' } })).count === 1);
  }

  /** The text of a row awaiting it (or of a pending row, replaced), redacted, and the row `pending`; false when the row is gone. */
  private async fillText(itemId: number, text: string, authorId: string | undefined, status = 'awaiting_text'): Promise<boolean> {
    const base = this.triager.redactOnly(text);
    const filled = await this.prisma.feedbackItem.updateMany({
      where: { id: itemId, status },
      data: {
        text: base.redacted, redactions: JSON.stringify(base.redactions), contentHash: contentHash(base.redacted), language: base.script,
        ...(authorId ? { authorId } : {}), status: 'pending', updatedAt: new Date(),
      },
    });
    if (filled.count === 1) return true;
    // Filled by another capture meanwhile (it is no longer awaiting), or discarded (gone).
    return (await this.prisma.feedbackItem.count({ where: { id: itemId } })) === 1;
  }

  /** The stored item as an outcome (for confirmations owed after a restart). */
  outcomeOf(intakeKey: string): Promise<IntakeOutcome> {
    return storedOutcome(this.prisma, this.clusters, intakeKey, new Date());
  }
}
