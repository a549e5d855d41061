import { beforeAll, describe, expect, it } from 'vitest';
import { forgetTenants } from '../../src/core/oidc/relying-party';
import { METADATA_LIFETIME_MS, type DiscoveryStore, type StoredDiscovery } from '../../src/core/oidc/discovery-store';
import { issuerEntry } from '../../src/core/oidc/discovery';
import { systemClock } from '../../src/core/kernel/ports';
import type { Fetch } from '../../src/core/kernel/ports';
import { createForgeAdmin } from '../../src/forge/admin-runtime';
import { createForgeBridge } from '../../testkit/forge-bridge';
import type { Kvs } from '../../src/forge/kvs-storage';
import { GUARD_SP } from '../../testkit/constants';
import { KvsDouble } from '../../testkit/kvs-double';
import { useHarness, type Harness } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { independentSp } from '../../testkit/node-saml-sp';

// A cold Forge function starts a sign-in from the discovery document another process kept in
// storage, instead of fetching it from Entra ID again; what it takes from storage is checked
// as a fetched document is.

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});

const platform = (kvs: Kvs) => ({
  kvs,
  installation: () => 'installation-a',
  webTriggerUrl: async (key: string) => `https://bridge.example.net/${key}`,
  requestJiraAsUser: async () => ({ ok: true, status: 200, json: async () => ({ permissions: { ADMINISTER: { havePermission: true } } }) }),
});

/** The fetch the functions reach Entra ID with, counting discovery requests. */
function countingFetch() {
  const counted = { discoveries: 0 };
  const fetchWith: Fetch = async (url, options) => {
    if (new URL(url).pathname.endsWith('/.well-known/openid-configuration')) counted.discoveries++;
    return fetch(url, options as RequestInit);
  };
  return { counted, fetch: fetchWith };
}

async function configuredSite(): Promise<KvsDouble> {
  const kvs = new KvsDouble();
  const resolve = createForgeAdmin(platform(kvs.api));
  await resolve('saveEntraStep', { authority: h.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  await resolve('saveGuardStep', { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] });
  await resolve('createSigningKey', {});
  return kvs;
}

/** Guard's AuthnRequest to a freshly made (cold) SSO function. */
async function coldStart(kvs: Kvs, fetchWith: Fetch) {
  forgetTenants();
  const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: 'unused', ssoUrl: 'https://bridge.example.net/saml-sso' });
  const url = new URL(await guard.getAuthorizeUrlAsync('', undefined, {}));
  const bridge = createForgeBridge(platform(kvs), { fetch: fetchWith });
  const response = await bridge.sso({ method: 'GET', path: '/', body: '', headers: {}, queryParameters: Object.fromEntries([...url.searchParams].map(([k, v]) => [k, [v]])) });
  return { status: response.statusCode, location: response.headers?.['Location']?.[0] ?? '' };
}

const storedKeys = (kvs: KvsDouble) => [...kvs.plain.keys()].filter((key) => key.startsWith('discovery:'));
type Stored = { issuer: string; metadata: Record<string, string>; fetchedAt: number };
const storedRecord = (kvs: KvsDouble, key: string) => JSON.parse(kvs.plain.get(key)?.json ?? 'null') as Stored;
function rewrite(kvs: KvsDouble, key: string, change: (record: Stored) => Stored): void {
  const entry = kvs.plain.get(key);
  kvs.plain.set(key, { ...entry, json: JSON.stringify(change(storedRecord(kvs, key))) });
}

