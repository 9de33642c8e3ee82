#!/usr/bin/env node
// Runs the compiled CLI. `npm install` builds dist/ (scripts/postinstall.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('frontline: not built yet. Run `npm install` (or `npm run build`) in the project folder.\n');
  process.exit(1);
}
await import(entry.href);
