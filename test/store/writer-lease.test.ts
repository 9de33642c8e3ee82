// One writer per database: while another live process (the bot, an import)
// holds the lease, `frontline ingest` is refused clearly and imports nothing;
// the lease of a process that is gone (a crash) is taken over.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/client.js';
import { claimWriter, WriterBusyError } from '../../src/store/writer-lease.js';
import { runFrontline } from '../support/cli.js';

let dir: string;
let sleeper: ChildProcess | undefined;
const db = () => join(dir, 'test.db');
const env = () => ({ DATABASE_URL: `file:${db()}` });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-lease-'));
  writeFileSync(join(dir, 'in.csv'), 'text,branch\n"ATM swallowed the card at the lobby",B1\n"OTP SMS never arrives",B2\n');
});
afterEach(() => {
  sleeper?.kill();
  sleeper = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function leaseHeldBy(pid: number, what: string): void {
  writeFileSync(`${db()}.writer`, JSON.stringify({ pid, host: hostname(), what, since: '2026-11-24T09:00:00.000Z' }));
}

async function itemCount(): Promise<number> {
  const store = await openStore(env().DATABASE_URL, dir);
  try {
    return await store.prisma.feedbackItem.count();
  } finally {
    await store.close();
  }
}

describe('the writer lease', () => {
  it('refuses an import while another live process writes to the database, and imports nothing', async () => {
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    leaseHeldBy(sleeper.pid!, 'the bot (frontline start)');
    const run = await runFrontline(['ingest', 'in.csv'], env(), dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the bot (frontline start) (process ${sleeper.pid}`);
    expect(run.stderr).toContain('stop it first');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(await itemCount()).toBe(0);
    expect(() => claimWriter(db(), 'a test')).toThrow(WriterBusyError);
  });

  it('takes over the lease of a process that is gone, and gives it back when done', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    leaseHeldBy(Number(gone.stdout), 'frontline ingest');
    const run = await runFrontline(['ingest', 'in.csv', '--json'], env(), dir);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ added: 2 });
    expect(existsSync(`${db()}.writer`)).toBe(false);
  });

  it('is shared by writers in one process and released by the last of them', () => {
    const first = claimWriter(db(), 'one');
    const second = claimWriter(db(), 'two');
    first.release();
    expect(existsSync(`${db()}.writer`)).toBe(true);
    second.release();
    expect(existsSync(`${db()}.writer`)).toBe(false);
  });
});