describe('discovery documents kept in storage', () => {
  it('a cold function finds the one another process fetched: its SSO start fetches nothing', async () => {
    const kvs = await configuredSite();
    const { counted, fetch: fetchWith } = countingFetch();
    const first = await coldStart(kvs.api, fetchWith);
    expect(first.status).toBe(302);
    expect(counted.discoveries).toBe(1);
    const [key] = storedKeys(kvs);
    expect(key).toBeDefined();
    const record = storedRecord(kvs, key ?? '');
    expect(record.issuer).toBe(`${h.entra.authority}/${TENANT_ID}/v2.0`);
    // Kept no longer than a warm process trusts one.
    const expiresAt = kvs.plain.get(key ?? '')?.expiresAt ?? 0;
    expect(Math.abs(expiresAt - (record.fetchedAt + METADATA_LIFETIME_MS))).toBeLessThan(5_000);

    const second = await coldStart(kvs.api, fetchWith);
    expect(second.status).toBe(302);
    expect(counted.discoveries).toBe(1);
    expect(new URL(second.location).origin + new URL(second.location).pathname).toBe(record.metadata['authorization_endpoint']);
  });

  it('one past its lifetime is fetched again and kept anew', async () => {
    const kvs = await configuredSite();
    const { counted, fetch: fetchWith } = countingFetch();
    await coldStart(kvs.api, fetchWith);
    const [key = ''] = storedKeys(kvs);
    rewrite(kvs, key, (record) => ({ ...record, fetchedAt: Date.now() - METADATA_LIFETIME_MS - 1_000 }));
    expect((await coldStart(kvs.api, fetchWith)).status).toBe(302);
    expect(counted.discoveries).toBe(2);
    expect(Date.now() - storedRecord(kvs, key).fetchedAt).toBeLessThan(60_000);
  });

  it('one altered in storage is not used: the document is fetched from Entra ID and the person sent there', async () => {
    const kvs = await configuredSite();
    const { counted, fetch: fetchWith } = countingFetch();
    await coldStart(kvs.api, fetchWith);
    const [key = ''] = storedKeys(kvs);
    const alterations: ((record: Stored) => Stored)[] = [
      (record) => ({ ...record, metadata: { ...record.metadata, authorization_endpoint: 'https://evil.example/authorize' } }),
      (record) => ({ ...record, metadata: { ...record.metadata, issuer: `${h.entra.authority}/00000000-0000-4000-8000-000000000bad/v2.0` } }),
      (record) => ({ ...record, issuer: 'https://evil.example/v2.0' }),
      (record) => ({ ...record, fetchedAt: Date.now() + 24 * 3_600_000 }),
      (record) => ({ ...record, metadata: { ...record.metadata, token_endpoint: 42 as unknown as string } }),
    ];
    for (const [index, alter] of alterations.entries()) {
      rewrite(kvs, key, alter);
      const start = await coldStart(kvs.api, fetchWith);
      expect(start.status).toBe(302);
      expect(new URL(start.location).origin).toBe(new URL(h.entra.authority).origin);
      expect(counted.discoveries).toBe(index + 2);
    }
  });

  it('storage failing for them costs only a fetch: the sign-in starts', async () => {
    const kvs = await configuredSite();
    const { counted, fetch: fetchWith } = countingFetch();
    const failing: Kvs = {
      ...kvs.api,
      get: (async (key: string) => (key.startsWith('discovery:') ? Promise.reject(new Error('KVS unavailable (injected)')) : kvs.api.get(key))) as Kvs['get'],
      set: (async (key: string, value: unknown, options?: never) =>
        key.startsWith('discovery:') ? Promise.reject(new Error('KVS unavailable (injected)')) : kvs.api.set(key, value, options)) as Kvs['set'],
    };
    expect((await coldStart(failing, fetchWith)).status).toBe(302);
    expect((await coldStart(failing, fetchWith)).status).toBe(302);
    expect(counted.discoveries).toBe(2);
    expect(storedKeys(kvs)).toEqual([]);
  });
});

describe("another OpenID provider's discovery document kept in storage", () => {
  it('is used by a cold process while it names that very issuer, and fetched again when it does not', async () => {
    const kept = new Map<string, StoredDiscovery>();
    const discoveryStore: DiscoveryStore = { read: async (issuer) => kept.get(issuer), write: async (record) => void kept.set(record.issuer, record) };
    const { counted, fetch: fetchWith } = countingFetch();
    const issuer = `${h.entra.authority}/${TENANT_ID}/v2.0`;
    const transport = { clock: systemClock, fetch: fetchWith, discoveryStore };
    forgetTenants();
    expect((await issuerEntry(issuer, CLIENT_ID, transport)).ok).toBe(true);
    expect(counted.discoveries).toBe(1);
    expect(kept.get(issuer)?.metadata.issuer).toBe(issuer);
    forgetTenants();
    const cold = await issuerEntry(issuer, CLIENT_ID, transport);
    expect(cold.ok && cold.value.metadata.token_endpoint).toBe(kept.get(issuer)?.metadata.token_endpoint);
    expect(counted.discoveries).toBe(1);
    const record = kept.get(issuer);
    if (record === undefined) throw new Error('nothing kept');
    kept.set(issuer, { ...record, metadata: { ...record.metadata, issuer: 'https://evil.example' } });
    forgetTenants();
    const refetched = await issuerEntry(issuer, CLIENT_ID, transport);
    expect(refetched.ok && refetched.value.metadata.issuer).toBe(issuer);
    expect(counted.discoveries).toBe(2);
  });
});
