import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promoteCluster, setStatus } from '../../src/actions/backlog.js';
import { mergeClusters } from '../../src/actions/cluster-actions.js';
import { muteLoop, sweepLoop, unmuteLoop } from '../../src/actions/loop.js';
import { deps, NOW, PM, RecordingPoster, seedCluster, testDb, type TestDb } from './support.js';

let db: TestDb;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => db.cleanup());

const promoteInput = (clusterId: number) => ({ clusterId, title: 'ATM keeps cards', description: '', priority: 'medium' });

async function seedTwoClusters() {
  const a = await seedCluster(db.store.prisma, 'ATM swallowed card', [
    { reporterId: 'UTELLER1', text: 'ATM 吞卡 at Xinyi' },
    { reporterId: 'UTELLER1', text: 'ATM 吞卡 again' },
    { reporterId: 'UTELLER2', text: 'Card retained by ATM' },
    { reporterId: null, text: 'imported without reporter' },
  ]);
  const b = await seedCluster(db.store.prisma, 'ATM retained card', [
    { reporterId: 'UTELLER3', text: 'ATM kept my customer card', source: 'watched_channel', slackChannelId: 'CFEEDBACK', slackMessageTs: '1700000000.000100' },
    { reporterId: 'UTELLER2', text: 'ATM kept the card' },
  ]);
  return { a, b };
}

describe('close the loop', () => {
  it('tells every reporter once per change, including items merged in, by DM or in the watched thread', async () => {
    const { a, b } = await seedTwoClusters();
    const poster = new RecordingPoster();
    await mergeClusters(deps(db.store), PM, b.id, a.id);
    const result = await promoteCluster(deps(db.store, { poster }), PM, promoteInput(a.id));
    expect(result.kind === 'created' && result.loop).toEqual({ sent: 3, muted: 0, alreadyTold: 0, failed: 0 });
    const byChannel = Object.fromEntries(poster.sent.map((m) => [m.channel, m]));
    expect(Object.keys(byChannel).sort()).toEqual(['CFEEDBACK', 'UTELLER1', 'UTELLER2']);
    expect(byChannel.UTELLER1!.text).toMatch(/Your 2 reports about this .* are now on the product backlog as \*BL-1: ATM keeps cards\*/);
    expect(byChannel.CFEEDBACK).toMatchObject({ threadTs: '1700000000.000100', text: expect.stringMatching(/^<@UTELLER3> Your report "ATM kept my customer card"/) });
    expect(byChannel.UTELLER2!.threadTs).toBeUndefined();

    await setStatus(deps(db.store, { poster }), PM, result.backlog.id, 'shipped');
    expect(poster.sent).toHaveLength(6);
    expect(poster.sent.slice(3).every((m) => /it is now \*shipped\*/.test(m.text))).toBe(true);

    // A sweep after a restart sends nothing twice.
    const swept = await sweepLoop(db.store.prisma, poster, new Date(NOW.getTime() - 86_400_000), NOW);
    expect(swept).toMatchObject({ sent: 0, alreadyTold: 6 });
    expect(poster.sent).toHaveLength(6);
  });

  it('skips muted reporters until they unmute', async () => {
    const { a } = await seedTwoClusters();
    const poster = new RecordingPoster();
    await muteLoop(db.store.prisma, 'UTELLER1');
    const { backlog } = await promoteCluster(deps(db.store, { poster }), PM, promoteInput(a.id));
    expect(poster.sent.map((m) => m.channel)).toEqual(['UTELLER2']);
    await unmuteLoop(db.store.prisma, 'UTELLER1');
    await setStatus(deps(db.store, { poster }), PM, backlog.id, 'planned');
    expect(poster.sent.map((m) => m.channel).slice(1).sort()).toEqual(['UTELLER1', 'UTELLER2']);
  });

  it('sends what a change made without Slack (the CLI) missed, and retries a failed send later', async () => {
    const { a } = await seedTwoClusters();
    const { backlog } = await promoteCluster(deps(db.store), 'cli:ops', promoteInput(a.id));
    await setStatus(deps(db.store), 'cli:ops', backlog.id, 'declined');
    await setStatus(deps(db.store), 'cli:ops', backlog.id, 'planned');
    const poster = new RecordingPoster();
    poster.failFor.add('UTELLER2');
    const since = new Date(NOW.getTime() - 3_600_000);
    expect(await sweepLoop(db.store.prisma, poster, since, NOW)).toEqual({ sent: 3, muted: 0, alreadyTold: 0, failed: 3 });
    expect(poster.sent.map((m) => m.text)).toEqual([
      expect.stringMatching(/are now on the product backlog/),
      expect.stringMatching(/it is now \*declined\*/),
      expect.stringMatching(/it was reopened and is planned again/),
    ]);
    poster.failFor.clear();
    expect(await sweepLoop(db.store.prisma, poster, since, NOW)).toEqual({ sent: 3, muted: 0, alreadyTold: 3, failed: 0 });
    expect(poster.sent.filter((m) => m.channel === 'UTELLER2')).toHaveLength(3);
  });
});
