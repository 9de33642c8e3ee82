import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDigestCommand } from '../../src/cli/commands/digest.js';
import type { CommandIO } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/main.js';
import { FakeSlack } from './fake-slack.js';
import { addCluster, addItems, tempStore } from './support.js';

function capture(env: Record<string, string>, cwd: string) {
  let out = '';
  let err = '';
  const io: CommandIO = {
    stdout: new Writable({ write(chunk, _e, cb) { out += String(chunk); cb(); } }),
    stderr: new Writable({ write(chunk, _e, cb) { err += String(chunk); cb(); } }),
    env,
    cwd,
  };
  return { io, out: () => out, err: () => err };
}

let env: Awaited<ReturnType<typeof tempStore>>;
let vars: Record<string, string>;
beforeEach(async () => {
  env = await tempStore();
  vars = { DATABASE_URL: `file:${join(env.dir, 'x.db')}`, FRONTLINE_TIMEZONE: 'Asia/Taipei', LOG_LEVEL: 'silent' };
  const id = await addCluster(env.store, { title: 'ATM swallowed card at night', product: 'branch_atm', issue: 'card_declined' });
  await addItems(env.store, id, { at: new Date('2026-11-18T02:00:00Z'), count: 4, text: 'ATM 吞卡，客戶很生氣' });
});
afterEach(async () => env.cleanup());

describe('frontline digest', () => {
  it('--preview prints a plain text digest when stdout is not a terminal', async () => {
    const c = capture(vars, env.dir);
    expect(await runCli(['digest', '--preview', '--week', '2026-W47'], c.io)).toBe(0);
    expect(c.out()).toContain('Frontline weekly digest · 2026-W47');
    expect(c.out()).toContain('ATM swallowed card at night');
    expect(c.out()).toContain('[ Promote ]');
    expect(c.out()).not.toMatch(/\x1b\[/);
  });

  it('--preview --json prints the exact Block Kit payloads', async () => {
    const c = capture(vars, env.dir);
    expect(await runCli(['digest', '--preview', '--week', '2026-W47', '--json'], c.io)).toBe(0);
    const doc = JSON.parse(c.out()) as { week: string; payloads: { channel: string; messages: { blocks: { type: string }[] }[] }[] };
    expect(doc.week).toBe('2026-W47');
    expect(doc.payloads[0]!.messages[0]!.blocks[0]!.type).toBe('header');
  });

  it('refuses a week that does not exist, in one clear line', async () => {
    const c = capture(vars, env.dir);
    expect(await runCli(['digest', '--preview', '--week', '2025-W53'], c.io)).toBe(1);
    expect(c.err()).toContain('--week must be an ISO week such as 2026-W47');
  });

  it('--post posts once, then refuses unless --force', async () => {
    const slack = new FakeSlack();
    const command = makeDigestCommand(async () => slack);
    const args = { values: { post: true, week: '2026-W47', channel: 'C0DIGEST1' }, positionals: [] };
    const first = capture(vars, env.dir);
    expect(await command.run(args, first.io)).toBe(0);
    expect(first.out()).toContain('C0DIGEST1: posted 2026-W47 (1 message)');
    const second = capture(vars, env.dir);
    expect(await command.run(args, second.io)).toBe(1);
    expect(second.err()).toContain('C0DIGEST1: 2026-W47 was already posted; add --force to post it again');
    const forced = capture(vars, env.dir);
    expect(await command.run({ ...args, values: { ...args.values, force: true } }, forced.io)).toBe(0);
    expect(slack.messages).toHaveLength(2);
  });
});
