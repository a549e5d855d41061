import { describe, expect, it } from 'vitest';
import type { StoredConfig, StoredSecrets } from '../../src/core/setup/stored-setup';
import { READINESS_CACHE_MS, ReadinessProbe } from '../../src/local/operations';
import type { Stores } from '../../src/local/stores';
import { GUARD_SP } from '../../testkit/constants';
import { CLIENT_ID, TENANT_ID } from '../../testkit/constants';

/**
 * /readyz answers strangers (a balancer probes it without credentials), and each verdict
 * reads the configuration and opens the secrets. One verdict serves every probe for a
 * second, and a setup that cannot route a domain is not ready.
 */
const CONFIG: StoredConfig = {
  version: 1,
  entra: { authority: 'https://login.microsoftonline.com', tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email', requireXmsEdov: true },
  guard: { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] },
  signing: { certificatePem: 'c', createdAt: '2026-12-04T00:00:00Z' },
  clientSecretSavedAt: '2026-12-04T00:00:00Z',
  secretsVersion: 'v1',
  updatedAt: '2026-12-04T00:00:00Z',
};

function storesWith(config: StoredConfig) {
  const reads = { config: 0, secrets: 0 };
  const stores = {
    reachable: async () => true,
    setup: {
      readConfig: async () => {
        reads.config += 1;
        return config;
      },
      readSecrets: async (): Promise<StoredSecrets> => {
        reads.secrets += 1;
        return { clientSecret: 's', signing: { privateKeyPem: 'k', certificatePem: 'c' } };
      },
    },
  } as unknown as Stores;
  return { stores, reads };
}

describe('the readiness probe', () => {
  it('reads and opens the secrets once for a flood of probes, and again a second later', async () => {
    const { stores, reads } = storesWith(CONFIG);
    let now = 0;
    const probe = new ReadinessProbe(stores, () => now);
    const verdicts = await Promise.all(Array.from({ length: 500 }, () => probe.check(false)));
    expect(verdicts.every((verdict) => verdict.ready)).toBe(true);
    expect(reads.secrets).toBe(1);
    now += READINESS_CACHE_MS;
    await probe.check(false);
    expect(reads.secrets).toBe(2);
    expect(await probe.check(true)).toEqual({ ready: false, checks: { draining: true } });
  });

  it('is not ready with a setup that cannot route: a domain held by two directories', async () => {
    const overlapping: StoredConfig = { ...CONFIG, connections: [{ id: 'partner', kind: 'oidc', preset: 'generic', issuer: 'https://idp.partner.example', clientId: 'p', allowedDomains: ['contoso.com'] }] };
    const { stores } = storesWith(overlapping);
    expect(await new ReadinessProbe(stores, () => 0).check(false)).toEqual({ ready: false, checks: { store: true, setup: false, signingKey: false } });
  });
});
