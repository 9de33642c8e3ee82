// Every Web API call must go through SlackApi (src/slack/client.ts): that is
// where the rate limits, Retry-After and the no-duplicate-post rules live.
// Bolt hands listeners its own WebClient (`client`) and a `say` that posts
// with it; using either would bypass all of that, so this test reads src/ and
// fails on any such use, naming the file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const WRAPPER = 'src/slack/client.ts';

const RULES: { why: string; pattern: RegExp }[] = [
  { why: "Bolt's WebClient used directly", pattern: /\b(client|web)\s*\.\s*(chat|views|conversations|users|reactions|usergroups|auth|team|files|bots|pins|apiCall)\b/ },
  { why: "Bolt's app.client used", pattern: /\bapp\s*\.\s*client\b/ },
  { why: "listener takes Bolt's `client` or `say`", pattern: /\(\s*\{[^}]*\b(client|say)\b[^}]*\}\s*(:[^)]*)?\)\s*=>/ },
  { why: 'a second WebClient', pattern: /new\s+(webApi\s*\.\s*)?WebClient\b/ },
  { why: '@slack/web-api imported directly', pattern: /from\s+['"]@slack\/web-api['"]/ },
];

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function offenders(path: string, source: string): string[] {
  const found: string[] = [];
  withoutComments(source)
    .split('\n')
    .forEach((line, i) => {
      for (const rule of RULES) if (rule.pattern.test(line)) found.push(`${path}:${i + 1}: ${rule.why}: ${line.trim()}`);
    });
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('every Slack Web API call goes through SlackApi', () => {
  it('nothing in src/ bypasses the wrapper', () => {
    const files = sourceFiles(join(ROOT, 'src')).map((f) => relative(ROOT, f).split('\\').join('/'));
    expect(files).toContain(WRAPPER);
    const found = files.filter((f) => f !== WRAPPER).flatMap((f) => offenders(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check recognises the ways of bypassing it', () => {
    const bypasses = [
      "app.command('/x', async ({ ack, client }) => { await ack(); });",
      "app.event('app_mention', async ({ event, say }) => say('hi'));",
      "app.view('v', async ({ ack, body, client }: AllMiddlewareArgs) => {});",
      'await client.chat.postMessage({ channel, text });',
      'await args.client.views.open({ trigger_id, view });',
      'await app.client.conversations.info({ channel });',
      "const web = new WebClient('xoxb');",
      "import { WebClient } from '@slack/web-api';",
    ];
    for (const line of bypasses) expect(offenders('x.ts', line), line).not.toEqual([]);
    const fine = [
      "app.command('/x', async ({ ack, command }) => { await ack(); });",
      'const say = (text: string) => ctx.replies.privately(target, plainMessage(text));',
      'await ctx.api.postMessage({ channel, text });',
      '// client.chat.postMessage is what Bolt would do',
      "import type { webApi } from '@slack/bolt';",
    ];
    for (const line of fine) expect(offenders('x.ts', line), line).toEqual([]);
  });
});
