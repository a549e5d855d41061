import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validate } from '@forge/manifest';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface ManifestShape {
  app: { runtime: { name: string } };
  modules: { function: { key: string; handler: string }[]; webtrigger?: { key: string; function: string }[] };
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

  it('every web trigger names a declared function', () => {
    const functions = new Set(manifest.modules.function.map((f) => f.key));
    for (const trigger of manifest.modules.webtrigger ?? []) expect(functions.has(trigger.function)).toBe(true);
  });
});
