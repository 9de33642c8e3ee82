// `npm run bench [-- --quick] [-- --only name,name] [-- --datasets ../shared/datasets]`
// Runs each section and prints one JSON document with every figure.
import { parseArgs } from 'node:util';
import type { BenchSection } from './section.js';
import { slackBench } from './slack.js';
import { classifyBench } from './classify.js';
import { digestBench } from './digest.js';
import { ingestBench } from './ingest.js';
import { clusterBench } from './cluster.js';
import { tokensBench } from './tokens.js';

const sections: BenchSection[] = [
  classifyBench,
  ingestBench,
  digestBench,
  tokensBench,
  clusterBench,
  slackBench,
];

const USAGE = `Usage: npm run bench [-- --quick] [-- --only ${sections.map((s) => s.name).join(',')}] [-- --datasets ../shared/datasets]

Runs each section and prints one JSON document with every figure.
  --quick          smaller sizes, for a smoke run
  --only A,B       only these sections
  --datasets DIR   where BANKING77 and the BQ corpus are (../shared/datasets); sections that need them say so without it`;

let values: { quick?: boolean; only?: string; datasets?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      datasets: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}
const unknown = values.only?.split(',').map((s) => s.trim()).filter((name) => !sections.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`bench: no section named ${unknown.join(', ')}\n${USAGE}\n`);
  process.exit(2);
}

const only = values.only?.split(',').map((s) => s.trim());
const results: Record<string, unknown> = {};
for (const section of sections) {
  if (only && !only.includes(section.name)) continue;
  process.stderr.write(`bench: ${section.name}…\n`);
  try {
    results[section.name] = await section.run({ quick: values.quick ?? false, ...(values.datasets ? { datasets: values.datasets } : {}) });
  } catch (error) {
    results[section.name] = { error: error instanceof Error ? error.message : String(error) };
  }
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
