// What the reporter sees after filing: the item, its tags with the words that
// produced them, must-do flags, and the cluster it joined. Pure functions of
// the pipeline's outcome; the text shown is always the redacted text.
import type { types } from '@slack/bolt';
import type { IntakeOutcome } from '../../intake/types.js';
import type { RedactionCounts, RedactionKind, TagKind } from '../../triage/types.js';
import { INTAKE_ACTION_IDS } from '../surfaces.js';
import { escapeMrkdwn, shorten } from './digest.js';

export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** Display name of a taxonomy label; the lead passes the taxonomy's names. */
export type LabelName = (kind: TagKind | 'flag', id: string) => string;

export const humanize: LabelName = (_kind, id) => {
  const words = id.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const REDACTION_NAMES: Record<RedactionKind, string> = {
  card: 'card numbers',
  tw_id: 'Taiwan national IDs',
  cn_id: 'China resident IDs',
  phone: 'phone numbers',
  email: 'email addresses',
  iban: 'IBANs',
  account: 'account numbers',
  ssn: 'US social security numbers',
};

export function confirmation(outcome: IntakeOutcome, name: LabelName = humanize): SlackMessage {
  const { triage, cluster } = outcome;
  const lines: string[] = [];
  lines.push(outcome.created ? `:white_check_mark: Filed as item *#${outcome.itemId}*.` : `:information_source: Already filed as item *#${outcome.itemId}*.`);
  if (outcome.status === 'failed') lines.push('Stored safely; tagging failed and will be retried.');
  else if (triage.unclassified || triage.tags.length === 0) lines.push('No tag matched yet: it waits in the unclassified queue for a product manager.');
  for (const tag of triage.tags.slice(0, 8)) {
    const words = tag.reasons.slice(0, 5).map((r) => `“${escapeMrkdwn(shorten(r, 40).text)}”`);
    lines.push(`• ${tag.kind === 'product' ? 'Product' : 'Issue'}: *${escapeMrkdwn(name(tag.kind, tag.label))}*${words.length ? ` (from ${words.join(', ')})` : ''}`);
  }
  if (triage.flags.length > 0) {
    lines.push(`:rotating_light: Must-do: ${triage.flags.map((f) => `*${escapeMrkdwn(name('flag', f.flag))}*`).join(', ')}`);
  }
  if (cluster && cluster.weekItems > 1) {
    const branches = cluster.weekBranches > 1 ? ` from ${cluster.weekBranches} branches` : '';
    lines.push(`:link: ${cluster.weekItems - 1} similar report${cluster.weekItems === 2 ? '' : 's'} this week${branches}: _${escapeMrkdwn(shorten(cluster.title, 120).text)}_`);
  }
  const text = shorten(lines.join('\n'), 2900, true).text;
  return {
    text: lines[0]!.replace(/\*/g, ''),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: `item_${outcome.itemId}`,
        elements: [{ type: 'button', action_id: FIX_TAGS_ACTION, text: { type: 'plain_text', text: 'Fix tags', emoji: true }, value: String(outcome.itemId) }],
      },
    ],
  };
}

/** The Fix tags button's action_id (surfaces.ts lists it). */
export const FIX_TAGS_ACTION = INTAKE_ACTION_IDS[0];

/** The alert posted to the escalation channel for a must-do item: redacted text only. */
export function escalationAlert(outcome: IntakeOutcome, source: string, permalink?: string, name: LabelName = humanize): SlackMessage {
  const flags = outcome.triage.flags.map((f) => name('flag', f.flag)).join(', ');
  const head = `:rotating_light: Must-do feedback (${escapeMrkdwn(flags)}): item *#${outcome.itemId}* via ${escapeMrkdwn(source.replace(/_/g, ' '))}`;
  const lines = shorten(outcome.triage.redacted, 2000, true).text.split('\n').slice(0, 20);
  const quoted = lines.map((l) => `> ${escapeMrkdwn(l)}`).join('\n');
  const link = permalink ? `\n<${permalink}|Original message>` : '';
  return { text: `Must-do feedback (${flags}): item #${outcome.itemId}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${head}\n${quoted}${link}` } }] };
}

/** The private note when customer data was removed, or null when nothing was. */
export function redactionNotice(counts: RedactionCounts): SlackMessage | null {
  const kinds = (Object.entries(counts) as [RedactionKind, number][]).filter(([, n]) => n > 0);
  if (kinds.length === 0) return null;
  const list = kinds.map(([kind, n]) => `${n} ${REDACTION_NAMES[kind] ?? kind}`).join(', ');
  const text = `:lock: Customer data was removed before storing: ${list}. Please edit or delete the original message in Slack so it does not stay there.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function plainMessage(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: shorten(text, 2900).text } }] };
}
