import Resolver from '@forge/resolver';
import type { WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ACTION_NAMES as ADMIN_ACTIONS } from '../../src/core/setup/action-table';
import { forgetTenants } from '../../src/core/oidc/relying-party';
import { createForgeAdmin } from '../../src/forge/admin-runtime';
import { createForgeBridge } from '../../testkit/forge-bridge';
import type { ForgePlatform } from '../../src/forge/platform';
import { webTriggerOf } from '../../src/core/endpoints/routes';
import { CookieBrowser } from '../../testkit/cookie-browser';
import { startEntraServer } from '../../testkit/entra-server';
import { GUARD_SP } from '../../testkit/constants';
import { KvsDouble } from '../../testkit/kvs-double';
import { USERS, signInAtEntra, useHarness, type Harness } from '../../testkit/login-harness';
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { independentSp, ValidateInResponseTo } from '../../testkit/node-saml-sp';
import { readPostForm } from '../../testkit/post-form';

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});

// Web-trigger URLs as webTrigger.getUrl would give them; the callback is the one the stand-in knows.
const URLS: Record<string, string> = {
  [webTriggerOf('ssoUrl')]: 'https://bridge.example.net/saml/sso',
  [webTriggerOf('idpInitiatedUrl')]: 'https://bridge.example.net/saml/login',
  [webTriggerOf('callbackUrl')]: CALLBACK_URL,
  [webTriggerOf('metadataUrl')]: 'https://bridge.example.net/saml/metadata',
};

function platform(kvs: KvsDouble, isAdmin: boolean | 'error' = true): ForgePlatform {
  return {
    kvs: kvs.api,
    installation: () => "installation-a",
    webTriggerUrl: async (key) => URLS[key] ?? `https://bridge.example.net/${key}`,
    // Jira's Get my permissions, as documented: { permissions: { ADMINISTER: { havePermission } } }
    requestJiraAsUser: async () =>
      isAdmin === 'error'
        ? { ok: false, status: 500, json: async () => ({ errorMessages: ['boom'] }) }
        : { ok: true, status: 200, json: async () => ({ permissions: { ADMINISTER: { key: 'ADMINISTER', havePermission: isAdmin } } }) },
  };
}

/** The path of each trigger's URL: what follows one in a request is Forge's `userPath`. */
const TRIGGER_PATHS = [...Object.values(URLS), 'https://bridge.example.net/health'].map((url) => new URL(url).pathname);

/** A web-trigger request in the documented shape: headers and query values as arrays, names in any case, the path after the trigger's URL in userPath. */
function webTriggerRequest(method: 'GET' | 'POST', url: string, browser: CookieBrowser, form?: Record<string, string>): WebTriggerRequest & { userPath: string } {
  const parsed = new URL(url);
  const trigger = TRIGGER_PATHS.find((path) => parsed.pathname === path || parsed.pathname.startsWith(`${path}/`));
  const queryParameters: Record<string, string[]> = {};
  for (const [name, value] of parsed.searchParams) (queryParameters[name] ??= []).push(value);
  const headers: Record<string, string[]> = { Accept: ['text/html'], 'User-Agent': ['Mozilla/5.0'] };
  const cookie = browser.cookieHeader(url);
  if (cookie !== undefined) headers['Cookie'] = [cookie];
  if (form !== undefined) headers['Content-Type'] = ['application/x-www-form-urlencoded'];
  return { method, path: parsed.pathname, userPath: trigger === undefined ? '' : parsed.pathname.slice(trigger.length), headers, queryParameters, body: form === undefined ? '' : new URLSearchParams(form).toString() };
}

function header(response: WebTriggerResponse, name: string): string | undefined {
  return response.headers?.[name]?.[0];
}

