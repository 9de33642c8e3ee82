// /feedback, the modal, the confirmation (tags with their words, cluster line,
// Fix tags), the redaction notice and the must-do alert, end to end through
// the real Bolt app and the Slack stand-in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blockAction, slashCommand, viewSubmission, type RecordedCall } from '../support/slack-standin/index.js';
import { startHarness, type Harness } from './intake-harness.js';

const CARD = '4111 1111 1111 1111';
const text = (call: RecordedCall | undefined) => JSON.stringify(call?.args.blocks ?? call?.args.text ?? '');

describe('/feedback through the real app', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ FRONTLINE_ESCALATION_CHANNEL: 'C0ESCALATE1' });
  });
  afterAll(() => h?.close());
  beforeEach(() => h.slack.reset());

  const file = async (body: string, fields: Parameters<typeof slashCommand>[0] extends infer F ? Partial<F> : never = {}) => {
    const id = `r${Math.random().toString(36).slice(2)}`;
    const res = await h.client.command(slashCommand({ text: body, response_url: h.slack.responseUrl(id), ...fields }));
    await h.idle();
    return { res, replies: h.slack.callsTo('response_url').filter((c) => c.args.id === id) };
  };

  it('files /feedback <text> at once; the confirmation shows tags with their words and a Fix tags button', async () => {
    const before = await h.app.store.prisma.feedbackItem.count();
    const { res, replies } = await file('The QR payment fails at the night market stall every time');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const items = await h.app.store.prisma.feedbackItem.findMany({ orderBy: { id: 'desc' }, take: 1, include: { tags: true } });
    expect(await h.app.store.prisma.feedbackItem.count()).toBe(before + 1);
    expect(items[0]).toMatchObject({ source: 'slash_command', reporterId: 'U0REPORTER', slackChannelId: 'C0FEEDBACK' });
    expect(items[0]!.tags.map((t) => t.label).sort()).toEqual(['payments_transfers', 'transaction_failed']);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args.response_type).toBe('ephemeral');
    const shown = text(replies[0]);
    expect(shown).toContain(`#${items[0]!.id}`);
    expect(shown).toContain('Transaction failed');
    expect(shown).toContain('“QR'); // the real classifier quotes “QR payment”
    expect(shown).toContain('"action_id":"fix_tags"');
  });

  it('shows the cluster line when similar reports were filed this week', async () => {
    await file('The QR payment fails at the night market stall every single time');
    const { replies } = await file('QR payment fails at the night market stall every time, customer annoyed');
    expect(text(replies[0])).toMatch(/similar reports? this week/);
  });

  it('Fix tags opens a modal; the correction is stored as a human label and audited', async () => {
    const { replies } = await file('The QR code payment fails when the customer pays rent');
    const item = await h.app.store.prisma.feedbackItem.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const button = (replies[0]!.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')!.elements![0]!;
    expect(button.value).toBe(String(item.id));

    const click = await h.client.interactive(blockAction({ action_id: 'fix_tags', value: button.value }));
    expect(click.status).toBe(200);
    const [open] = await h.slack.waitFor('views.open');
    const view = open!.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[] };
    expect(view.callback_id).toBe('fix_tags_modal');
    expect(view.blocks.find((b) => b.block_id === 'fix_issue')?.element?.initial_option?.value).toBe('transaction_failed');

    const values = { fix_product: { fix_product: { type: 'static_select', selected_option: { value: 'digital_channels' } } }, fix_issue: { fix_issue: { type: 'static_select', selected_option: { value: 'app_bug' } } } };
    const stranger = await h.client.interactive(viewSubmission({ callback_id: 'fix_tags_modal', private_metadata: view.private_metadata, values, user: 'U0STRANGER' }));
    expect(stranger.json).toMatchObject({ response_action: 'errors' });
    expect(await h.app.store.prisma.tagAssignment.count({ where: { itemId: item.id, origin: 'human' } })).toBe(0);

    const saved = await h.client.interactive(viewSubmission({ callback_id: 'fix_tags_modal', private_metadata: view.private_metadata, values }));
    expect(saved.status).toBe(200);
    expect(saved.text).toBe('');
    await h.idle();
    const human = await h.app.store.prisma.tagAssignment.findMany({ where: { itemId: item.id, origin: 'human' } });
    expect(human.map((t) => `${t.kind}:${t.label}:${t.actorId}`).sort()).toEqual(['issue:app_bug:U0REPORTER', 'product:digital_channels:U0REPORTER']);
    const audit = await h.app.store.prisma.auditLog.findMany({ where: { subjectType: 'item', subjectId: String(item.id) }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.actorId, a.action, a.allowed])).toEqual([
      ['U0STRANGER', 'item.fix_tags', false],
      ['U0REPORTER', 'item.fix_tags', true],
    ]);
  });

  it('/feedback alone opens the modal; the submission files with its fields', async () => {
    const res = await h.client.command(slashCommand({ text: '', channel_id: 'C0BRANCHES' }));
    expect(res.status).toBe(200);
    const [open] = await h.slack.waitFor('views.open');
    const view = open!.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('feedback_modal');

    const empty = await h.client.interactive(viewSubmission({ callback_id: 'feedback_modal', private_metadata: view.private_metadata, values: { feedback_text: { feedback_text: { type: 'plain_text_input', value: '   ' } } } }));
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { feedback_text: expect.any(String) } });

    const before = await h.app.store.prisma.feedbackItem.count();
    const submitted = await h.client.interactive(
      viewSubmission({
        callback_id: 'feedback_modal',
        private_metadata: view.private_metadata,
        values: {
          feedback_text: { feedback_text: { type: 'plain_text_input', value: 'Elderly customer could not read the tiny font on the fee leaflet' } },
          feedback_product: { feedback_product: { type: 'static_select', selected_option: { value: 'cards' } } },
          feedback_branch: { feedback_branch: { type: 'plain_text_input', value: 'Taipei Xinyi' } },
          feedback_channel_type: { feedback_channel_type: { type: 'static_select', selected_option: { value: 'branch' } } },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    await h.idle();
    expect(await h.app.store.prisma.feedbackItem.count()).toBe(before + 1);
    const item = await h.app.store.prisma.feedbackItem.findFirstOrThrow({ orderBy: { id: 'desc' }, include: { tags: true } });
    expect(item).toMatchObject({ source: 'modal', branch: 'Taipei Xinyi', channelType: 'branch', slackChannelId: 'C0BRANCHES' });
    expect(item.tags).toContainEqual(expect.objectContaining({ kind: 'product', label: 'cards', origin: 'human' }));
    const [ephemeral] = await h.slack.waitFor('chat.postEphemeral');
    expect(ephemeral!.args).toMatchObject({ channel: 'C0BRANCHES', user: 'U0REPORTER' });
    expect(text(ephemeral)).toContain(`#${item.id}`);
  });

  it('tells the reporter privately what customer data was removed; the stored text is redacted', async () => {
    const { replies } = await file(`Customer's card ${CARD} was charged twice, call her on 0912 345 678`);
    const item = await h.app.store.prisma.feedbackItem.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(item.text).not.toContain('4111');
    expect(replies).toHaveLength(2);
    expect(replies[1]!.args.response_type).toBe('ephemeral');
    expect(text(replies[1])).toContain('card numbers');
    expect(text(replies[1])).toMatch(/edit or delete the original message/);
    expect(h.slack.calls.map((c) => JSON.stringify(c.args)).join('\n')).not.toContain(CARD);
  });

  it('posts a must-do alert to the escalation channel with redacted text only', async () => {
    await file(`Customer will complain to the regulator about the fee on card ${CARD}`);
    const item = await h.app.store.prisma.feedbackItem.findFirstOrThrow({ orderBy: { id: 'desc' }, include: { flags: true } });
    // The regulator: compliance; a complaint to it: customer rights (learned from the labelled sets).
    expect(item.flags.map((f) => f.flag).sort()).toEqual(['compliance', 'customer_rights']);
    const alerts = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0ESCALATE1');
    expect(alerts).toHaveLength(1);
    expect(text(alerts[0])).toContain(`#${item.id}`);
    expect(text(alerts[0])).toContain('regulator');
    expect(text(alerts[0])).not.toContain('4111');
    // Filed again (same trigger retried by the user? a new trigger is a new item): no alert for non-flagged text.
    await file('The branch queue was long today');
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0ESCALATE1')).toHaveLength(1);
  });

  it('answers /feedback help inline and refuses watch to non-admins', async () => {
    const help = await h.client.command(slashCommand({ text: 'help' }));
    expect(help.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/feedback') });
    const { replies } = await file('watch');
    expect(text(replies[0])).toContain('Only Frontline admins');
    expect(await h.app.store.prisma.watchedChannel.count()).toBe(0);
  });
});
