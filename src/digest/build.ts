// Builds a subscription's digest for an ISO week: SQL aggregates → scoped
// clusters → ranking → quotes and display names → Block Kit messages.
import type { Config } from '../config.js';
import { digestMessages, type DigestMessage } from '../slack/blocks/digest.js';
import type { Language } from '../slack/blocks/i18n.js';
import { loadQuotes, loadWeekData, openDigestReader, type DigestReader, type WeekData } from '../store/digest.js';
import { aggregateWeek } from './aggregate.js';
import { rankClusters } from './rank.js';
import { parseProductWeights } from './signals.js';
import type { Subscription } from './subscriptions.js';
import type { Digest, DigestCluster, RankedCluster } from './types.js';
import { addWeeks, formatWeek, localParts, parseSchedule, weekRange, type IsoWeek, type Schedule, type WeekRange } from './week.js';

/** Display names of taxonomy labels; the taxonomy supplies them, ids are the fallback. */
export type LabelNamer = (label: string, language: Language) => string;

export const labelIdNamer: LabelNamer = (label) => label.replace(/_/g, ' ');

export interface DigestSettings {
  timeZone: string;
  schedule: Schedule;
  topN: number;
  weights: ReadonlyMap<string, number>;
  defaultLanguage: Language;
  labelName: LabelNamer;
}

export function digestSettings(config: Config, labelName: LabelNamer = labelIdNamer): DigestSettings {
  return {
    timeZone: config.FRONTLINE_TIMEZONE,
    schedule: parseSchedule(config.FRONTLINE_DIGEST_SCHEDULE, config.FRONTLINE_TIMEZONE),
    topN: config.FRONTLINE_DIGEST_TOP_N,
    weights: parseProductWeights(config.FRONTLINE_PRODUCT_WEIGHTS),
    defaultLanguage: config.FRONTLINE_LANGUAGE,
    labelName,
  };
}

/** A week's aggregates, loaded once and shared by every subscription. */
export interface LoadedWeek {
  week: IsoWeek;
  range: WeekRange;
  data: WeekData;
}

export function loadWeek(db: DigestReader, week: IsoWeek, timeZone: string): LoadedWeek {
  const range = weekRange(week, timeZone);
  const trailingStart = weekRange(addWeeks(week, -4), timeZone).start;
  return { week, range, data: loadWeekData(db, range, trailingStart) };
}

function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export function buildDigest(
  db: DigestReader,
  loaded: LoadedWeek,
  subscription: Pick<Subscription, 'products' | 'language'>,
  settings: DigestSettings,
): Digest {
  const scoped = aggregateWeek(loaded.data, subscription.products);
  const ranking = rankClusters(scoped.clusters, { weekStart: loaded.range.start, topN: settings.topN, weights: settings.weights });
  const shown = [...ranking.mustDo, ...ranking.top];
  // Quotes come from the shown clusters and from any clusters merged into them.
  const memberIds = shown.flatMap((c) => scoped.members.get(c.id) ?? [c.id]);
  const quotesById = loadQuotes(db, loaded.range, memberIds);
  const lang = subscription.language;
  const decorate = (c: RankedCluster): DigestCluster => ({
    ...c,
    quotes: (scoped.members.get(c.id) ?? [c.id]).flatMap((id) => quotesById.get(id) ?? []).slice(0, 2),
    tagNames: [...(c.product ? [c.product] : []), ...c.issues].map((label) => settings.labelName(label, lang)),
  });
  return {
    week: formatWeek(loaded.week),
    from: localDate(loaded.range.start, settings.timeZone),
    to: localDate(new Date(loaded.range.end.getTime() - 1), settings.timeZone),
    timeZone: settings.timeZone,
    language: lang,
    products: subscription.products,
    productNames: subscription.products.map((p) => settings.labelName(p, lang)),
    totals: {
      items: scoped.items,
      clusters: ranking.counts.clusters,
      branches: scoped.branches,
      mustDo: ranking.mustDo.length,
      newClusters: ranking.counts.newClusters,
      rising: ranking.counts.rising,
      unclassified: loaded.data.totals.unclassified,
    },
    mustDo: ranking.mustDo.map(decorate),
    top: ranking.top.map(decorate),
    leftOut: { ...ranking.leftOut, dismissed: ranking.dismissedHidden },
  };
}

export interface DigestForChannel {
  subscription: Subscription;
  digest: Digest;
  messages: DigestMessage[];
}

/** Builds every subscription's digest for `week` from the database file at `dbPath` (Store.path). */
export async function buildDigestsForWeek(
  dbPath: string,
  week: IsoWeek,
  subscriptions: readonly Subscription[],
  settings: DigestSettings,
): Promise<DigestForChannel[]> {
  const db = openDigestReader(dbPath);
  try {
    const loaded = loadWeek(db, week, settings.timeZone);
    return subscriptions.map((subscription) => {
      const digest = buildDigest(db, loaded, subscription, settings);
      return { subscription, digest, messages: digestMessages(digest, settings.topN) };
    });
  } finally {
    db.close();
  }
}
