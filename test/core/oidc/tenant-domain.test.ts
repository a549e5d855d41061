import { describe, expect, it } from 'vitest';
import type { Fetch } from '../../../src/core/kernel/ports';
import { tenantIdOfDomain } from '../../../src/core/oidc/discovery';
import { createAdminApi } from '../../../src/core/setup/action-table';
import type { AdminRecord } from '../../../src/core/audit/admin-record';
import type { RefusalCounts } from '../../../src/core/audit/refusals';
import { MemoryTrail } from '../../../testkit/memory-audit-log';
import { MemorySetupStore } from '../../../testkit/memory-setup-store';
import { BRIDGE_ENDPOINTS, CLIENT_ID, TENANT_ID } from '../../../testkit/constants';
import { TestClock } from '../../../testkit/login-harness';
import { MemorySingleUseStore } from '../../../src/local/memory-store';

/**
 * A tenant named by its domain, as Entra ID accepts it in place of the Directory (tenant) ID:
 * its discovery document (Microsoft identity platform, OpenID Connect metadata) names the
 * tenant by ID in `issuer`; an unknown one is answered 400 with AADSTS90002. This fetch
 * answers in those documented shapes; no real Entra ID is reachable from here.
 */
const AUTHORITY = 'https://login.microsoftonline.com';
const entra: Fetch = async (url) => {
  if (url === `${AUTHORITY}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`) {
    return new Response(JSON.stringify({ issuer: `${AUTHORITY}/${TENANT_ID}/v2.0`, authorization_endpoint: `${AUTHORITY}/${TENANT_ID}/oauth2/v2.0/authorize`, token_endpoint: `${AUTHORITY}/${TENANT_ID}/oauth2/v2.0/token`, jwks_uri: `${AUTHORITY}/${TENANT_ID}/discovery/v2.0/keys` }), { status: 200 });
  }
  if (url === `${AUTHORITY}/lookalike.example/v2.0/.well-known/openid-configuration`) {
    return new Response(JSON.stringify({ issuer: `https://login.evil.example/${TENANT_ID}/v2.0`, authorization_endpoint: 'x', token_endpoint: 'x', jwks_uri: 'x' }), { status: 200 });
  }
  return new Response(JSON.stringify({ error: 'invalid_tenant', error_description: 'AADSTS90002: Tenant not found.' }), { status: 400 });
};
const transport = { fetch: entra, clock: new TestClock() };

describe('a tenant named by its domain', () => {
  it('resolves to the Directory (tenant) ID that its discovery document names', async () => {
    expect(await tenantIdOfDomain(AUTHORITY, 'contoso.onmicrosoft.com', transport)).toEqual({ ok: true, value: TENANT_ID });
    expect(await tenantIdOfDomain(AUTHORITY, 'nobody.example', transport)).toMatchObject({ ok: false, error: { code: 'ENTRA_TENANT_NOT_FOUND' } });
    // An issuer on another host is no tenant of this cloud.
    expect(await tenantIdOfDomain(AUTHORITY, 'lookalike.example', transport)).toMatchObject({ ok: false, error: { code: 'OIDC_DISCOVERY_FAILED' } });
  });

  it('is saved in step 1 as the tenant’s ID; an unknown domain is refused under the field', async () => {
    const store = new MemorySetupStore();
    const api = createAdminApi({ store, loginStore: new MemorySingleUseStore(transport.clock), audit: new MemoryTrail(), adminTrail: new MemoryTrail<AdminRecord>(), refusalTrail: new MemoryTrail<RefusalCounts>(), actor: 'test admin', endpoints: async () => BRIDGE_ENDPOINTS, ...transport });
    const saved = await api.saveEntraStep({ authority: AUTHORITY, tenantId: 'Contoso.onmicrosoft.com', clientId: CLIENT_ID, clientSecret: 'a-client-secret-value-0123456789' });
    expect(saved).toMatchObject({ ok: true, value: { entra: { tenantId: TENANT_ID } } });
    const unknown = await api.saveEntraStep({ authority: AUTHORITY, tenantId: 'nobody.example', clientId: CLIENT_ID, clientSecret: 'a-client-secret-value-0123456789' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID', fields: { tenantId: expect.stringContaining('nobody.example') } } });
  });
});
