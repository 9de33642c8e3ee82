import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Roles } from '../../src/actions/roles.js';
import { listSubscriptions, parseDigestChannels, subscribe } from '../../src/digest/subscriptions.js';
import { readAudit } from '../../src/store/audit.js';
import { tempStore, testConfig } from './support.js';

const config = testConfig({ FRONTLINE_PMS: 'UPM00001', FRONTLINE_DIGEST_CHANNELS: 'CCONF01:cards+loans,CCONF02' });
let env: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => { env = await tempStore(); });
afterEach(async () => env.cleanup());

describe('digest subscriptions', () => {
  it('reads channels and products from configuration', () => {
    expect(parseDigestChannels('C1X:cards+loans, C2Y', 'en')).toEqual([
      { channelId: 'C1X', products: ['cards', 'loans'], language: 'en', source: 'config' },
      { channelId: 'C2Y', products: [], language: 'en', source: 'config' },
    ]);
    expect(parseDigestChannels('C3Z:wealth@zh-CN,C4W@zh-TW', 'en').map((s) => [s.channelId, s.products, s.language])).toEqual([
      ['C3Z', ['wealth'], 'zh-CN'],
      ['C4W', [], 'zh-TW'],
    ]);
    expect(() => parseDigestChannels('general', 'en')).toThrow(/not a channel ID/);
    expect(() => parseDigestChannels('C1X@fr', 'en')).toThrow(/not a language/);
  });

  it('lets a PM subscribe a channel from Slack, audited, and lists it with the configured ones', async () => {
    const roles = new Roles(env.store.prisma, config);
    const result = await subscribe(env.store.prisma, roles, { channelId: 'CSLACK1', products: ['Cards'], language: 'zh-TW', actorId: 'UPM00001' });
    expect(result.created).toBe(true);
    const list = await listSubscriptions(env.store.prisma, config);
    expect(list.map((s) => [s.channelId, s.products, s.language])).toEqual([
      ['CCONF01', ['cards', 'loans'], 'en'],
      ['CCONF02', [], 'en'],
      ['CSLACK1', ['cards'], 'zh-TW'],
    ]);
    const audit = await readAudit(env.store.prisma, { limit: 10 });
    expect(audit[0]).toMatchObject({ actor: 'UPM00001', action: 'digest.subscribe', subject: 'channel:CSLACK1', allowed: true, after: { products: ['cards'], language: 'zh-TW', active: true } });
  });

  it('refuses a reporter, names the role needed, audits the refusal and changes nothing', async () => {
    const roles = new Roles(env.store.prisma, config);
    await expect(subscribe(env.store.prisma, roles, { channelId: 'CSLACK1', products: [], language: 'en', actorId: 'USTAFF01' })).rejects.toThrow(/Only PMs and admins can subscribe channels/);
    expect(await env.store.prisma.digestSubscription.count()).toBe(0);
    const audit = await readAudit(env.store.prisma, { limit: 10 });
    expect(audit[0]).toMatchObject({ actor: 'USTAFF01', action: 'digest.subscribe', allowed: false });
  });

  it('accepts a PM granted from Slack and refuses unknown products', async () => {
    await env.store.prisma.userRole.create({ data: { userId: 'UGRANT01', role: 'pm', grantedBy: 'UADMIN01' } });
    const roles = new Roles(env.store.prisma, config);
    await expect(
      subscribe(env.store.prisma, roles, { channelId: 'CSLACK1', products: ['crads'], language: 'en', actorId: 'UGRANT01', knownProducts: new Set(['cards', 'loans']) }),
    ).rejects.toThrow(/Unknown product: crads/);
    const ok = await subscribe(env.store.prisma, roles, { channelId: 'CSLACK1', products: ['loans'], language: 'en', actorId: 'UGRANT01', knownProducts: new Set(['cards', 'loans']) });
    expect(ok.subscription.products).toEqual(['loans']);
  });
});
