// The weekly digest as Block Kit messages: pure functions of a Digest.
// Content that doesn't fit one message (50 blocks, and ~12k characters of
// block text, where Slack starts answering msg_blocks_too_long) continues in
// thread replies; nothing is dropped silently. Long titles and quotes are
// shortened with a visible "…" and a link to the full item.
import type { Digest, DigestCluster } from '../../digest/types.js';
import { t, type Language } from './i18n.js';

export interface TextObject { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean }
export interface Button { type: 'button'; action_id: string; text: TextObject; value: string; style?: 'primary' | 'danger' }
export type Block =
  | { type: 'header'; block_id?: string; text: TextObject }
  | { type: 'section'; block_id?: string; text: TextObject }
  | { type: 'context'; block_id?: string; elements: TextObject[] }
  | { type: 'actions'; block_id: string; elements: Button[] }
  | { type: 'divider'; block_id?: string };

export interface DigestMessage {
  /** Notification and accessibility text. */
  text: string;
  blocks: Block[];
  /** 1-based; part 1 is the channel message, later parts are its thread replies. */
  part: number;
  parts: number;
}

export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  /** Our own budget of block text per message, below the undocumented ~13.2k msg_blocks_too_long. */
  messageChars: 12_000,
  title: 150,
  quote: 280,
  permalink: 500,
} as const;

export const ACTION_IDS = {
  promote: 'cluster_promote',
  merge: 'cluster_merge',
  relabel: 'cluster_relabel',
  dismiss: 'cluster_dismiss',
} as const;

/** What the PM-action handlers receive as the button value. */
export interface ClusterButtonValue { clusterId: number; week: string }

/** Slack mrkdwn needs &, < and > escaped in user text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shortens to at most `max` UTF-16 units (what Slack counts, and never more
 * than code points), cutting between code points and marking the cut with "…".
 * One line unless `keepLines`.
 */
export function shorten(text: string, max: number, keepLines = false): { text: string; cut: boolean } {
  const clean = keepLines ? text : text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return { text: clean, cut: false };
  let out = '';
  for (const ch of clean) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return { text: out.trimEnd() + '…', cut: true };
}

const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text });
const section = (text: string, block_id?: string): Block => ({ type: 'section', ...(block_id ? { block_id } : {}), text: mrkdwn(text) });
const context = (...texts: string[]): Block => ({ type: 'context', elements: texts.slice(0, LIMITS.contextElements).map(mrkdwn) });

function ratioText(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1);
}

/** "31 reports · 12 branches · ▲ 3.1× vs 4-wk avg": why a cluster ranks where it does. */
export function scoreLine(c: DigestCluster, lang: Language): string {
  const parts = [
    c.items === 1 ? t(lang, 'digest.score.report') : t(lang, 'digest.score.reports', { n: c.items }),
    c.branches === 1 ? t(lang, 'digest.score.branch') : t(lang, 'digest.score.branches', { n: c.branches }),
  ];
  if (c.channels > 1) parts.push(t(lang, 'digest.score.channels', { n: c.channels }));
  if (c.isNew) parts.push(t(lang, 'digest.score.firstWeek'));
  else if (c.trend === null) parts.push(t(lang, 'digest.score.quiet'));
  else if (c.trend >= 1.15) parts.push(t(lang, 'digest.score.up', { ratio: ratioText(c.trend) }));
  else if (c.trend <= 0.85) parts.push(t(lang, 'digest.score.down', { ratio: ratioText(c.trend) }));
  else parts.push(t(lang, 'digest.score.flat'));
  if (c.weight !== 1) parts.push(t(lang, 'digest.score.weight', { w: c.weight }));
  parts.push(t(lang, 'digest.score.score', { score: c.score.toFixed(1) }));
  return parts.join(' · ');
}

function badges(c: DigestCluster, lang: Language): string {
  const list = [
    ...c.mustDoFlags.map((f) => `:rotating_light: ${t(lang, `digest.flag.${f}`)}`),
    ...(c.isNew ? [`:new: ${t(lang, 'digest.badge.new')}`] : []),
    ...(c.rising ? [`:chart_with_upwards_trend: ${t(lang, 'digest.badge.rising')}`] : []),
    ...(c.resurfaced ? [`:leftwards_arrow_with_hook: ${t(lang, 'digest.badge.resurfaced')}`] : []),
  ];
  return list.length > 0 ? `  ${list.join('  ')}` : '';
}

function quoteLine(q: DigestCluster['quotes'][number], lang: Language): string {
  const { text, cut } = shorten(q.text, LIMITS.quote);
  const link = q.permalink && q.permalink.length <= LIMITS.permalink && /^https?:\/\//.test(q.permalink)
    ? ` <${q.permalink}|${t(lang, cut ? 'digest.quote.more' : 'digest.quote.view')}>`
    : '';
  return `>${escapeMrkdwn(text)}${link}`;
}

