// The digest inside the running bot, end to end through the real Bolt app and
// the Slack stand-in: `/feedback digest here`, and the scheduler that catches
// up on start.
import { afterEach, describe, expect, it } from 'vitest';
import { listSubscriptions } from '../../src/digest/subscriptions.js';
import { slashCommand } from '../support/slack-standin/index.js';
import { startHarness, type Harness } from '../slack/intake-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the digest in the running bot', () => {
  it('/feedback digest here subscribes the channel for a PM and answers privately; a reporter is refused', async () => {
    h = await startHarness({ FRONTLINE_PMS: 'U0PM000001' });
    const run = async (text: string, user: string) => {
      const id = `r${Math.random().toString(36).slice(2)}`;
      const res = await h!.client.command(slashCommand({ text, user_id: user, channel_id: 'C0DIGEST01', response_url: h!.slack.responseUrl(id) }));
      expect(res.status).toBe(200);
      await h!.idle();
      return h!.slack.callsTo('response_url').filter((c) => c.args.id === id).map((c) => String(c.args.text));
    };
    expect(await run('digest here cards', 'U0REPORTER')).toEqual([expect.stringMatching(/Only PMs and admins/)]);
    expect(await h.app.store.prisma.digestSubscription.count()).toBe(0);
    expect(await run('digest here cards zh-TW', 'U0PM000001')).toEqual([expect.stringMatching(/now gets the weekly digest for \*Cards\* in zh-TW/)]);
    expect(await listSubscriptions(h.app.store.prisma, h.config)).toEqual([{ channelId: 'C0DIGEST01', products: ['cards'], language: 'zh-TW', source: 'slack' }]);
    // Nothing was filed as feedback.
    expect(await h.app.store.prisma.feedbackItem.count()).toBe(0);
  });

  it('on start, posts the digest a configured channel missed while the bot was down', async () => {
    h = await startHarness({ FRONTLINE_DIGEST_CHANNELS: 'C0DIGEST02' });
    const posted = await h.slack.waitFor('chat.postMessage', 1);
    expect(posted[0]!.args.channel).toBe('C0DIGEST02');
    expect(String(posted[0]!.args.text)).toMatch(/Frontline weekly digest \d{4}-W\d{2}/);
    await expect.poll(async () => (await h!.app.store.prisma.digestPost.findFirst({ where: { channelId: 'C0DIGEST02' } }))?.status).toBe('posted');
    expect(h.slack.callsTo('chat.postMessage').filter((c) => !c.args.thread_ts)).toHaveLength(1);
  });
});

describe('frontline start with Slack tokens', () => {
  it('says in one line what is missing or what Slack refused, without a stack trace', async () => {
    const { runFrontline } = await import('../support/cli.js');
    const { startFakeSlack } = await import('../support/slack-standin/index.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'frontline-start-'));
    const slack = await startFakeSlack();
    try {
      const base = { SLACK_BOT_TOKEN: 'xoxb-bad-token', DATABASE_URL: `file:${join(dir, 'x.db')}`, SLACK_API_URL: slack.apiUrl };
      const noMode = await runFrontline(['start'], base, dir);
      expect(noMode.code).toBe(1);
      expect(noMode.stderr).toMatch(/also set SLACK_APP_TOKEN .* or SLACK_SIGNING_SECRET/);
      slack.script('auth.test', { error: 'invalid_auth' });
      const refused = await runFrontline(['start'], { ...base, SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef' }, dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/Slack refused to start the bot: invalid_auth \(check SLACK_BOT_TOKEN\)/);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
