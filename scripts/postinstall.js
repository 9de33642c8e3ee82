// Runs after `npm install` / `npm ci`: generates the Prisma client, builds
// dist/ and trains the classifier into its cache, so `npx frontline` works
// with no build step to remember.
// Offline, `prisma generate` only needs PRISMA_SCHEMA_ENGINE_BINARY to name an
// existing file (the client itself is built with WebAssembly); with internet,
// set nothing and Prisma behaves as usual.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

function run(label, command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`frontline postinstall: ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

// Installed as someone else's dependency: nothing to build here.
if (!existsSync(join(root, 'prisma', 'schema.prisma')) || !existsSync(join(root, 'tsconfig.build.json'))) process.exit(0);

let prismaCli;
let tscCli;
try {
  prismaCli = require.resolve('prisma/build/index.js');
  tscCli = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  console.error('frontline postinstall: dev dependencies are missing; run `npm install` (not --omit=dev) to build Frontline.');
  process.exit(1);
}

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
run('prisma generate', process.execPath, [prismaCli, 'generate'], env);
run('TypeScript build', process.execPath, [tscCli, '-p', 'tsconfig.build.json']);

// Train the classifier once now (30 to 95 seconds) and leave it in the disk
// cache, so the first `npm start`, import or classification loads it in a
// fraction of a second. A failure here only moves that work to first use.
const warm = spawnSync(process.execPath, [join(root, 'bin', 'frontline.js'), 'classify', '--json', 'warm-up'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (warm.status !== 0) console.error('frontline postinstall: the classifier was not trained now; it will be on first use.');
