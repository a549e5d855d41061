import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Each web-trigger function loads only its own hop. Forge's bundler makes one bundle per
 * handler module; here esbuild bundles each the same way, and the modules a function loads
 * at start (its static imports, not the `import()` of a rare path) are checked.
 */
const FUNCTIONS = ['sso', 'idp-login', 'callback', 'metadata', 'health'] as const;
const ENTRIES = { ...Object.fromEntries(FUNCTIONS.map((fn) => [fn, `src/forge/functions/${fn}.ts`])), resolver: 'src/forge/resolvers.ts' } as Record<(typeof FUNCTIONS)[number] | 'resolver', string>;

async function loadedAtStart(fn: keyof typeof ENTRIES): Promise<string[]> {
  const entry = ENTRIES[fn];
  const result = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'node', format: 'cjs', metafile: true, logLevel: 'silent', outfile: `/tmp/${fn}.js` });
  const inputs: Metafile['inputs'] = result.metafile.inputs;
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    for (const imported of inputs[path]?.imports ?? []) {
      if (imported.kind === 'dynamic-import' || imported.external === true || seen.has(imported.path)) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return [...seen];
}

const SIGNING = /src\/core\/saml\/(xml-signature|response|assertion|answer)\.ts$/;
const INTAKE = /src\/core\/saml\/authn-request\//;
const ADMIN = /src\/core\/setup\/(action-table|admin-action|commit|setup-view|admin-changes)\.ts$|src\/core\/setup\/actions\/|@forge\/resolver|node-forge/;
const SIGN_IN = /src\/core\/signin\/(start|finish)\.ts$|openid-client/;

describe('per-function bundles', () => {
  it.each([
    ['sso', [SIGNING, ADMIN, /src\/core\/signin\/finish\.ts$/]],
    ['idp-login', [SIGNING, ADMIN, /src\/core\/signin\/finish\.ts$/]],
    ['callback', [INTAKE, ADMIN, /src\/core\/signin\/start\.ts$/]],
    ['metadata', [SIGNING, INTAKE, ADMIN, SIGN_IN]],
    ['health', [SIGNING, INTAKE, ADMIN, SIGN_IN]],
  ] as const)('the %s function loads none of the others’ code at start', async (fn, forbidden) => {
    const loaded = await loadedAtStart(fn);
    expect(loaded.length).toBeGreaterThan(10);
    for (const pattern of forbidden) expect(loaded.filter((path) => pattern.test(path)), `${fn} loads ${String(pattern)}`).toEqual([]);
  });

  // A pattern that matches no file would pass for ever: each names code some function does load.
  it.each([
    ['signing', SIGNING, 'callback'],
    ['the AuthnRequest intake', INTAKE, 'sso'],
    ['the admin API', ADMIN, 'resolver'],
    ['the sign-in', SIGN_IN, 'sso'],
  ] as const)('the pattern for %s matches the code of the function that runs it', async (_name, pattern, fn) => {
    expect((await loadedAtStart(fn)).filter((path) => pattern.test(path)).length).toBeGreaterThan(0);
  });
});
