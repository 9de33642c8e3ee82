// The App Home tab, as pure functions of domain data, always within Slack's
// 100-block limit however much there is (each section is capped and says what
// it left out). PMs get their dashboard; reporters get their recent reports.
import { allowedNext, STATUS_LABEL } from '../../actions/lifecycle.js';
import type { BacklogStatus, BacklogView } from '../../store/backlog.js';
import type { Digest } from '../../digest/types.js';
import { clusterBlocks, escapeMrkdwn, shorten } from './digest.js';
import { clip, type KBlock } from './backlog-modals.js';

export const HOME_BLOCK_LIMIT = 100;

export const HOME_ACTIONS = {
  tagItem: 'unclassified_tag',
  addKeyword: 'unclassified_keyword',
  backlogStatus: 'backlog_status',
  mute: 'loop_mute',
  unmute: 'loop_unmute',
} as const;

/** How many of each thing the PM home shows. */
export const HOME_CAPS = { mustDo: 5, top: 5, unclassified: 8, backlog: 30, terminalPerStatus: 3, reports: 20 } as const;

export interface UnclassifiedEntry {
  id: number;
  text: string;
  receivedAt: string;
  branch: string | null;
  permalink: string | null;
}

export interface PmHome {
  kind: 'pm';
  userId: string;
  /** This week's ranking (must-do lane and top clusters), or null before any feedback. */
  digest: Pick<Digest, 'week' | 'language' | 'mustDo' | 'top' | 'totals'> | null;
  unclassified: { total: number; items: UnclassifiedEntry[] };
  /** The PM's backlog items (owned or created), newest first, and counts of all of them by status. */
  backlog: { counts: Partial<Record<string, number>>; items: BacklogView[] };
}

export interface ReportEntry {
  id: number;
  text: string;
  receivedAt: string;
  tags: string[];
  cluster: { id: number; title: string } | null;
  backlog: { key: string; title: string; status: string } | null;
}

export interface ReporterHome {
  kind: 'reporter';
  userId: string;
  muted: boolean;
  reports: ReportEntry[];
  totalReports: number;
}

export type HomeData = PmHome | ReporterHome;

