import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand } from '../support/slack-standin/index.js';
import { startHarness, type Harness } from './intake-harness.js';

describe('/feedback through the real app', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('files /feedback <text> at once and confirms privately', async () => {
    const res = await h.client.command(slashCommand({ text: 'Customer says the mobile app crashes when scanning a QR code to pay', response_url: h.slack.responseUrl('c1') }));
    expect(res.status).toBe(200);
    await h.idle();
    const items = await h.app.store.prisma.feedbackItem.findMany();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'slash_command', reporterId: 'U0REPORTER', slackChannelId: 'C0FEEDBACK' });
    const replies = h.slack.callsTo('response_url');
    expect(replies[0]?.args).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(replies[0]?.args.blocks)).toContain(`#${items[0]!.id}`);
  });
});
