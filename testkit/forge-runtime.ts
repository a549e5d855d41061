import { getAppContext } from '@forge/api';
import type { Kvs } from '../src/forge/kvs-storage';
import type { ForgePlatform } from '../src/forge/platform';
import { KvsDouble } from './kvs-double';

/** One installation of the app: its own storage and its own web-trigger URLs (urlFormat v2: one host each). */
export interface SiteDouble {
  readonly installationId: string;
  readonly kvs: KvsDouble;
  /** Web-trigger URL by module key. */
  readonly urls: Readonly<Record<string, string>>;
}

type ForgeGlobal = typeof globalThis & { __forge_runtime__?: unknown };

/**
 * Forge's runtime as one warm process sees it. The platform puts the running invocation's
 * context in `global.__forge_runtime__` (read by @forge/api's getAppContext and by the
 * storage and web-trigger clients), and the same process may run the next invocation for
 * another installation. This double does the same: `invoke` sets the context of one site,
 * and the platform it hands out answers for whichever site is running, as the real
 * clients do. Module-level state in the app is what it is: shared.
 */
export class ForgeRuntimeDouble {
  private readonly sites = new Map<string, SiteDouble>();

  constructor(sites: readonly SiteDouble[]) {
    for (const site of sites) this.sites.set(site.installationId, site);
  }

  /** Runs `work` as one invocation of `site` (one at a time, as a Lambda container does). */
  async invoke<T>(site: SiteDouble, work: () => Promise<T>): Promise<T> {
    const global = globalThis as ForgeGlobal;
    if (global.__forge_runtime__ !== undefined) throw new Error('one invocation at a time per process');
    global.__forge_runtime__ = {
      appContext: {
        appId: '7c1f4b2e-3d5a-4e8f-9b6c-2a1d0e9f8b7c',
        appVersion: '2.0.0',
        environmentId: 'env-production',
        environmentType: 'PRODUCTION',
        invocationId: `invocation-${Math.random().toString(36).slice(2)}`,
        installationId: site.installationId,
        functionKey: 'fn',
        moduleType: 'webtrigger',
        moduleKey: 'saml-sso',
      },
      lambdaContext: { awsRequestId: 'request', getRemainingTimeInMillis: () => 55_000 },
    };
    try {
      return await work();
    } finally {
      delete global.__forge_runtime__;
    }
  }

  /** The site of the running invocation, as the platform's clients find it. */
  private current(): SiteDouble {
    const site = this.sites.get(getAppContext().installationAri.installationId);
    if (site === undefined) throw new Error('no such installation');
    return site;
  }

  readonly platform: ForgePlatform = {
    kvs: Object.fromEntries(
      (['get', 'set', 'delete', 'getSecret', 'setSecret', 'deleteSecret', 'query'] as const).map((name) => [
        name,
        (...args: unknown[]) => (this.current().kvs.api[name] as (...a: unknown[]) => unknown)(...args),
      ]),
    ) as unknown as Kvs,
    installation: () => getAppContext().installationAri.installationId,
    webTriggerUrl: async (key) => {
      const url = this.current().urls[key];
      if (url === undefined) throw new Error(`no web trigger ${key}`);
      return url;
    },
    requestJiraAsUser: async () => ({ ok: true, status: 200, json: async () => ({ permissions: { ADMINISTER: { key: 'ADMINISTER', havePermission: true } } }) }),
  };
}

/** A site with v2 web-trigger URLs on a host of its own. */
export function siteDouble(installationId: string, host: string, callbackUrl?: string): SiteDouble {
  const url = (id: string) => `https://${host}/public/${id}`;
  return {
    installationId,
    kvs: new KvsDouble(),
    urls: {
      'saml-sso': url('sso'),
      'saml-login': url('login'),
      'oidc-callback': callbackUrl ?? url('callback'),
      'saml-metadata': url('metadata'),
      health: url('health'),
    },
  };
}
