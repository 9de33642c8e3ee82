// `frontline classify` as a user runs it: one text or a file of lines, text or
// JSON output, clear one-line errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFrontline } from '../support/cli.js';
import { BUILD_TIMEOUT } from '../support/timeouts.js';

const dir = mkdtempSync(join(tmpdir(), 'frontline-classify-'));
const run = (...argv: string[]) => runFrontline(['classify', ...argv], {}, dir);

describe('frontline classify', () => {
  it('prints the redacted text, redactions, script, tags with reasons and flags', async () => {
    const r = await run('客人信用卡 4111 1111 1111 1111 被盜刷，電話 0912-345-678');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[zh-Hant]');
    expect(r.stdout).toContain('[card •••• 1111]');
    expect(r.stdout).not.toContain('4111 1111');
    expect(r.stdout).not.toContain('0912');
    expect(r.stdout).toMatch(/redacted: .*card ×1/);
    expect(r.stdout).toMatch(/fraud_scam +\d\.\d\d +rule +“.*盜刷/);
    expect(r.stdout).toMatch(/flag +major_risk/);
  }, BUILD_TIMEOUT);

  it('--json --file: one object per non-empty line, chit-chat unclassified', async () => {
    const file = join(dir, 'lines.txt');
    writeFileSync(file, 'thanks!\n\n   \nATM 吞卡了\r\n登录时短信验证码收不到\n');
    const r = await run('--json', '--file', 'lines.txt');
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout) as { text: string; script: string; unclassified: boolean; tags: { label: string; confidence: number; reasons: string[] }[]; redactions: object; flags: unknown[] }[];
    expect(items.map((i) => i.text)).toEqual(['thanks!', 'ATM 吞卡了', '登录时短信验证码收不到']);
    expect(items[0]).toMatchObject({ unclassified: true, tags: [], flags: [], script: 'en' });
    expect(items[1]!.tags.map((t) => t.label)).toContain('branch_atm');
    expect(items[2]).toMatchObject({ script: 'zh-Hans' });
    expect(items[2]!.tags.find((t) => t.label === 'login_auth')?.reasons.length).toBeGreaterThan(0);
  });

  it('clear errors for a missing file, an empty file, empty text and no input', async () => {
    expect(await run('--file', 'nope.txt')).toMatchObject({ code: 1, stdout: '' });
    expect((await run('--file', 'nope.txt')).stderr).toContain('no such file: nope.txt');
    writeFileSync(join(dir, 'blank.txt'), '\n  \n');
    expect((await run('--file', 'blank.txt')).stderr).toContain('blank.txt has no text to classify');
    expect((await run('')).stderr).toContain('the text is empty');
    expect((await run()).stderr).toContain('nothing to classify');
    expect((await run('--file', 'blank.txt', 'text')).stderr).toContain('not both');
  });

  it('an invalid taxonomy folder names the file and the problem', async () => {
    const intents = mkdtempSync(join(tmpdir(), 'frontline-intents-'));
    writeFileSync(join(intents, 'issues.yaml'), 'kind: issue\nlabels: []\n');
    const r = await run('--intents', intents, 'hello');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid taxonomy: issues\.yaml: labels: /);
  });
});
