// The intake's Block Kit stays within Slack's limits whatever the input:
// the /feedback modal, Fix tags with the whole taxonomy, confirmations with
// many tags and a long cluster title, and the must-do alert for a huge text.
import { describe, expect, it } from 'vitest';
import type { IntakeOutcome } from '../../src/intake/types.js';
import { confirmation, escalationAlert, redactionNotice } from '../../src/slack/blocks/confirmation.js';
import { feedbackModal } from '../../src/slack/blocks/feedback-modal.js';
import { fixTagsModal, readFixTags } from '../../src/slack/blocks/fix-tags.js';
import { readTaxonomy } from '../../src/store/taxonomy-files.js';
import { viewProblems } from './blockkit-check.js';

const labels = readTaxonomy().labels;
const choices = (kind: string) => labels.filter((l) => l.kind === kind).map((l) => ({ id: l.id, name: l.names.en ?? l.id }));

function outcome(text: string, extra: Partial<IntakeOutcome['triage']> = {}): IntakeOutcome {
  return {
    itemId: 42,
    created: true,
    status: 'triaged',
    triage: { redacted: text, redactions: { card: 0, tw_id: 0, cn_id: 0, phone: 0, email: 0, iban: 0, account: 0, ssn: 0 }, script: 'en', tags: [], flags: [], unclassified: true, concepts: [], folded: '', tokens: [], ...extra },
    cluster: { id: 7, title: 'x'.repeat(5000), weekItems: 8, weekBranches: 4, totalItems: 30 },
  } as IntakeOutcome;
}

describe('intake Block Kit', () => {
  it('modals fit Slack limits with the full taxonomy', () => {
    expect(viewProblems(feedbackModal(choices('product'), { channelId: 'C1' }, 'y'.repeat(10_000)) as never)).toEqual([]);
    const fix = fixTagsModal(42, { products: choices('product'), issues: choices('issue') }, { product: 'cards', issue: 'fees_interest' }, { channelId: 'C1' });
    expect(viewProblems(fix as never)).toEqual([]);
    expect(readFixTags({ private_metadata: fix.private_metadata!, state: { values: { fix_issue: { fix_issue: { selected_option: { value: 'app_bug' } } } } } })).toEqual({ itemId: 42, channelId: 'C1', issue: 'app_bug' });
    expect(readFixTags({ private_metadata: 'not json' })).toEqual({});
  });

  it('a confirmation with many tags and a huge cluster title stays in limits and names the cluster', () => {
    const tags = Array.from({ length: 30 }, (_, i) => ({ kind: 'issue' as const, label: `label_${i}`, confidence: 0.5, reasons: ['w'.repeat(500), '<script>'], origin: 'rule' as const }));
    const message = confirmation(outcome('text', { tags, unclassified: false }));
    expect(viewProblems({ type: 'message', blocks: message.blocks as never })).toEqual([]);
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('7 similar reports this week from 4 branches');
    expect(shown).toContain('&lt;script&gt;');
    expect(shown).not.toContain('<script>');
  });

  it('the must-do alert quotes at most a bounded part of the redacted text', () => {
    const alert = escalationAlert(outcome('line of complaint\n'.repeat(6000), { flags: [{ flag: 'compliance', reasons: ['regulator'] }] }), 'watched_channel', 'https://x.slack.com/archives/C1/p1');
    expect(viewProblems({ type: 'message', blocks: alert.blocks as never })).toEqual([]);
    expect(alert.text).toContain('#42');
  });

  it('the redaction notice lists the kinds removed, and is absent when nothing was', () => {
    expect(redactionNotice({ card: 1, phone: 2 } as never)?.text).toContain('1 card numbers, 2 phone numbers');
    expect(redactionNotice({ card: 0 } as never)).toBeNull();
  });
});
