import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { promoteCluster } from '../../src/actions/backlog.js';
import { deps, PM, seedCluster, STAFF, testDb, type TestDb } from './support.js';

let db: TestDb;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => db.cleanup());

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk: Buffer, _e, cb) => (append(chunk.toString()), cb()) });
  const code = await runCli(argv, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    cwd: db.dir,
  });
  return { code, stdout, stderr };
}

describe('frontline backlog and audit', () => {
  it('lists, shows, sets status, exports, and reads the audit log', async () => {
    const c = await seedCluster(db.store.prisma, 'Fee charged twice', [{}]);
    await promoteCluster(deps(db.store), PM, { clusterId: c.id, title: 'Annual fee, charged twice', description: 'from branches', priority: 'high', product: 'cards' });
    await promoteCluster(deps(db.store), STAFF, { clusterId: c.id, title: 'x', description: '', priority: 'low' }).catch(() => undefined);

    const list = await cli('backlog', 'list');
    expect(list).toMatchObject({ code: 0, stdout: 'BL-1    New         high   Annual fee, charged twice\n' });

    const set = await cli('backlog', 'set', 'BL-1', 'in progress', '--as', 'ops');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('BL-1: new → in_progress\n');
    const bad = await cli('backlog', 'set', 'BL-1', 'new');
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.stderr).toMatch(/BL-1 was not changed: it cannot go from in progress to new/);
    expect((await cli('backlog', 'set', 'BL-9', 'shipped')).stderr).toMatch(/BL-9 does not exist/);

    const show = JSON.parse((await cli('backlog', 'show', 'bl-1', '--json')).stdout);
    expect(show).toMatchObject({ key: 'BL-1', status: 'in_progress', clusterIds: [c.id], history: [{ actor: 'cli:ops', action: 'backlog.status' }] });

    const csv = (await cli('backlog', 'export', '--format', 'csv')).stdout;
    expect(csv.split('\n')[0]).toBe('key,title,status,priority,owner,product,createdBy,createdAt,updatedAt,clusterIds,description');
    expect(csv).toContain('BL-1,"Annual fee, charged twice",in_progress,high,,cards,UPM00001,');
    expect(JSON.parse((await cli('backlog', 'export', '--format', 'json')).stdout)).toHaveLength(1);

    const auditAll = JSON.parse((await cli('audit', '--json')).stdout) as { action: string; allowed: boolean; actor: string }[];
    expect(auditAll.map((a) => `${a.actor} ${a.action} ${a.allowed}`)).toEqual([
      'cli:ops backlog.status true',
      `${STAFF} promote false`,
      `${PM} promote true`,
    ]);
    const refused = JSON.parse((await cli('audit', '--json', '--actor', STAFF)).stdout);
    expect(refused).toHaveLength(1);
    expect(JSON.parse((await cli('audit', '--json', '--subject', 'BL-1', '--limit', '5')).stdout)).toHaveLength(1);
    expect((await cli('audit', '--since', 'yesterday')).stderr).toMatch(/--since must be a date/);
  });
});
