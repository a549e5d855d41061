import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetTenants } from '../../src/core/oidc/relying-party';
import { createForgeAdmin } from '../../src/forge/admin-runtime';
import { createForgeBridge } from '../../testkit/forge-bridge';
import type { ForgePlatform } from '../../src/forge/platform';
import { createEntraStandIn, type EntraStandIn } from '../../src/demo/entra-stand-in';
import { CookieBrowser } from '../../testkit/cookie-browser';
import { ForgeRuntimeDouble, siteDouble, type SiteDouble } from '../../testkit/forge-runtime';
import { signInAtEntra } from '../../testkit/login-harness';
import { independentSp } from '../../testkit/node-saml-sp';
import { readPostForm } from '../../testkit/post-form';

/**
 * Two customers' sites served by one warm process, as Forge may do: each has its own
 * storage, web-trigger host, Entra ID tenant and Guard. Everything either site sees must
 * name only that site.
 */
const CLIENT_SECRET = 'Xy8Q~tenant-safety-secret-value.12345';

interface Customer {
  readonly site: SiteDouble;
  readonly tenantId: string;
  readonly clientId: string;
  readonly domain: string;
  readonly user: { oid: string; email: string };
  readonly guard: { entityId: string; acsUrl: string };
  entra?: EntraStandIn;
}

