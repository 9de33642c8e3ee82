import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promoteCluster, setStatus } from '../../src/actions/backlog.js';
import { backoffMs, verifyWebhook, WebhookWorker } from '../../src/actions/webhook.js';
import { deps, NOW, PM, seedCluster, testDb, type TestDb } from './support.js';

const SECRET = 'a-long-random-shared-secret';

interface Received {
  event: string;
  delivery: string;
  verified: boolean;
  body: { event: string; backlog_item: { key: string; status: string }; change: Record<string, unknown> };
}

/** A bridge that verifies each signature and fails the first `failures` requests. */
async function receiver(failures: number, clock: () => Date) {
  const received: Received[] = [];
  let calls = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      calls++;
      const verified = verifyWebhook(
        SECRET,
        { timestamp: req.headers['x-frontline-timestamp'] as string, signature: req.headers['x-frontline-signature'] as string },
        body,
        Math.floor(clock().getTime() / 1000),
      );
      if (!verified) {
        res.writeHead(401).end();
        return;
      }
      if (calls <= failures) {
        res.writeHead(503).end('busy');
        return;
      }
      received.push({ event: req.headers['x-frontline-event'] as string, delivery: req.headers['x-frontline-delivery'] as string, verified, body: JSON.parse(body) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, calls: () => calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let db: TestDb;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => db.cleanup());

describe('backlog webhook', () => {
  it('retries with exponential backoff until the receiver answers 200, signed with HMAC-SHA256', async () => {
    let now = NOW;
    const clock = () => now;
    const bridge = await receiver(2, clock);
    try {
      const c = await seedCluster(db.store.prisma, 'OTP never arrives', [{}]);
      const d = deps(db.store, { webhookEnabled: true });
      const { backlog } = await promoteCluster(d, PM, { clusterId: c.id, title: 'OTP SMS not delivered', description: '', priority: 'urgent' });
      const worker = new WebhookWorker(db.store.prisma, { url: bridge.url, secret: SECRET, now: clock, baseBackoffMs: 30_000 });

      expect(await worker.runOnce()).toEqual({ attempted: 1, delivered: 0, failed: 1 });
      expect(await worker.runOnce()).toEqual({ attempted: 0, delivered: 0, failed: 0 }); // not due yet
      now = new Date(NOW.getTime() + 30_000);
      expect(await worker.runOnce()).toEqual({ attempted: 1, delivered: 0, failed: 1 });
      now = new Date(now.getTime() + 59_000);
      expect((await worker.runOnce()).attempted).toBe(0); // second retry waits 60 s
      now = new Date(now.getTime() + 1_000);
      expect(await worker.runOnce()).toEqual({ attempted: 1, delivered: 1, failed: 0 });

      expect(bridge.received).toHaveLength(1);
      expect(bridge.received[0]).toMatchObject({
        event: 'backlog.created',
        verified: true,
        body: { event: 'backlog.created', backlog_item: { key: backlog.key, status: 'new' }, change: { type: 'created' } },
      });
      const row = await db.store.prisma.webhookDelivery.findFirstOrThrow();
      expect(row).toMatchObject({ attempts: 3, lastError: null });
      expect(row.deliveredAt).not.toBeNull();
      expect(await worker.runOnce()).toEqual({ attempted: 0, delivered: 0, failed: 0 });
    } finally {
      await bridge.close();
    }
  });

  it('enqueues each change with the change itself, and nothing for a refused change; the worker stops cleanly', async () => {
    const bridge = await receiver(1, () => new Date());
    try {
      const c = await seedCluster(db.store.prisma, 'Fee charged twice', [{}]);
      const d = deps(db.store, { webhookEnabled: true });
      const { backlog } = await promoteCluster(d, PM, { clusterId: c.id, title: 'Double fee', description: '', priority: 'high' });
      await setStatus(d, PM, backlog.id, 'planned');
      await expect(setStatus(d, PM, backlog.id, 'planned')).rejects.toThrow(/already planned/);
      expect(await db.store.prisma.webhookDelivery.count()).toBe(2);

      const worker = new WebhookWorker(db.store.prisma, { url: bridge.url, secret: SECRET, baseBackoffMs: 5, pollMs: 5 });
      worker.start();
      for (let i = 0; i < 400 && bridge.received.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      await worker.stop();
      expect(bridge.received.map((r) => r.body.change)).toEqual([
        { type: 'created', cluster_id: c.id },
        { type: 'status', from: 'new', to: 'planned' },
      ]);
      expect(new Set(bridge.received.map((r) => r.delivery)).size).toBe(2);
    } finally {
      await bridge.close();
    }
  });

  it('rejects a wrong or stale signature', () => {
    expect(verifyWebhook(SECRET, { timestamp: '1000', signature: 'sha256=00' }, '{}', 1000)).toBe(false);
    expect(backoffMs(1, 30_000, 3_600_000)).toBe(30_000);
    expect(backoffMs(3, 30_000, 3_600_000)).toBe(120_000);
    expect(backoffMs(20, 30_000, 3_600_000)).toBe(3_600_000);
  });
});
