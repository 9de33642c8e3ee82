import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, variables } from '../src/config.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'frontline-config-'));

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, emptyDir());
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({}, emptyDir());
    expect(config.DATABASE_URL).toBe('file:./data/frontline.db');
    expect(config.PORT).toBe(3000);
    expect(config.FRONTLINE_TIMEZONE).toBe('Asia/Taipei');
    expect(config.FRONTLINE_DIGEST_SCHEDULE).toBe('MON 09:00');
    expect(config.FRONTLINE_CAPTURE_EMOJI).toBe('inbox_tray');
    expect(config.FRONTLINE_ADMINS).toEqual([]);
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('reports one line per bad value, naming it, saying what is wrong and giving an example', () => {
    const lines = problems({ PORT: 'eighty', FRONTLINE_TIMEZONE: 'Mars/Olympus', FRONTLINE_ADMINS: 'bob' });
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('PORT:'))).toMatch(/number.*example: PORT=3000/);
    expect(lines.find((l) => l.startsWith('FRONTLINE_TIMEZONE:'))).toMatch(/IANA time zone.*example: FRONTLINE_TIMEZONE=Asia\/Taipei/);
    expect(lines.find((l) => l.startsWith('FRONTLINE_ADMINS:'))).toMatch(/Slack IDs starting with U/);
  });

  it('never echoes a secret value', () => {
    const secret = 'not-a-real-token-but-secret-9f8e7d';
    const lines = problems({ SLACK_BOT_TOKEN: secret, SLACK_SIGNING_SECRET: secret, FRONTLINE_WEBHOOK_SECRET: 'short' });
    expect(lines).toHaveLength(3);
    const message = new ConfigError(lines).message;
    expect(message).not.toContain(secret);
    expect(message).not.toContain('short');
    expect(message).toMatch(/SLACK_BOT_TOKEN: must start with xoxb-/);
  });

  it('reads .env for what the environment lacks; the environment wins', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, '.env'), 'PORT=4000\nLOG_LEVEL=debug\n');
    const config = loadConfig({ LOG_LEVEL: 'warn' }, dir);
    expect(config.PORT).toBe(4000);
    expect(config.LOG_LEVEL).toBe('warn');
  });

  it('documents every variable with an example that is itself valid', () => {
    const env = Object.fromEntries(Object.entries(variables).map(([name, v]) => [name, v.example]));
    expect(() => loadConfig(env, emptyDir())).not.toThrow();
  });
});

describe('.env.example', () => {
  it('lists every variable, and loads as it is', () => {
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    for (const name of Object.keys(variables)) expect(text).toMatch(new RegExp(`^${name}=`, 'm'));
    const dir = emptyDir();
    writeFileSync(join(dir, '.env'), text);
    expect(() => loadConfig({}, dir)).not.toThrow();
  });
});
