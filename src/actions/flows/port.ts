// What the PM flows need from Slack, as one small port. The Slack app
// implements it over the rate-limited client (views.open, views.publish,
// chat.postEphemeral, chat.update, conversations.history); tests record calls.
import type { WeekRanking } from '../home-data.js';
import type { HomeView } from '../../slack/blocks/home.js';
import type { KBlock, LabelOption, ModalView } from '../../slack/blocks/backlog-modals.js';
import type { ActionDeps } from '../deps.js';
import type { TagKind } from '../../triage/types.js';

export interface PmSlackPort {
  openView(triggerId: string, view: ModalView): Promise<void>;
  publishHome(userId: string, view: HomeView): Promise<void>;
  /** Only `userId` sees it; in a DM with the bot when `channelId` is undefined. */
  ephemeral(channelId: string | undefined, userId: string, text: string, blocks?: KBlock[]): Promise<void>;
  /** The current blocks of a message (for updating a digest message in place). */
  getMessage(channelId: string, ts: string): Promise<{ text: string; blocks: KBlock[] } | undefined>;
  updateMessage(channelId: string, ts: string, text: string, blocks: KBlock[]): Promise<void>;
}

export interface KeywordWriter {
  /**
   * Writes the keyword into the taxonomy in use and re-tags matching items; returns how many were re-tagged.
   * `fromItemId`, the report the PM added it from, becomes a human example for the label when the keyword matches it.
   */
  add(actorId: string, kind: TagKind, label: string, keyword: string, fromItemId?: number): Promise<{ retagged: number }>;
}

export interface PmFlowDeps extends ActionDeps {
  slack: PmSlackPort;
  /** Product and issue labels with display names, from the taxonomy in use. */
  taxonomy: () => { products: LabelOption[]; issues: LabelOption[] };
  /** The digest's time zone (for "this week" when dismissing). */
  timeZone: string;
  /** This week's ranking for the PM Home (`digestRanking(store.path, settings)`). */
  ranking: WeekRanking;
  keywords?: KeywordWriter;
  /** Human labels or the taxonomy changed: the intake classifier retrains (resolves when it is in use). */
  onLabelsChanged?: () => Promise<void>;
}

/** Where a button was clicked. */
export interface ClickContext {
  userId: string;
  triggerId: string;
  /** The button's value: the digest's JSON `{clusterId, week}`, or a bare ID. */
  value: string;
  /** The message (digest) or view (App Home) it came from. */
  channelId?: string | undefined;
  messageTs?: string | undefined;
  /** The blocks around the button, to read the cluster's score line from. */
  blocks?: readonly KBlock[] | undefined;
}

export interface SubmitContext {
  userId: string;
  values: import('../../slack/blocks/backlog-modals.js').ViewStateValues;
  privateMetadata: string;
}

/** What the view_submission handler passes to `ack()`: nothing closes the modal. */
export type SubmitResponse =
  | undefined
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: ModalView };

export function parseButtonValue(value: string): { id: number; week?: string } | undefined {
  if (/^\d+$/.test(value)) return { id: Number(value) };
  try {
    const parsed = JSON.parse(value) as { clusterId?: unknown; week?: unknown };
    if (typeof parsed.clusterId === 'number') return { id: parsed.clusterId, ...(typeof parsed.week === 'string' ? { week: parsed.week } : {}) };
  } catch {
    // not JSON: fall through
  }
  return undefined;
}

/** The digest's one-line score explanation of a cluster, read from the message it was clicked in. */
export function scoreLineFromBlocks(blocks: readonly KBlock[] | undefined, clusterId: number): string | undefined {
  const block = blocks?.find((b) => b.type === 'section' && b.block_id === `cluster:${clusterId}`);
  const text = (block?.text as { text?: string } | undefined)?.text ?? '';
  // Line 1 is the title (bold), then tags (code), the score line, then quotes (>).
  return text.split('\n').find((line) => line.includes(' · ') && !/^[*>`✅]/.test(line));
}
