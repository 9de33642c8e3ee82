// README is what a new user reads first: these checks keep it true.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands/index.js';
import { configTableMarkdown } from '../src/config-docs.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every configuration variable (regenerate with: npx frontline config --markdown)', () => {
    const table = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(readme)?.[1];
    expect(table).toBe(configTableMarkdown());
  });

  it('names every CLI command', () => {
    const missing = commands.map((c) => c.name).filter((name) => !readme.includes(`frontline ${name}`));
    expect(missing).toEqual([]);
  });

  it('gives exactly the two setup commands, and CI runs its test command', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
