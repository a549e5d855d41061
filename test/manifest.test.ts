import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validate } from '@forge/manifest';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ENTRA_AUTHORITIES } from '../src/core/config/schema';
import { BRIDGE_ROUTES } from '../src/core/endpoints/routes';

interface ManifestShape {
  app: { runtime: { name: string } };
  modules: {
    function: { key: string; handler: string }[];
    webtrigger: { key: string; function: string; urlFormat?: string; response: { type: string } }[];
    'jira:adminPage': { key: string; resource: string; resolver?: { function: string }; render?: string; useAsConfig?: boolean; useAsGetStarted?: boolean }[];
  };
  resources: { key: string; path: string }[];
  permissions: { scopes: string[]; external: { fetch: { backend: { address: string }[] } } };
}

const manifest = parse(readFileSync('manifest.yml', 'utf8')) as ManifestShape;

describe('manifest.yml', () => {
  it('validates with @forge/manifest: no errors, no warnings', async () => {
    const result = await validate(false, 'manifest.yml');
    expect(result.errors ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('runs on nodejs22.x', () => {
    expect(manifest.app.runtime.name).toBe('nodejs22.x');
  });

  it.each(manifest.modules.function.map((f) => [f.key, f.handler] as const))(
    'function %s: handler %s exists and is exported',
    async (_key, handler) => {
      const [file, exportName] = handler.split('.') as [string, string];
      const url = pathToFileURL(resolve('src', `${file}.ts`)).href;
      const module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
      expect(typeof module[exportName]).toBe('function');
    },
  );

  it('has exactly the route table’s web triggers, each dynamic and served by the route’s function', () => {
    const functions = new Set(manifest.modules.function.map((f) => f.key));
    const triggers = new Map(manifest.modules.webtrigger.map((t) => [t.key, t]));
    expect([...triggers.keys()].sort()).toEqual(BRIDGE_ROUTES.map((route) => route.webTrigger).sort());
    for (const route of BRIDGE_ROUTES) {
      expect(triggers.get(route.webTrigger)?.response.type).toBe('dynamic');
      expect(triggers.get(route.webTrigger)?.function).toBe(route.forgeFunction);
      expect(functions.has(route.forgeFunction)).toBe(true);
    }
  });

  it('has the wizard as Configure page with its resolver, and a UI Kit Get started page', () => {
    const pages = manifest.modules['jira:adminPage'];
    const wizard = pages.find((p) => p.useAsConfig === true);
    const getStarted = pages.find((p) => p.useAsGetStarted === true);
    expect(wizard?.resolver?.function).toBe('resolver-fn');
    expect(getStarted?.render).toBe('native');
    const resources = new Map(manifest.resources.map((r) => [r.key, r.path]));
    expect(existsSync(resolve(resources.get(wizard?.resource ?? '') ?? '', 'index.html'))).toBe(true);
    expect(existsSync(resources.get(getStarted?.resource ?? '') ?? '')).toBe(true);
  });

  it('asks for storage, the Jira permission check, and egress to the Entra ID clouds only', () => {
    expect(manifest.permissions.scopes.sort()).toEqual(['read:jira-user', 'storage:app']);
    expect(manifest.permissions.external.fetch.backend.map((b) => b.address)).toEqual([
      'https://login.microsoftonline.com',
      'https://login.microsoftonline.us',
      'https://login.partner.microsoftonline.cn',
    ]);
    // Exactly the clouds the configuration offers.
    expect(manifest.permissions.external.fetch.backend.map((b) => b.address).sort()).toEqual(Object.values(ENTRA_AUTHORITIES).sort());
  });

  it('gives every web trigger the installation-based URL format (v2)', () => {
    for (const trigger of manifest.modules.webtrigger) expect(trigger.urlFormat).toBe('v2');
  });
});