async function configure(kvs: KvsDouble) {
  const resolve = createForgeAdmin(platform(kvs), { timeoutSeconds: 2 });
  const answers = [
    await resolve('saveEntraStep', { authority: h.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
    await resolve('saveGuardStep', { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] }),
    await resolve('createSigningKey', {}),
    await resolve('testEntraConnection', {}),
  ];
  for (const answer of answers) expect(answer.ok).toBe(true);
  const setup = (await resolve('getSetup', {})) as { ok: true; value: { signing: { certificatePem: string }; endpoints: Record<string, string> } };
  return { resolve, setup: setup.value, answers };
}

describe('the Forge app', () => {
  it('signs a person in end to end through its web triggers, counting storage round trips', async () => {
    const kvs = new KvsDouble();
    const { setup } = await configure(kvs);
    expect(setup.endpoints).toMatchObject({ ssoUrl: URLS['saml-sso'], callbackUrl: CALLBACK_URL, idpEntityId: URLS['saml-metadata'] });
    const bridge = createForgeBridge(platform(kvs), { timeoutSeconds: 2 });
    const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: setup.signing.certificatePem, ssoUrl: setup.endpoints['ssoUrl'] ?? '', idpEntityId: URLS['saml-metadata'] });

    const trips: Record<string, number> = {};
    for (const round of ['cold', 'warm']) {
      const browser = new CookieBrowser();
      const ssoUrl = await guard.getAuthorizeUrlAsync(`relay-${round}`, undefined, {});
      // Each function is its own process: a cold one has nothing in memory, not even the discovery document.
      if (round === 'cold') forgetTenants();
      let before = kvs.roundTrips;
      const toEntra = await bridge.sso(webTriggerRequest('GET', ssoUrl, browser));
      trips[`start-${round}`] = kvs.roundTrips - before;
      expect(toEntra.statusCode).toBe(302);
      expect(toEntra.headers?.['Location']).toHaveLength(1);
      browser.storeCookie(header(toEntra, 'Set-Cookie') ?? '', ssoUrl);

      const fields = await signInAtEntra(browser, header(toEntra, 'Location') ?? '', USERS.alice.oid);
      if (round === 'cold') forgetTenants();
      before = kvs.roundTrips;
      const toGuard = await bridge.callback(webTriggerRequest('POST', CALLBACK_URL, browser, fields));
      trips[`callback-${round}`] = kvs.roundTrips - before;
      expect(toGuard.statusCode).toBe(200);
      expect(header(toGuard, 'Content-Type')).toBe('text/html; charset=utf-8');
      expect(header(toGuard, 'Content-Security-Policy')).toMatch(/^default-src 'none'/);
      const form = readPostForm(toGuard.body ?? '');
      const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: form.fields['SAMLResponse'] ?? '', RelayState: `relay-${round}` });
      expect(profile?.nameID).toBe('alice.anders@contoso.com');
    }
    // Cold: configuration + the tenant's discovery document + login state; read the login
    // state + claim it + configuration (the state holds only a digest of the settings) +
    // the discovery document + secrets + trail (the document comes from storage, kept
    // there by the wizard's connection test, instead of from Entra ID).
    // Warm: the cached reads go. Claiming is its own write (FAIL_IF_EXISTS, the documented primitive).
    expect(trips).toEqual({ 'start-cold': 3, 'callback-cold': 6, 'start-warm': 1, 'callback-warm': 3 });
  });

  it('signs exactly one Response when the same callback arrives twice at once, round after round', async () => {
    const kvs = new KvsDouble();
    const { setup } = await configure(kvs);
    kvs.interleave = true;
    const bridge = createForgeBridge(platform(kvs), { timeoutSeconds: 2 });
    const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: setup.signing.certificatePem, ssoUrl: URLS['saml-sso'] ?? '' });
    const outcomes: string[] = [];
    for (let round = 0; round < 25; round++) {
      const browser = new CookieBrowser();
      const ssoUrl = await guard.getAuthorizeUrlAsync('', undefined, {});
      const toEntra = await bridge.sso(webTriggerRequest('GET', ssoUrl, browser));
      browser.storeCookie(header(toEntra, 'Set-Cookie') ?? '', ssoUrl);
      const fields = await signInAtEntra(browser, header(toEntra, 'Location') ?? '', USERS.alice.oid);
      const answers = await Promise.all([0, 1].map(() => bridge.callback(webTriggerRequest('POST', CALLBACK_URL, browser, fields))));
      const signed = answers.filter((answer) => (answer.body ?? '').includes('name="SAMLResponse"'));
      const replayed = answers.filter((answer) => answer.statusCode === 400 && (answer.body ?? '').includes('OIDC_STATE_REPLAYED'));
      outcomes.push(`${signed.length} signed, ${replayed.length} replayed`);
    }
    expect(new Set(outcomes)).toEqual(new Set(['1 signed, 1 replayed']));
  });

  it('rotates the signing key without locking anyone out', async () => {
    const kvs = new KvsDouble();
    const { resolve, setup } = await configure(kvs);
    const bridge = createForgeBridge(platform(kvs), { timeoutSeconds: 2, settingsCacheMs: 0 });
    async function signInTrusting(certificates: string[]): Promise<string | Error> {
      const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: certificates as unknown as string, ssoUrl: URLS['saml-sso'] ?? '' });
      const browser = new CookieBrowser();
      const ssoUrl = await guard.getAuthorizeUrlAsync('', undefined, {});
      const toEntra = await bridge.sso(webTriggerRequest('GET', ssoUrl, browser));
      browser.storeCookie(header(toEntra, 'Set-Cookie') ?? '', ssoUrl);
      const fields = await signInAtEntra(browser, header(toEntra, 'Location') ?? '', USERS.alice.oid);
      const toGuard = await bridge.callback(webTriggerRequest('POST', CALLBACK_URL, browser, fields));
      try {
        const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: readPostForm(toGuard.body ?? '').fields['SAMLResponse'] ?? '' });
        return profile?.nameID ?? '';
      } catch (error) {
        return error as Error;
      }
    }
    const current = setup.signing.certificatePem;
    const prepared = (await resolve('prepareNextSigningKey', {})) as { ok: true; value: { nextSigning: { certificatePem: string } } };
    const next = prepared.value.nextSigning.certificatePem;
    // Before activation the current key still signs: Guard with the old certificate is fine.
    expect(await signInTrusting([current])).toBe('alice.anders@contoso.com');
    // The admin adds the next certificate to Guard (metadata now lists both), then activates.
    expect(await signInTrusting([current, next])).toBe('alice.anders@contoso.com');
    // A sign-in in progress while the key changes still finishes, signed with the key it started with.
    const guardOld = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: current, ssoUrl: URLS['saml-sso'] ?? '' });
    const browser = new CookieBrowser();
    const ssoUrl = await guardOld.getAuthorizeUrlAsync('', undefined, {});
    const inFlight = await bridge.sso(webTriggerRequest('GET', ssoUrl, browser));
    browser.storeCookie(header(inFlight, 'Set-Cookie') ?? '', ssoUrl);
    await resolve('activateNextSigningKey', {});
    const fields = await signInAtEntra(browser, header(inFlight, 'Location') ?? '', USERS.alice.oid);
    const finished = await bridge.callback(webTriggerRequest('POST', CALLBACK_URL, browser, fields));
    const { profile } = await guardOld.validatePostResponseAsync({ SAMLResponse: readPostForm(finished.body ?? '').fields['SAMLResponse'] ?? '' });
    expect(profile?.nameID).toBe('alice.anders@contoso.com');
    expect(await signInTrusting([current, next])).toBe('alice.anders@contoso.com');
    expect(await signInTrusting([next])).toBe('alice.anders@contoso.com');
    // A Guard that was never told about the next certificate refuses; rolling back mends it.
    expect(await signInTrusting([current])).toBeInstanceOf(Error);
    await resolve('rollBackSigningKey', {});
    expect(await signInTrusting([current])).toBe('alice.anders@contoso.com');
  });

  it('signs a further directory in at its own Redirect URI (the callback trigger with a userPath), and refuses a mix-up before any token request', async () => {
    const frank = { oid: 'f4a2c0de-0000-4000-8000-00000000f4a2', email: 'frank@fabrikam.org', givenName: 'Frank', emailVerified: true };
    const fabrikam = await startEntraServer({ tenantId: '0000fab0-0000-4000-8000-000000000fab', clientId: 'fabrikam-bridge', clientSecret: 'fabrikam-secret-0123456789', redirectUri: `${CALLBACK_URL}/fabrikam`, users: [frank] });
    try {
      const kvs = new KvsDouble();
      const { resolve } = await configure(kvs);
      const added = (await resolve('saveConnection', { id: 'fabrikam', kind: 'oidc', preset: 'generic', issuer: fabrikam.entra.issuer, clientId: 'fabrikam-bridge', allowedDomains: ['fabrikam.org'], clientSecret: 'fabrikam-secret-0123456789', confirmTrustChange: true })) as { ok: true; value: { signing: { certificatePem: string }; connections: { redirectUri: string }[] } };
      expect(added.value.connections[0]?.redirectUri).toBe(`${CALLBACK_URL}/fabrikam`);
      const bridge = createForgeBridge(platform(kvs), { timeoutSeconds: 2 });
      // IdP-initiated: no AuthnRequest, so no InResponseTo.
      const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: added.value.signing.certificatePem, ssoUrl: URLS['saml-sso'] ?? '', validateInResponseTo: ValidateInResponseTo.never });
      const start = async () => {
        const browser = new CookieBrowser();
        const toDirectory = await bridge.idpInitiatedLogin(webTriggerRequest('GET', 'https://bridge.example.net/saml/login?domain=fabrikam.org', browser));
        browser.storeCookie(header(toDirectory, 'Set-Cookie') ?? '', URLS['saml-login'] ?? '');
        return { browser, fields: await signInAtEntra(browser, header(toDirectory, 'Location') ?? '', frank.oid, `${CALLBACK_URL}/fabrikam`) };
      };
      // The answer arrives at the callback trigger with userPath /fabrikam.
      const honest = await start();
      const signed = await bridge.callback(webTriggerRequest('POST', `${CALLBACK_URL}/fabrikam`, honest.browser, honest.fields));
      const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: readPostForm(signed.body ?? '').fields['SAMLResponse'] ?? '' });
      expect(profile?.nameID).toBe('frank@fabrikam.org');
      // The same directory's answer at step 1's address: refused, and its token endpoint never asked.
      const crossed = await start();
      const before = fabrikam.tokenRequests;
      const refused = await bridge.callback(webTriggerRequest('POST', CALLBACK_URL, crossed.browser, crossed.fields));
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('<code>OIDC_CONNECTION_MISMATCH</code>');
      expect(fabrikam.tokenRequests).toBe(before);
      // An address under the callback that is no directory's.
      expect((await bridge.callback(webTriggerRequest('POST', `${CALLBACK_URL}/fabrikam/more`, crossed.browser, crossed.fields))).statusCode).toBe(404);
    } finally {
      await fabrikam.close();
    }
  });

  it('keeps secrets in secret storage only, and login state with a TTL', async () => {
    const kvs = new KvsDouble();
    await configure(kvs);
    const plain = JSON.stringify([...kvs.plain.values()]);
    expect(plain).not.toContain(CLIENT_SECRET);
    expect(plain).not.toMatch(/PRIVATE KEY/);
    expect(JSON.stringify([...kvs.secrets.values()])).toContain(CLIENT_SECRET);
    const bridge = createForgeBridge(platform(kvs));
    const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: 'unused', ssoUrl: URLS['saml-sso'] ?? '' });
    await bridge.sso(webTriggerRequest('GET', await guard.getAuthorizeUrlAsync('', undefined, {}), new CookieBrowser()));
    const states = [...kvs.plain.entries()].filter(([key]) => key.startsWith('login-state:'));
    expect(states).toHaveLength(1);
    expect(states[0]?.[1].expiresAt).toBeGreaterThan(Date.now() + 590_000);
    expect(states[0]?.[1].expiresAt).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it('serves the IdP metadata, and says when it is not set up yet', async () => {
    const kvs = new KvsDouble();
    const bridge = createForgeBridge(platform(kvs));
    const empty = await bridge.metadata(webTriggerRequest('GET', URLS['saml-metadata'] ?? '', new CookieBrowser()));
    expect(empty.statusCode).toBe(503);
    expect(empty.body).toContain('LOGIN_NOT_CONFIGURED');
    const notConfigured = await bridge.sso(webTriggerRequest('GET', `${URLS['saml-sso'] ?? ''}?SAMLRequest=x`, new CookieBrowser()));
    expect(notConfigured.statusCode).toBe(503);
    await configure(kvs);
    const metadata = await bridge.metadata(webTriggerRequest('GET', URLS['saml-metadata'] ?? '', new CookieBrowser()));
    expect(metadata.statusCode).toBe(200);
    expect(header(metadata, 'Content-Type')).toBe('application/samlmetadata+xml; charset=utf-8');
    expect(metadata.body).toContain(`entityID="${URLS['saml-metadata']}"`);
    expect(metadata.body).toContain(`Location="${URLS['saml-sso']}"`);
  });

  it('refuses every resolver to a user who is not a Jira administrator, or when Jira cannot say', async () => {
    const kvs = new KvsDouble();
    await configure(kvs);
    const before = JSON.stringify([...kvs.plain.entries(), ...kvs.secrets.entries()]);
    for (const isAdmin of [false, 'error'] as const) {
      const resolve = createForgeAdmin(platform(kvs, isAdmin));
      for (const action of ADMIN_ACTIONS) {
        const answer = await resolve(action, { spEntityId: 'https://evil.example/', acsUrl: 'https://evil.example/acs', allowedDomains: ['evil.example'] });
        expect(answer).toMatchObject({ ok: false, error: { code: 'SETUP_FORBIDDEN' } });
      }
    }
    expect(JSON.stringify([...kvs.plain.entries(), ...kvs.secrets.entries()])).toBe(before);
  });

  it('never answers a resolver call with the client secret or the private key', async () => {
    const kvs = new KvsDouble();
    const { resolve, answers } = await configure(kvs);
    const all = [...answers];
    for (const action of ADMIN_ACTIONS) if (action !== 'createSigningKey') all.push(await resolve(action, {}));
    const serialized = JSON.stringify(all);
    expect(serialized).not.toContain(CLIENT_SECRET);
    expect(serialized).not.toMatch(/PRIVATE KEY/);
    for (const entry of kvs.secrets.values()) {
      const pem = (JSON.parse(entry.json) as { signing?: { privateKeyPem: string } }).signing?.privateKeyPem;
      if (pem !== undefined) expect(serialized).not.toContain(pem.split('\n')[1]);
    }
  });

  it('answers @forge/resolver calls in the documented invoke shape', async () => {
    const kvs = new KvsDouble();
    const resolve = createForgeAdmin(platform(kvs));
    const resolver = new Resolver();
    for (const action of ADMIN_ACTIONS) resolver.define(action, ({ payload }) => resolve(action, payload));
    const handler = resolver.getDefinitions();
    const answer = await handler({ call: { functionKey: 'saveGuardStep', payload: { spEntityId: 'not a url' } }, context: { accountId: 'x' } as never });
    expect(answer).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID', fields: { spEntityId: expect.any(String), acsUrl: expect.any(String), allowedDomains: expect.any(String) } } });
  });

  it('says the storage is unavailable when kvs fails, and recovers when it is back', async () => {
    const kvs = new KvsDouble();
    await configure(kvs);
    const bridge = createForgeBridge(platform(kvs), { settingsCacheMs: 0 });
    const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: 'unused', ssoUrl: URLS['saml-sso'] ?? '' });
    kvs.failing = new Error('KVS unavailable');
    const failed = await bridge.sso(webTriggerRequest('GET', await guard.getAuthorizeUrlAsync('', undefined, {}), new CookieBrowser()));
    expect(failed.statusCode).toBe(503);
    expect(failed.body).toContain('STORE_UNAVAILABLE');
    kvs.failing = undefined;
    const recovered = await bridge.sso(webTriggerRequest('GET', await guard.getAuthorizeUrlAsync('', undefined, {}), new CookieBrowser()));
    expect(recovered.statusCode).toBe(302);
  });
});

