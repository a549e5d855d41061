// npm run build: what `forge deploy` needs besides the TypeScript sources it bundles itself
// (the admin wizard, Custom UI, in static/wizard/build, the folder manifest.yml names), and
// the local runtime that `npm start` runs (dist/local.mjs).
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';

const out = 'static/wizard/build';
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await cp('static/wizard/public', out, { recursive: true });
await build({
  entryPoints: { wizard: 'static/wizard/src/main.tsx' },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari16'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
await build({
  entryPoints: ['src/local/main.ts'],
  outfile: 'dist/local.mjs',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
console.log(`built ${out} and dist/local.mjs`);