const A: Customer = {
  site: siteDouble('11111111-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1b2c3.webtrigger.atlassian.app'),
  tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a',
  clientId: 'aaaaaaaa-1111-4111-8111-11111111111a',
  domain: 'contoso.com',
  user: { oid: '00000000-0000-0000-0000-00000000a11c', email: 'alice@contoso.com' },
  guard: { entityId: 'https://auth.atlassian.com/saml/aaaaaaaa-5b4a-4392-8170-6f5e4d3c2b1a', acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-aaaaaaaa-5b4a-4392-8170-6f5e4d3c2b1a' },
};
const B: Customer = {
  site: siteDouble('22222222-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'd4e5f6.webtrigger.atlassian.app'),
  tenantId: 'bbbbbbbb-0000-4000-8000-00000000000b',
  clientId: 'bbbbbbbb-1111-4111-8111-11111111111b',
  domain: 'fabrikam.com',
  user: { oid: '00000000-0000-0000-0000-00000000b0b0', email: 'bob@fabrikam.com' },
  guard: { entityId: 'https://auth.atlassian.com/saml/bbbbbbbb-5b4a-4392-8170-6f5e4d3c2b1a', acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-bbbbbbbb-5b4a-4392-8170-6f5e4d3c2b1a' },
};

let server: Server;
beforeAll(async () => {
  server = createServer((request, response) => {
    for (const customer of [A, B]) if (customer.entra?.handle(request, response)) return;
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [customer, path] of [[A, '/tenant-a'], [B, '/tenant-b']] as const) {
    customer.entra = createEntraStandIn({
      origin,
      basePath: path,
      tenantId: customer.tenantId,
      clients: [{ clientId: customer.clientId, clientSecret: CLIENT_SECRET, redirectUris: [customer.site.urls['oidc-callback'] ?? ''] }],
      users: [{ ...customer.user, givenName: 'Given', familyName: 'Family', emailDomainVerified: true }],
    });
  }
  forgetTenants();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function webTriggerRequest(method: 'GET' | 'POST', url: string, browser: CookieBrowser, form?: Record<string, string>): WebTriggerRequest {
  const parsed = new URL(url);
  const queryParameters: Record<string, string[]> = {};
  for (const [name, value] of parsed.searchParams) (queryParameters[name] ??= []).push(value);
  const headers: Record<string, string[]> = { Accept: ['text/html'] };
  const cookie = browser.cookieHeader(url);
  if (cookie !== undefined) headers['Cookie'] = [cookie];
  if (form !== undefined) headers['Content-Type'] = ['application/x-www-form-urlencoded'];
  return { method, path: parsed.pathname, headers, queryParameters, body: form === undefined ? '' : new URLSearchParams(form).toString() };
}

const header = (response: WebTriggerResponse, name: string) => response.headers?.[name]?.[0];

interface SetupAnswer {
  endpoints: Record<string, string>;
  signing: { certificatePem: string };
  guard?: { spEntityId: string };
}

/**
 * The scenario: both sites set up, then sign-ins, metadata and getSetup in the order A, B, A,
 * all through one bridge and one resolver made once, as the app's modules make them.
 * Returns what went wrong, in words; empty when every answer named only its own site.
 */
async function twoSitesThroughOneProcess(runtime: ForgeRuntimeDouble, platform: ForgePlatform): Promise<string[]> {
  const problems: string[] = [];
  const bridge = createForgeBridge(platform, { timeoutSeconds: 2 });
  const resolve = createForgeAdmin(platform, { timeoutSeconds: 2 });
  const certificates = new Map<Customer, string>();

  for (const customer of [A, B]) {
    await runtime.invoke(customer.site, async () => {
      const answers = [
        await resolve('saveEntraStep', { authority: customer.entra?.authority, tenantId: customer.tenantId, clientId: customer.clientId, clientSecret: CLIENT_SECRET }),
        await resolve('saveGuardStep', { spEntityId: customer.guard.entityId, acsUrl: customer.guard.acsUrl, allowedDomains: [customer.domain] }),
        await resolve('createSigningKey', {}),
      ];
      for (const answer of answers) if (!answer.ok) problems.push(`setup of ${customer.domain}: ${JSON.stringify(answer.error)}`);
      const setup = (await resolve('getSetup', {})) as { ok: true; value: SetupAnswer };
      certificates.set(customer, setup.value.signing.certificatePem);
    });
  }

  for (const customer of [A, B, A]) {
    const other = customer === A ? B : A;
    const { site } = customer;
    await runtime.invoke(site, async () => {
      const setup = (await resolve('getSetup', {})) as { ok: boolean; value: SetupAnswer };
      if (setup.value.endpoints['ssoUrl'] !== site.urls['saml-sso']) problems.push(`${customer.domain}'s wizard shows SSO URL ${setup.value.endpoints['ssoUrl']}`);
      if (setup.value.endpoints['idpEntityId'] !== site.urls['saml-metadata']) problems.push(`${customer.domain}'s wizard shows Entity ID ${setup.value.endpoints['idpEntityId']}`);
      if (setup.value.signing.certificatePem !== certificates.get(customer)) problems.push(`${customer.domain}'s wizard shows another certificate`);

      const metadata = await bridge.metadata(webTriggerRequest('GET', site.urls['saml-metadata'] ?? '', new CookieBrowser()));
      if (!metadata.body?.includes(`entityID="${site.urls['saml-metadata']}"`)) problems.push(`${customer.domain}'s metadata names another Entity ID`);
      if (metadata.body?.includes(other.site.urls['saml-sso'] ?? '-')) problems.push(`${customer.domain}'s metadata names ${other.domain}'s SSO URL`);
    });

    const guard = independentSp({
      serviceProvider: customer.guard,
      idpCertificatePem: certificates.get(customer) ?? '',
      ssoUrl: site.urls['saml-sso'] ?? '',
      idpEntityId: site.urls['saml-metadata'] ?? '',
    });
    const browser = new CookieBrowser();
    const ssoUrl = await guard.getAuthorizeUrlAsync('relay', undefined, {});
    const toEntra = await runtime.invoke(site, () => bridge.sso(webTriggerRequest('GET', ssoUrl, browser)));
    if (toEntra.statusCode !== 302) {
      problems.push(`${customer.domain}'s own Guard is refused: ${/[A-Z_]{8,}/.exec(toEntra.body ?? '')?.[0] ?? toEntra.statusCode}`);
      continue;
    }
    const location = header(toEntra, 'Location') ?? '';
    if (!location.startsWith(customer.entra?.authority ?? '-')) problems.push(`${customer.domain} is sent to another tenant: ${location.slice(0, 60)}`);
    browser.storeCookie(header(toEntra, 'Set-Cookie') ?? '', ssoUrl);
    const states = (s: SiteDouble) => [...s.kvs.plain.values()].filter((entry) => entry.json.includes(customer.guard.entityId)).length;
    if (states(other.site) > 0) problems.push(`a login state with ${customer.domain}'s Guard settings is in ${other.domain}'s storage`);

    let fields: Record<string, string>;
    try {
      fields = await signInAtEntra(browser, location, customer.user.oid, site.urls['oidc-callback']);
    } catch (error) {
      problems.push(`${customer.domain} at Entra ID: ${(error as Error).message}`);
      continue;
    }
    const toGuard = await runtime.invoke(site, () => bridge.callback(webTriggerRequest('POST', site.urls['oidc-callback'] ?? '', browser, fields)));
    if (toGuard.statusCode !== 200) {
      problems.push(`${customer.domain}'s callback: ${/[A-Z_]{8,}/.exec(toGuard.body ?? '')?.[0] ?? toGuard.statusCode}`);
      continue;
    }
    const form = readPostForm(toGuard.body ?? '');
    if (form.action !== customer.guard.acsUrl) problems.push(`${customer.domain}'s Response goes to ${form.action}`);
    try {
      const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: form.fields['SAMLResponse'] ?? '', RelayState: 'relay' });
      if (profile?.nameID !== customer.user.email) problems.push(`${customer.domain}'s Guard got ${profile?.nameID}`);
      if (profile?.issuer !== site.urls['saml-metadata']) problems.push(`${customer.domain}'s Response is issued by ${profile?.issuer}`);
    } catch (error) {
      problems.push(`${customer.domain}'s Guard refuses the Response: ${(error as Error).message}`);
    }
  }
  return problems;
}

describe('one warm Forge process serving two sites', () => {
  it('gives each site only its own URLs, settings, certificate and Guard, in the order A, B, A', async () => {
    for (const customer of [A, B]) {
      customer.site.kvs.plain.clear();
      customer.site.kvs.secrets.clear();
    }
    const runtime = new ForgeRuntimeDouble([A.site, B.site]);
    expect(await twoSitesThroughOneProcess(runtime, runtime.platform)).toEqual([]);
    // Each site's storage holds only its own customer's settings.
    expect(JSON.stringify([...A.site.kvs.plain.values()])).not.toContain(B.guard.entityId);
    expect(JSON.stringify([...B.site.kvs.plain.values()])).not.toContain(A.guard.entityId);
  });

  it('would mix the sites if state were not keyed by installation (the check above can fail)', async () => {
    for (const customer of [A, B]) {
      customer.site.kvs.plain.clear();
      customer.site.kvs.secrets.clear();
    }
    const runtime = new ForgeRuntimeDouble([A.site, B.site]);
    // The same platform, but every invocation claims one installation: the caches of the
    // first site are handed to the second, as module-level state would be.
    const unkeyed: ForgePlatform = { ...runtime.platform, installation: () => 'one-for-all' };
    const problems = await twoSitesThroughOneProcess(runtime, unkeyed);
    expect(problems.join('\n')).toMatch(/wizard shows SSO URL|metadata names another Entity ID|own Guard is refused/);
  });

  it('answers a page with its own code, never another site’s data, when the invocation has no installation', async () => {
    const runtime = new ForgeRuntimeDouble([A.site]);
    const bridge = createForgeBridge(runtime.platform);
    // Called outside any invocation: getAppContext() has nothing to say.
    const response = await bridge.sso(webTriggerRequest('GET', `${A.site.urls['saml-sso']}?SAMLRequest=x`, new CookieBrowser()));
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('FORGE_INSTALLATION_UNKNOWN');
    const resolve = createForgeAdmin(runtime.platform);
    expect(await resolve('getSetup', {})).toMatchObject({ ok: false, error: { code: 'FORGE_INSTALLATION_UNKNOWN' } });
  });
});
