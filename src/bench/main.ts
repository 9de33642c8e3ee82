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

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    datasets: { type: 'string' },
  },
});

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
