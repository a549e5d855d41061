import { createBridge } from '../src/core/endpoints/create-bridge';
import { systemClock, silentLogger } from '../src/core/kernel/ports';
import type { LoginSecrets, LoginSettings } from '../src/core/signin/login-settings';
import type { HttpRequest, HttpResponse } from '../src/core/http/types';
import type { AdminRecord } from '../src/core/audit/admin-record';
import type { RefusalCounts } from '../src/core/audit/refusals';
import { MemorySetupStore } from '../testkit/memory-setup-store';
import { MemoryAuditLog, MemoryTrail } from '../testkit/memory-audit-log';
import { MemorySingleUseStore } from '../src/local/memory-store';
import { BRIDGE_ENDPOINTS, CALLBACK_URL, CLIENT_ID, GUARD_SP, TENANT_ID, TEST_IDP } from '../testkit/constants';
import { stubEntra } from './stub-entra';

/** A sign-in environment with Entra ID stubbed in memory: what the CPU rows measure. */
export function cpuEnvironment(secrets: LoginSecrets) {
  const entra = stubEntra('https://login.microsoftonline.com', TENANT_ID, CLIENT_ID);
  const stores = {
    setup: new MemorySetupStore(),
    logins: new MemorySingleUseStore(systemClock),
    audit: new MemoryAuditLog(),
    adminTrail: new MemoryTrail<AdminRecord>(),
    refusalTrail: new MemoryTrail<RefusalCounts>(),
  };
  const deps = createBridge({ stores, clock: systemClock, logger: silentLogger, fetch: entra.fetch, timeoutSeconds: 10, endpoints: async () => BRIDGE_ENDPOINTS, settingsCacheMs: 0 });
  const settings: LoginSettings = {
    config: {
      entra: { authority: 'https://login.microsoftonline.com', tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email', requireXmsEdov: true },
      guard: { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] },
    },
    secretsVersion: 'bench',
    identityProvider: TEST_IDP,
    callbackUrl: CALLBACK_URL,
  };
  return { entra, deps, settings, loadSecrets: async () => ({ ok: true as const, value: secrets }) };
}

/** What the browser posts to the callback after the person signed in at the (stub) Entra ID. */
export function callbackRequest(start: HttpResponse, issueCode: (nonce: string) => string): HttpRequest {
  const authorize = new URL(start.headers['Location'] ?? '');
  const state = authorize.searchParams.get('state') ?? '';
  const code = issueCode(authorize.searchParams.get('nonce') ?? '');
  const cookie = (start.headers['Set-Cookie'] ?? '').split(';')[0] ?? '';
  return {
    method: 'POST',
    query: {},
    headers: { 'content-type': ['application/x-www-form-urlencoded'], cookie: [cookie] },
    body: new URLSearchParams({ code, state }).toString(),
  };
}
