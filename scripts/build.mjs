// npm run build: what `forge deploy` needs besides the TypeScript sources it bundles itself
// (the admin wizard, Custom UI, in static/wizard/build, the folder manifest.yml names), and
// the local runtime (dist/local.mjs) and the demo that `npm start` runs (dist/demo.mjs).
import { build } from 'esbuild';
import { cp, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * Several `npm start` in one checkout at once (replicas on one machine) must not build over
 * each other: one build at a time holds a lock file; each writes to a folder or file of its
 * own and renames it into place, so a process starting meanwhile never reads half a build.
 */
const LOCK = 'static/wizard/.build.lock';
const STALE_LOCK_MS = 120_000;
async function lock() {
  for (const deadline = Date.now() + STALE_LOCK_MS; ; ) {
    try {
      return await open(LOCK, 'wx');
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A build that died holding the lock leaves it behind: after two minutes it is taken over.
      const age = await stat(LOCK).then((info) => Date.now() - info.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS || Date.now() > deadline) await rm(LOCK, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
const held = await lock();
try {

const out = 'static/wizard/build';
const staging = `${out}.${process.pid}.tmp`;
await rm(staging, { recursive: true, force: true });
await mkdir(staging, { recursive: true });
await cp('static/wizard/public', staging, { recursive: true });

/**
 * The Atlassian Design System's tokens as one static stylesheet (light and dark colours,
 * spacing, typography, shape), taken from the pinned @atlaskit/tokens. Its own loader
 * would insert them as <style> elements at run time, which a strict CSP refuses.
 */
const THEMES = ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'];
const themes = await Promise.all(
  THEMES.map(async (name) => {
    const source = await readFile(`node_modules/@atlaskit/tokens/dist/esm/artifacts/themes/${name}.js`, 'utf8');
    const literal = /export default ("(?:[^"\\]|\\.)*");/s.exec(source)?.[1];
    if (literal === undefined) throw new Error(`@atlaskit/tokens: no stylesheet in ${name}.js`);
    return JSON.parse(literal);
  }),
);
await writeFile(`${staging}/tokens.css`, themes.join('\n'));

/** react-scrolllock (inside @atlaskit/modal-dialog) writes a <style> element: replaced by a class toggle. */
const scrollLockShim = {
  name: 'scroll-lock-shim',
  setup(plugin) {
    const shim = fileURLToPath(new URL('../static/wizard/src/shims/scroll-lock.tsx', import.meta.url));
    plugin.onResolve({ filter: /^react-scrolllock$/ }, () => ({ path: shim }));
  },
};

/**
 * @atlaskit/tokens can load each theme's stylesheet at run time (setGlobalTheme, reached
 * through app-provider). The page ships tokens.css instead, and a run-time <style> would be
 * refused by the CSP anyway: its map of dynamic imports is left empty, which keeps ten
 * unused themes (about 200 KiB) out of the bundle.
 */
const noRuntimeThemes = {
  name: 'no-runtime-themes',
  setup(plugin) {
    plugin.onLoad({ filter: /@atlaskit[\\/]tokens[\\/]dist[\\/]esm[\\/]artifacts[\\/]theme-import-map\.js$/ }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};

const wizard = await build({
  entryPoints: { wizard: 'static/wizard/src/main.tsx' },
  outdir: staging,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari16'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [scrollLockShim, noRuntimeThemes],
  metafile: true,
  logLevel: 'warning',
});
// Which package takes how much of the bundle: npm run bench reads it.
await writeFile('static/wizard/build-meta.json', JSON.stringify(wizard.metafile));
// Two renames, microseconds apart: a server running meanwhile finds the old build or the new one.
await rm(`${out}.old`, { recursive: true, force: true });
await rename(out, `${out}.old`).catch(() => undefined);
await rename(staging, out);
await rm(`${out}.old`, { recursive: true, force: true });

/**
 * Two Node entry points over the same code: dist/local.mjs, the product (and the container
 * image's), and dist/demo.mjs, what `npm start` runs, with the demo's stand-ins besides.
 */
await mkdir('dist', { recursive: true });
for (const [entry, outfile] of [['src/local/main.ts', 'dist/local.mjs'], ['src/demo/main.ts', 'dist/demo.mjs']]) {
  const bundle = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    write: false,
  });
  await writeFile(`${outfile}.${process.pid}.tmp`, bundle.outputFiles[0].contents);
  await rename(`${outfile}.${process.pid}.tmp`, outfile);
}
console.log(`built ${out}, dist/local.mjs and dist/demo.mjs`);
} finally {
  await held.close();
  await rm(LOCK, { force: true });
}
