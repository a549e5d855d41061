import { describe, expect, it } from 'vitest';
import { checkFolders, checkModuleState, type Allowance } from '../../testkit/module-state-rule';

/**
 * The deliberate in-process state of the Forge functions and the core, and why each is safe
 * when one warm process serves many sites. Adding to this list needs the same kind of reason.
 */
const ALLOWED: readonly Allowance[] = [
  { file: 'src/core/oidc/discovery.ts', name: 'tenants', why: 'public discovery documents and JWKS, keyed by their own issuer URL; bounded (16) and expiring (1 h)' },
  { file: 'src/core/setup/settings-loader.ts', name: 'parsedKeys', why: 'parsed signing keys keyed by the SHA-256 of their own PEM, which only a caller that read that PEM can name; bounded (8), expiring (10 min)' },
  { file: 'src/core/oidc/relying-party.ts', name: 'configurations', why: 'openid-client Configurations keyed by the discovery document in force, the client ID and the SHA-256 of the credential, which only a caller holding that credential can name; bounded (32), expiring (1 h)' },
  { file: 'src/core/oidc/relying-party.ts', name: 'exchangeFetch', why: 'an AsyncLocalStorage: the fetch of the code exchange under way in its own async context, gone when it ends; holds nothing between invocations' },
  { file: 'src/core/oidc/relying-party.ts', name: 'transportIds', why: 'a WeakMap naming each fetch function a caller brings (tests, stand-ins): holds no site data' },
  { file: 'src/core/oidc/client-credential.ts', name: 'importedKeys', why: 'imported client-certificate keys keyed by the SHA-256 of their own PEM; bounded (8), expiring (10 min)' },
  { file: 'src/forge/functions/sso.ts', name: 'handler', why: 'this function’s handlers per installation (perInstallation): bounded (64), expiring (10 min), chosen by the invocation’s installation' },
  { file: 'src/forge/functions/idp-login.ts', name: 'handler', why: 'this function’s handlers per installation (perInstallation): bounded (64), expiring (10 min), chosen by the invocation’s installation' },
  { file: 'src/forge/functions/callback.ts', name: 'handler', why: 'this function’s handlers per installation (perInstallation): bounded (64), expiring (10 min), chosen by the invocation’s installation' },
  { file: 'src/forge/functions/metadata.ts', name: 'handler', why: 'this function’s handlers per installation (perInstallation): bounded (64), expiring (10 min), chosen by the invocation’s installation' },
  { file: 'src/forge/functions/health.ts', name: 'handler', why: 'this function’s handlers per installation (perInstallation): bounded (64), expiring (10 min), chosen by the invocation’s installation' },
  { file: 'src/forge/resolvers.ts', name: 'resolve', why: 'web-trigger URLs per installation (perInstallation); the admin API is made per call' },
  { file: 'src/forge/resolvers.ts', name: 'resolver', why: '@forge/resolver’s table of action names, fixed at load' },
  { file: 'src/forge/resolvers.ts', name: 'handler', why: '@forge/resolver’s entry point, fixed at load' },
];

describe('module-level state in src/core and src/forge (Forge tenant isolation)', () => {
  it('has none beyond the deliberate, installation- or content-keyed caches listed here', () => {
    expect(checkFolders(['src/core', 'src/forge'], ALLOWED)).toEqual([]);
  });

  it('flags each pattern Forge warns about', () => {
    const findings = checkModuleState(
      'src/forge/example.ts',
      [
        'let currentSite: string | undefined;',
        'const cache = new Map<string, string>();',
        'const bridge = createForgeBridge(forgePlatform);',
        'const seen = {} as Record<string, boolean>;',
        'export function remember(key: string) { seen[key] = true; }',
        'globalThis.siteData = 1;',
        'class Holder { static last = new Map(); }',
        'const SCHEMA = z.object({ a: z.string() });',
        'const LIMITS = { max: 3 } as const;',
        'const UTF8 = new TextDecoder("utf-8");',
      ].join('\n'),
    );
    expect(findings.map((finding) => finding.line).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 6, 7]);
  });
});