export interface HomeView {
  type: 'home';
  blocks: KBlock[];
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const section = (text: string, extra: Record<string, unknown> = {}): KBlock => ({ type: 'section', text: mrkdwn(clip(text, 3000)), ...extra });
const context = (text: string): KBlock => ({ type: 'context', elements: [mrkdwn(clip(text, 3000))] });
const header = (text: string): KBlock => ({ type: 'header', text: plain(shorten(text, 150).text) });
const divider: KBlock = { type: 'divider' };
const button = (action_id: string, text: string, value: string, style?: 'primary'): KBlock =>
  ({ type: 'button', action_id, text: plain(text), value, ...(style ? { style } : {}) }) as KBlock;
const day = (iso: string) => iso.slice(0, 10);
const statusName = (s: string) => STATUS_LABEL[s as BacklogStatus] ?? s;
const more = (shown: number, total: number, where: string): KBlock[] => (total > shown ? [context(`…and ${total - shown} more. ${where}`)] : []);

function clusterLane(d: NonNullable<PmHome['digest']>, lane: 'mustDo' | 'top'): KBlock[] {
  const list = d[lane];
  const cap = lane === 'mustDo' ? HOME_CAPS.mustDo : HOME_CAPS.top;
  const title = lane === 'mustDo' ? ':rotating_light: *Must-do this week* · compliance, customer rights, major risk' : ':bar_chart: *Top clusters this week*';
  const blocks: KBlock[] = [section(title)];
  if (list.length === 0) blocks.push(context(lane === 'mustDo' ? 'Nothing must-do this week.' : 'No other clusters this week.'));
  list.slice(0, cap).forEach((c, i) => blocks.push(...(clusterBlocks(c, i + 1, d) as KBlock[])));
  blocks.push(...more(Math.min(cap, list.length), list.length, 'See the weekly digest for the rest.'));
  return blocks;
}

function unclassifiedQueue(q: PmHome['unclassified']): KBlock[] {
  const blocks: KBlock[] = [section(`:inbox_tray: *Unclassified queue* · ${q.total} report${q.total === 1 ? '' : 's'} matched no tag`)];
  if (q.items.length === 0) blocks.push(context('Nothing to triage. Every report has a tag.'));
  for (const item of q.items.slice(0, HOME_CAPS.unclassified)) {
    const link = item.permalink && /^https?:\/\//.test(item.permalink) ? ` <${item.permalink}|view>` : '';
    const where = [day(item.receivedAt), item.branch].filter(Boolean).join(' · ');
    blocks.push(section(`>${escapeMrkdwn(shorten(item.text, 280).text)}${link}\n_${escapeMrkdwn(where)}_`));
    blocks.push({
      type: 'actions',
      block_id: `unclassified:${item.id}`,
      elements: [button(HOME_ACTIONS.tagItem, 'Tag as…', String(item.id)), button(HOME_ACTIONS.addKeyword, 'Add keyword…', String(item.id))],
    });
  }
  blocks.push(...more(Math.min(HOME_CAPS.unclassified, q.items.length), q.total, 'Tag these first; the queue refills.'));
  return blocks;
}

function statusSelect(b: BacklogView): Record<string, unknown> {
  const next = allowedNext(b.status as BacklogStatus) ?? [];
  return {
    type: 'static_select',
    action_id: HOME_ACTIONS.backlogStatus,
    placeholder: plain('Move to…'),
    options: next.map((s) => ({ text: plain(s === 'planned' && (b.status === 'shipped' || b.status === 'declined') ? 'Reopen (planned)' : statusName(s)), value: `${b.id}:${s}` })),
  };
}

function backlogLanes(backlog: PmHome['backlog']): KBlock[] {
  const counts = ['new', 'planned', 'in_progress', 'shipped', 'declined'].map((s) => `${statusName(s)} ${backlog.counts[s] ?? 0}`).join(' · ');
  const blocks: KBlock[] = [section(`:clipboard: *Your backlog items* · ${counts}`)];
  if (backlog.items.length === 0) {
    blocks.push(context('None yet. Promote a cluster to create one.'));
    return blocks;
  }
  let budget: number = HOME_CAPS.backlog;
  for (const status of ['in_progress', 'planned', 'new', 'shipped', 'declined'] as const) {
    const all = backlog.items.filter((b) => b.status === status);
    if (all.length === 0 || budget <= 0) continue;
    const cap = Math.min(budget, status === 'shipped' || status === 'declined' ? HOME_CAPS.terminalPerStatus : budget);
    const shown = all.slice(0, cap);
    budget -= shown.length;
    blocks.push(context(`*${statusName(status)}* (${backlog.counts[status] ?? all.length})`));
    for (const b of shown) {
      const meta = [b.priority, b.product, b.owner ? `<@${b.owner}>` : null].filter(Boolean).join(' · ');
      blocks.push(section(`*${b.key}* ${escapeMrkdwn(shorten(b.title, 150).text)}\n_${meta}_`, { block_id: `backlog:${b.id}`, accessory: statusSelect(b) }));
    }
  }
  const total = Object.values(backlog.counts).reduce<number>((n, c) => n + (c ?? 0), 0);
  const shownCount = HOME_CAPS.backlog - budget;
  blocks.push(...more(shownCount, total, 'All of them: `frontline backlog list`.'));
  return blocks;
}

function pmHome(d: PmHome): KBlock[] {
  const blocks: KBlock[] = [header('Frontline · PM dashboard')];
  if (d.digest) {
    const t = d.digest.totals;
    blocks.push(context(`Week ${d.digest.week} so far: *${t.items}* reports · *${t.clusters}* clusters · *${t.mustDo}* must-do · *${t.rising}* rising`));
    blocks.push(divider, ...clusterLane(d.digest, 'mustDo'), divider, ...clusterLane(d.digest, 'top'));
  } else blocks.push(context('No feedback this week yet.'));
  blocks.push(divider, ...unclassifiedQueue(d.unclassified), divider, ...backlogLanes(d.backlog));
  return blocks;
}

function reporterHome(d: ReporterHome): KBlock[] {
  const blocks: KBlock[] = [
    header('Frontline · your reports'),
    section(
      d.muted ? 'You have muted updates about your reports.' : "You'll hear here when one of your reports reaches the backlog, ships or is declined.",
      { accessory: d.muted ? button(HOME_ACTIONS.unmute, 'Turn updates on', 'unmute', 'primary') : button(HOME_ACTIONS.mute, 'Mute updates', 'mute') },
    ),
    divider,
  ];
  if (d.reports.length === 0) blocks.push(context('No reports yet. Use `/feedback` or the "Send to Frontline" shortcut to pass one on.'));
  for (const r of d.reports.slice(0, HOME_CAPS.reports)) {
    const tags = r.tags.length > 0 ? r.tags.map((t) => `#${t}`).join(' ') : '_unclassified_';
    const cluster = r.cluster ? `cluster: ${escapeMrkdwn(shorten(r.cluster.title, 80).text)}` : null;
    const backlog = r.backlog ? `*${r.backlog.key}* ${statusName(r.backlog.status)}` : null;
    blocks.push(section(`>${escapeMrkdwn(shorten(r.text, 280).text)}`));
    blocks.push(context([day(r.receivedAt), tags, cluster, backlog].filter(Boolean).join(' · ')));
  }
  blocks.push(...more(Math.min(HOME_CAPS.reports, d.reports.length), d.totalReports, ''));
  return blocks;
}

/** The Home tab view for `views.publish`. */
export function homeView(data: HomeData): HomeView {
  const blocks = data.kind === 'pm' ? pmHome(data) : reporterHome(data);
  // The caps above keep this far below the limit; the cut is a last guard.
  if (blocks.length > HOME_BLOCK_LIMIT) blocks.splice(HOME_BLOCK_LIMIT - 1, Infinity, context('More is not shown here.'));
  return { type: 'home', blocks };
}