describe('the site check on Forge web triggers', () => {
  it('runs its steps at the health web trigger and reports each behaviour to the resolver', async () => {
    const kvs = new KvsDouble();
    const resolve = createForgeAdmin(platform(kvs));
    const bridge = createForgeBridge(platform(kvs));
    const started = (await resolve('startSiteCheck', {})) as { ok: true; value: { url: string; ticket: string } };
    expect(started.value.url.startsWith('https://bridge.example.net/health?check=')).toBe(true);
    const browser = new CookieBrowser();
    const first = await bridge.health(webTriggerRequest('GET', started.value.url, browser));
    expect(first.statusCode).toBe(302);
    const next = header(first, 'Location') ?? '';
    browser.storeCookie(header(first, 'Set-Cookie') ?? '', started.value.url);
    const checkPage = await bridge.health(webTriggerRequest('GET', next, browser));
    expect(header(checkPage, 'Content-Type')).toBe('text/html; charset=utf-8');
    const form = readPostForm(checkPage.body ?? '');
    // What the page's script does in a browser where our CSP holds.
    const posted = await bridge.health(webTriggerRequest('POST', form.action, browser, { ...form.fields, csp: 'enforced' }));
    expect(posted.statusCode).toBe(200);
    // Then a form to a path after the trigger's URL, as to a further directory's Redirect URI: it arrives in userPath.
    const suffixForm = readPostForm(posted.body ?? '');
    expect(new URL(suffixForm.action).pathname).toBe('/health/site-check-0');
    const done = await bridge.health(webTriggerRequest('POST', suffixForm.action, browser, suffixForm.fields));
    expect(done.statusCode).toBe(200);
    const report = (await resolve('getSiteCheckResult', { ticket: started.value.ticket })) as { ok: true; value: { finished: boolean; behaviours: { behaviour: string; status: string }[] } };
    expect(report.value.finished).toBe(true);
    expect(Object.fromEntries(report.value.behaviours.map((b) => [b.behaviour, b.status]))).toEqual({ html: 'passed', redirect: 'passed', cookie: 'passed', 'form-post': 'passed', 'path-suffix': 'passed' });
    // Each step runs once: a replayed step is refused with its code.
    expect((await bridge.health(webTriggerRequest('GET', next, browser))).body).toContain('SITE_CHECK_TICKET_INVALID');
    // Unknown tickets cost no write.
    const before = kvs.plain.size;
    const stranger = await bridge.health(webTriggerRequest('GET', `https://bridge.example.net/health?check=${'x'.repeat(43)}`, new CookieBrowser()));
    expect(stranger.statusCode).toBe(400);
    expect(kvs.plain.size).toBe(before);
    // Plain health still needs no storage and no site.
    expect((await bridge.health()).statusCode).toBe(200);
  });
});
