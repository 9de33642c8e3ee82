// A PM's merge runs in the intake's queue (clusterStoreOps with the
// pipeline's exclusive()), so it never interleaves with an item being filed
// into one of the two clusters: while filing holds the queue, the merge waits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openIntake } from '../../src/intake/open.js';
import { clusterStoreOps } from '../../src/slack/actions/service.js';
import { openStore, type Store } from '../../src/store/client.js';

let dir: string;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a merge waits for the filing that holds the intake queue, then merges', async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-merge-queue-'));
  store = await openStore(`file:${join(dir, 'test.db')}`, dir);
  const intake = await openIntake(store, loadConfig({}, dir));
  const file = (key: string, text: string) => intake.pipeline.file({ intakeKey: `import:${key}`, source: 'import', text, receivedAt: new Date() });
  const atm = (await file('a', 'ATM swallowed the customer card at the lobby machine')).cluster!.id;
  const otp = (await file('b', 'OTP SMS never arrives when the customer logs in')).cluster!.id;
  expect(atm).not.toBe(otp);

  const ops = clusterStoreOps(store.prisma, intake.clusters, () => new Date(), (job) => intake.pipeline.exclusive(job));
  let release!: () => void;
  const held = intake.pipeline.exclusive(() => new Promise<void>((resolve) => (release = resolve)));
  const merging = ops.merge(otp, atm, 'U0PM000001');
  await new Promise((r) => setTimeout(r, 100));
  expect((await store.prisma.cluster.findUniqueOrThrow({ where: { id: otp } })).status).toBe('open');

  release();
  await held;
  const outcome = await merging;
  expect(outcome).toMatchObject({ sourceId: otp, targetId: atm });
  expect((await store.prisma.cluster.findUniqueOrThrow({ where: { id: otp } })).status).toBe('merged');
});
