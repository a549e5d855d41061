import { RefusalTally, type RefusalCounts } from '../src/core/audit/refusals';
import { MemoryAuditLog, MemoryTrail } from '../src/local/memory-audit-log';
import { MemorySingleUseStore } from '../src/local/memory-store';
import { systemClock } from '../src/core/kernel/ports';
import type { LoginDependencies, LoginSecrets, LoginSettings } from '../src/core/signin/settings';
import type { HttpRequest, HttpResponse } from '../src/core/http/types';
import { stubEntra } from './stub-entra';

export const TENANT = '9122040d-6c67-4c5b-b112-36a304b66dad';
export const CLIENT = '6731de76-14a6-49ae-97bc-6eba6914391e';
export const SP = {
  entityId: 'https://auth.atlassian.com/saml/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
};
export const IDP = { entityId: 'https://bridge.example.net/saml/metadata', ssoUrl: 'https://bridge.example.net/saml/sso' };
export const CALLBACK = 'https://bridge.example.net/oidc/callback';

/** A sign-in environment with Entra ID stubbed in memory: what the CPU rows measure. */
export function cpuEnvironment(secrets: LoginSecrets) {
  const entra = stubEntra('https://login.microsoftonline.com', TENANT, CLIENT);
  const deps: LoginDependencies = {
    clock: systemClock,
    store: new MemorySingleUseStore(systemClock),
    audit: new MemoryAuditLog(),
    refusals: new RefusalTally(new MemoryTrail<RefusalCounts>(), systemClock),
    logger: { info: () => undefined, warn: () => undefined },
    fetch: entra.fetch,
    timeoutSeconds: 10,
  };
  const settings: LoginSettings = {
    config: {
      entra: { authority: 'https://login.microsoftonline.com', tenantId: TENANT, clientId: CLIENT, nameIdClaim: 'email', requireXmsEdov: true },
      guard: { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com'] },
    },
    secretsVersion: 'bench',
    identityProvider: IDP,
    callbackUrl: CALLBACK,
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
