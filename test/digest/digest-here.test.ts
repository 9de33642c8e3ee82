// `/feedback digest here [products…] [language]` from Slack: who may, what it
// stores, and what the person who typed it is told.
import type { SlashCommand } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Roles } from '../../src/actions/roles.js';
import { listSubscriptions } from '../../src/digest/subscriptions.js';
import { digestHere, digestHereService, parseDigestHere, type DigestHereContext } from '../../src/slack/commands/digest-here.js';
import { tempStore, testConfig } from './support.js';

const config = testConfig({ FRONTLINE_PMS: 'UPM00001', FRONTLINE_LANGUAGE: 'en' });
const products = [
  { id: 'cards', name: 'Cards' },
  { id: 'loans', name: 'Loans' },
  { id: 'digital_channels', name: 'Digital channels (app and internet banking)' },
];

let env: Awaited<ReturnType<typeof tempStore>>;
let said: string[];
let ctx: DigestHereContext;

beforeEach(async () => {
  env = await tempStore();
  said = [];
  ctx = {
    settings: { products, admins: [], captureEmoji: 'inbox_tray', allowExternalChannels: false },
    replies: { privately: async (_target: unknown, message: { text: string }) => void said.push(message.text) },
    digestHere: digestHereService(env.store.prisma, new Roles(env.store.prisma, config), config),
  } as unknown as DigestHereContext;
});
afterEach(async () => env.cleanup());

const command = (text: string, user = 'UPM00001', channel = 'CDIGEST01') =>
  ({ text, user_id: user, channel_id: channel, response_url: 'https://hooks.slack.test/x', trigger_id: 't' }) as unknown as SlashCommand;

describe('/feedback digest here', () => {
  it('parses products by id or name, and an optional language', () => {
    expect(parseDigestHere('digest here', products)).toEqual({ products: [] });
    expect(parseDigestHere('digest here Cards loans zh-tw', products)).toEqual({ products: ['cards', 'loans'], language: 'zh-TW' });
    expect(parseDigestHere('digest here digital, zh-CN', products)).toEqual({ products: ['digital_channels'], language: 'zh-CN' });
    expect(parseDigestHere('digest', products)).toMatch(/^Usage/);
  });

  it('subscribes the channel for a PM, in the chosen language, and the digest then goes there', async () => {
    await digestHere(ctx, command('digest here cards zh-TW'), 'digest here cards zh-TW');
    expect(said[0]).toMatch(/now gets the weekly digest for \*Cards\* in zh-TW, every MON 09:00 \(Asia\/Taipei\)/);
    const subs = await listSubscriptions(env.store.prisma, config);
    expect(subs).toEqual([{ channelId: 'CDIGEST01', products: ['cards'], language: 'zh-TW', source: 'slack' }]);
    await digestHere(ctx, command('digest here'), 'digest here');
    expect(said[1]).toMatch(/^Updated: .*all products\* in en/);
    expect((await listSubscriptions(env.store.prisma, config))[0]!.products).toEqual([]);
  });

  it('refuses a reporter and an unknown product, and changes nothing', async () => {
    await digestHere(ctx, command('digest here', 'USTAFF01'), 'digest here');
    expect(said[0]).toMatch(/Only PMs and admins can subscribe channels/);
    await digestHere(ctx, command('digest here crads'), 'digest here crads');
    expect(said[1]).toMatch(/Unknown product: crads/);
    expect(await env.store.prisma.digestSubscription.count()).toBe(0);
  });

  it('explains usage, refuses DMs, and says so when the app has no subscription service', async () => {
    await digestHere(ctx, command('digest'), 'digest');
    await digestHere(ctx, command('digest here', 'UPM00001', 'D0123'), 'digest here');
    await digestHere({ ...ctx, digestHere: undefined } as DigestHereContext, command('digest here'), 'digest here');
    expect(said[0]).toMatch(/^Usage/);
    expect(said[1]).toMatch(/run this in the channel/);
    expect(said[2]).toMatch(/not available in this build/);
    expect(await env.store.prisma.digestSubscription.count()).toBe(0);
  });
});
