// npm run bench: bundles bench/run.ts (packages external) and runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

await build({ entryPoints: ['bench/run.ts'], outfile: 'dist/bench.mjs', bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
const run = spawnSync(process.execPath, ['dist/bench.mjs'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
