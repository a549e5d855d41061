import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, importPath, reachableFrom } from '../../testkit/import-graph';

const graph = importGraph(['src', 'static/wizard/src', 'testkit', 'bench', 'test']);

/** What runs in production: every function manifest.yml names, the Get started page, and dist/local.mjs (the container image's). */
function productionEntryPoints(): string[] {
  const manifest = parse(readFileSync('manifest.yml', 'utf8')) as { modules: { function: { handler: string }[] }; resources: { key: string; path: string }[] };
  const handlers = manifest.modules.function.map((fn) => `src/${fn.handler.split('.')[0] ?? ''}.ts`);
  const sources = manifest.resources.map((resource) => resource.path).filter((path) => path.startsWith('src/'));
  return [...handlers, ...sources, 'src/local/main.ts'];
}

const isDemo = (file: string) => file.startsWith('src/demo/');

describe('the imports', () => {
  it('form no circle', () => {
    expect(graph.size).toBeGreaterThan(250);
    expect(importCircles(graph)).toEqual([]);
  });

  it('would name a circle if there were one', () => {
    const circular = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCircles(circular)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('of production entry points never reach the demo', () => {
    const entries = productionEntryPoints();
    expect(entries.length).toBeGreaterThanOrEqual(8);
    for (const entry of entries) {
      expect(graph.has(entry), `${entry} is a source file`).toBe(true);
      const demo = [...reachableFrom(graph, entry)].filter(isDemo);
      expect(demo.map((file) => importPath(graph, entry, file)?.join(' → ')), `${entry} reaches src/demo`).toEqual([]);
    }
    // The rule sees the demo where it is: `npm start`'s entry point reaches it.
    expect([...reachableFrom(graph, 'src/demo/main.ts')].filter(isDemo).length).toBeGreaterThan(3);
  });

  it('of src never reach the tests, the testkit or the bench; src/core never names @forge', () => {
    for (const [file, targets] of graph) {
      if (!file.startsWith('src/')) continue;
      expect(targets.filter((target) => !target.startsWith('src/')), file).toEqual([]);
      if (file.startsWith('src/core/')) expect(readFileSync(file, 'utf8'), file).not.toMatch(/from '@forge\//);
    }
  });

  it('leave the stand-ins and oidc-provider out of dist/local.mjs, as esbuild bundles it', async () => {
    const bundle = async (entry: string) => {
      const result = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'node', format: 'esm', packages: 'external', metafile: true, logLevel: 'silent', outfile: '/tmp/entry.mjs' });
      const output = Object.values(result.metafile.outputs)[0];
      return { inputs: Object.keys(result.metafile.inputs), packages: (output?.imports ?? []).filter((imported) => imported.external).map((imported) => imported.path) };
    };
    const product = await bundle('src/local/main.ts');
    expect(product.inputs.filter((input) => input.startsWith('src/demo/'))).toEqual([]);
    expect(product.packages.filter((name) => /^(oidc-provider|@node-saml\/node-saml)$/.test(name))).toEqual([]);
    const demo = await bundle('src/demo/main.ts');
    expect(demo.inputs.filter((input) => input.startsWith('src/demo/')).length).toBeGreaterThan(3);
    expect(demo.packages).toContain('oidc-provider');
  });

  it('leave the demo’s packages to the development dependencies, which the container image prunes', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const name of ['oidc-provider', '@node-saml/node-saml']) {
      expect(manifest.dependencies[name], name).toBeUndefined();
      expect(manifest.devDependencies[name], name).toBeDefined();
    }
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist\/local\.mjs \.\/dist\/local\.mjs/);
    expect(dockerfile).not.toMatch(/demo\.mjs|COPY --from=build \/app\/dist \.\/dist/);
  });
});