/** One cluster: a section (title, tags, score line, quotes) and its four buttons. */
export function clusterBlocks(c: DigestCluster, rank: number, digest: Pick<Digest, 'week' | 'language'>): Block[] {
  const lang = digest.language;
  const title = escapeMrkdwn(shorten(c.title, LIMITS.title).text);
  const tagText = shorten(c.tagNames.map((n) => n.replace(/`/g, "'")).join(' · '), 300).text;
  const tags = c.tagNames.length > 0 ? `\n\`${escapeMrkdwn(tagText)}\`` : '';
  const quotes = c.quotes.slice(0, 2).map((q) => `\n${quoteLine(q, lang)}`).join('');
  const text = shorten(`*${rank}. ${title}*${badges(c, lang)}${tags}\n${scoreLine(c, lang)}${quotes}`, LIMITS.sectionText, true).text;
  const value = JSON.stringify({ clusterId: c.id, week: digest.week } satisfies ClusterButtonValue);
  const button = (key: keyof typeof ACTION_IDS, style?: 'primary' | 'danger'): Button => ({
    type: 'button',
    action_id: ACTION_IDS[key],
    text: { type: 'plain_text', text: shorten(t(lang, `digest.button.${key}`), LIMITS.buttonText).text, emoji: true },
    value,
    ...(style ? { style } : {}),
  });
  return [
    section(text, `cluster:${c.id}`),
    { type: 'actions', block_id: `cluster_actions:${c.id}`, elements: [button('promote', 'primary'), button('merge'), button('relabel'), button('dismiss')] },
  ];
}

function headBlocks(d: Digest): Block[] {
  const lang = d.language;
  const scope = d.products.length === 0 ? t(lang, 'digest.scope.all') : t(lang, 'digest.scope.some', { products: d.productNames.join(', ') });
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: shorten(t(lang, 'digest.header', { week: d.week }), LIMITS.headerText).text, emoji: true } },
    context(escapeMrkdwn(t(lang, 'digest.dates', { from: d.from, to: d.to, tz: d.timeZone })), escapeMrkdwn(shorten(scope, 1000).text)),
    section(t(lang, 'digest.totals', { ...d.totals })),
  ];
  if (d.totals.unclassified > 0) blocks.push(context(t(lang, 'digest.unclassified', { n: d.totals.unclassified })));
  return blocks;
}

function footerTexts(d: Digest, topN: number): string[] {
  const lang = d.language;
  const texts = [
    d.leftOut.clusters > 0 ? t(lang, 'digest.leftOut', { clusters: d.leftOut.clusters, items: d.leftOut.items, n: topN }) : t(lang, 'digest.leftOut.none'),
  ];
  if (d.leftOut.dismissed > 0) texts.push(t(lang, 'digest.dismissed', { n: d.leftOut.dismissed }));
  return texts;
}

const blockChars = (b: Block): number => JSON.stringify(b).length;

/**
 * The digest as one channel message plus as many thread replies as needed.
 * Groups of blocks (a cluster and its buttons) are never split across messages.
 */
export function digestMessages(d: Digest, topN: number): DigestMessage[] {
  const lang = d.language;
  const groups: Block[][] = [headBlocks(d)];
  groups.push([{ type: 'divider' }, section(t(lang, 'digest.mustDo.title'))]);
  if (d.mustDo.length === 0) groups.push([context(t(lang, 'digest.mustDo.empty'))]);
  d.mustDo.forEach((c, i) => groups.push(clusterBlocks(c, i + 1, d)));
  groups.push([{ type: 'divider' }, section(t(lang, 'digest.top.title', { n: topN }))]);
  if (d.top.length === 0) groups.push([context(t(lang, 'digest.top.empty'))]);
  d.top.forEach((c, i) => groups.push(clusterBlocks(c, i + 1, d)));
  const footer: Block[] = [{ type: 'divider' }, context(...footerTexts(d, topN))];

  // Each message keeps room for its footer (the left-out line, and in the
  // channel message the pointer to the thread) and for a part label.
  const reserveBlocks = footer.length + 2;
  const reserveChars = footer.reduce((n, b) => n + blockChars(b), 0) + 600;
  const pages: Block[][] = [[]];
  let chars = 0;
  for (const group of groups) {
    const size = group.reduce((n, b) => n + blockChars(b), 0);
    const page = pages[pages.length - 1]!;
    if (page.length > 0 && (page.length + group.length + reserveBlocks > LIMITS.blocksPerMessage || chars + size + reserveChars > LIMITS.messageChars)) {
      pages.push([...group]);
      chars = size;
    } else {
      page.push(...group);
      chars += size;
    }
  }
  const parts = pages.length;
  return pages.map((blocks, i) => {
    const part = i + 1;
    const out = [...blocks];
    if (part > 1) out.unshift(context(t(lang, 'digest.part', { week: d.week, i: part, n: parts })));
    if (part === 1) out.push(...footer);
    if (part === 1 && parts > 1) out.push(context(t(lang, 'digest.continued', { n: parts - 1 })));
    const text =
      part === 1
        ? t(lang, 'digest.fallback', { week: d.week, items: d.totals.items, mustDo: d.totals.mustDo, clusters: d.totals.clusters })
        : t(lang, 'digest.fallbackPart', { week: d.week, i: part, n: parts });
    return { text, blocks: out, part, parts };
  });
}
