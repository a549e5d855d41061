import { describe, expect, it } from 'vitest';
import { ENTRA_AUTHORITIES, entraSettingsSchema } from '../../../src/core/config/schema';
import { authorizationUrl, forgetTenants } from '../../../src/core/oidc/relying-party';
import type { Fetch } from '../../../src/core/kernel/ports';
import { CLIENT_ID, TENANT_ID } from '../../../testkit/constants';

const OTHER_TENANT = '11111111-2222-3333-4444-555555555555';

/** Serves one discovery document for any URL, recording what was asked. */
function discoveryServing(document: Record<string, string>, asked: string[] = []): Fetch {
  return async (url) => {
    asked.push(url);
    return new Response(JSON.stringify({ ...document, response_types_supported: ['code'], id_token_signing_alg_values_supported: ['RS256'] }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

function documentFor(host: string, issuerHost = host, tenant = TENANT_ID): Record<string, string> {
  return {
    issuer: `${issuerHost}/${tenant}/v2.0`,
    authorization_endpoint: `${host}/${tenant}/oauth2/v2.0/authorize`,
    token_endpoint: `${host}/${tenant}/oauth2/v2.0/token`,
    jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`,
  };
}

async function start(authority: string, fetch: Fetch) {
  forgetTenants();
  const entra = entraSettingsSchema.parse({ authority, tenantId: TENANT_ID, clientId: CLIENT_ID });
  return authorizationUrl(
    entra,
    { redirectUri: 'https://bridge.example.net/oidc/callback', state: 's'.repeat(43), nonce: 'n'.repeat(43), codeVerifier: 'v'.repeat(43), forceAuthn: false },
    { fetch, clock: { now: () => new Date() }, timeoutSeconds: 2 },
  );
}

describe('Entra ID national clouds', () => {
  it.each(Object.values(ENTRA_AUTHORITIES))('discovers %s at its own host and sends the person there', async (authority) => {
    const asked: string[] = [];
    const url = await start(authority, discoveryServing(documentFor(authority), asked));
    expect(asked).toEqual([`${authority}/${TENANT_ID}/v2.0/.well-known/openid-configuration`]);
    expect(url.ok && url.value.origin).toBe(authority);
  });

  it('accepts China’s issuer under its former host name, while every request goes to login.partner.microsoftonline.cn', async () => {
    const asked: string[] = [];
    const url = await start(ENTRA_AUTHORITIES.china, discoveryServing(documentFor(ENTRA_AUTHORITIES.china, 'https://login.chinacloudapi.cn'), asked));
    expect(url.ok).toBe(true);
    expect(asked.every((address) => address.startsWith('https://login.partner.microsoftonline.cn/'))).toBe(true);
  });

  it.each([
    ['another tenant', documentFor(ENTRA_AUTHORITIES.global, ENTRA_AUTHORITIES.global, OTHER_TENANT), ENTRA_AUTHORITIES.global],
    ['another cloud’s issuer', documentFor(ENTRA_AUTHORITIES.global, ENTRA_AUTHORITIES.usGovernment), ENTRA_AUTHORITIES.global],
    ['China’s former host for the global cloud', documentFor(ENTRA_AUTHORITIES.global, 'https://login.chinacloudapi.cn'), ENTRA_AUTHORITIES.global],
    ['endpoints on a host outside the egress list', { ...documentFor(ENTRA_AUTHORITIES.china), token_endpoint: `https://login.chinacloudapi.cn/${TENANT_ID}/oauth2/v2.0/token` }, ENTRA_AUTHORITIES.china],
    ['an issuer with a query', { ...documentFor(ENTRA_AUTHORITIES.global), issuer: `${ENTRA_AUTHORITIES.global}/${TENANT_ID}/v2.0?x=1` }, ENTRA_AUTHORITIES.global],
  ])('refuses a discovery document naming %s', async (_what, document, authority) => {
    const url = await start(authority, discoveryServing(document));
    expect(url).toMatchObject({ ok: false, error: { code: 'OIDC_DISCOVERY_FAILED' } });
  });

  it('says “tenant not found” for AADSTS90002 (a mistyped Directory ID, not a reason to retry), and nothing else of the answer', async () => {
    const url = await start(ENTRA_AUTHORITIES.global, async () =>
      new Response('{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant \'<script>\' not found."}', { status: 400, headers: { 'content-type': 'application/json' } }),
    );
    expect(url).toMatchObject({ ok: false, error: { code: 'ENTRA_TENANT_NOT_FOUND' } });
    expect(!url.ok && url.error.detail).toMatch(/^AADSTS90002: no tenant [0-9a-f-]{36} in login\.microsoftonline\.com$/);
    expect(!url.ok && url.error.detail).not.toContain('<script>');
  });

  it('says which AADSTS error another failed discovery carried, and nothing else of the answer', async () => {
    const url = await start(ENTRA_AUTHORITIES.global, async () =>
      new Response('{"error":"temporarily_unavailable","error_description":"AADSTS90033: <b>busy</b>"}', { status: 503, headers: { 'content-type': 'application/json' } }),
    );
    expect(url).toMatchObject({ ok: false, error: { code: 'OIDC_DISCOVERY_FAILED' } });
    expect(!url.ok && url.error.detail).toMatch(/HTTP 503 \(AADSTS90033\)/);
    expect(!url.ok && url.error.detail).not.toContain('<b>');
  });
});
