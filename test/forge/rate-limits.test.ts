import { ForgeKvsAPIError } from '@forge/kvs';
import { beforeAll, describe, expect, it } from 'vitest';
import { forgetTenants } from '../../src/core/oidc/relying-party';
import type { Fetch } from '../../src/core/kernel/ports';
import { createForgeAdmin } from '../../src/forge/admin-runtime';
import { createForgeBridge } from '../../testkit/forge-bridge';
import { CookieBrowser } from '../../testkit/cookie-browser';
import { GUARD_SP } from '../../testkit/constants';
import { KvsDouble } from '../../testkit/kvs-double';
import { USERS, postCallback, startAtBridge, upToCallback, useHarness, type Harness } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { independentSp } from '../../testkit/node-saml-sp';

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});

/** What @forge/kvs throws when the Key-Value Store answers 429 RATE_LIMIT_EXCEEDED (documented). */
function kvsRateLimit(): ForgeKvsAPIError {
  return new ForgeKvsAPIError({ status: 429, statusText: 'Too Many Requests' }, { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded' });
}

const platform = (kvs: KvsDouble) => ({
  kvs: kvs.api,
  installation: () => 'installation-a',
  webTriggerUrl: async (key: string) => `https://bridge.example.net/${key}`,
  requestJiraAsUser: async () => ({ ok: true, status: 200, json: async () => ({ permissions: { ADMINISTER: { havePermission: true } } }) }),
});

const sign429 = (status: number): Fetch => async () => new Response('{"error":"temporarily_unavailable"}', { status, headers: { 'content-type': 'application/json', 'retry-after': '30' } });

describe('rate limits', () => {
  it('storage answering 429: the person gets its own page with a retry hint, and the admin its own code', async () => {
    const kvs = new KvsDouble();
    const resolve = createForgeAdmin(platform(kvs));
    await resolve('saveEntraStep', { authority: h.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    await resolve('saveGuardStep', { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] });
    const bridge = createForgeBridge(platform(kvs), { settingsCacheMs: 0 });
    kvs.failing = kvsRateLimit();
    const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: 'unused', ssoUrl: 'https://bridge.example.net/saml-sso' });
    const url = new URL(await guard.getAuthorizeUrlAsync('', undefined, {}));
    const page = await bridge.sso({ method: 'GET', path: '/', body: '', headers: {}, queryParameters: Object.fromEntries([...url.searchParams].map(([k, v]) => [k, [v]])) });
    expect(page.statusCode).toBe(429);
    expect(page.headers?.['Retry-After']).toEqual(['60']);
    expect(page.body).toContain('<code>STORE_RATE_LIMITED</code>');
    expect(page.body).toMatch(/Wait a minute/);
    expect(page.body).not.toMatch(/at \w+ \(|ForgeKvsAPIError|RATE_LIMIT_EXCEEDED/);
    expect(await resolve('getSetup', {})).toMatchObject({ ok: false, error: { code: 'STORE_RATE_LIMITED' } });
    kvs.failing = undefined;
    expect(await resolve('getSetup', {})).toMatchObject({ ok: true });
  });

  it('Entra ID answering 429 at discovery or at the token endpoint: its own page, nothing signed', async () => {
    forgetTenants();
    h.setFetch(sign429(429));
    const start = await startAtBridge(h, new CookieBrowser(), await independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: 'unused', ssoUrl: 'https://bridge.example.net/saml/sso' }).getAuthorizeUrlAsync('', undefined, {}));
    h.setFetch(undefined);
    expect(start.status).toBe(429);
    expect(start.body).toContain('<code>ENTRA_RATE_LIMITED</code>');

    const { browser, fields } = await upToCallback(h, USERS.alice.oid);
    h.setFetch(async (url, options) => (new URL(url).pathname.endsWith('/token') ? sign429(429)(url, options) : fetch(url, options as RequestInit)));
    const callback = await postCallback(h, browser, fields);
    h.setFetch(undefined);
    expect(callback.status).toBe(429);
    expect(callback.headers['Retry-After']).toBe('60');
    expect(callback.body).toContain('<code>ENTRA_RATE_LIMITED</code>');
    expect(callback.body).not.toContain('SAMLResponse');
  });
});
