import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupView } from '../../src/core/setup/setup-view';
import type { LocalServer } from '../../src/local/server';
import { invokeAdmin } from '../../testkit/admin-invoke';
import { configuredBridge } from '../../testkit/configured-bridge';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { startMixUpProvider, type MixUpProvider } from '../../testkit/mix-up-provider';
import { independentSp } from '../../testkit/node-saml-sp';
import { GUARD_SP } from '../../testkit/constants';
import { readPostForm } from '../../testkit/post-form';

/**
 * The OAuth mix-up between connections (RFC 9700 §4.4.2), over HTTP through the local
 * runtime. Three directories behind one Guard IdP: step 1's Entra ID tenant (contoso.com),
 * an honest OpenID provider (fabrikam.org, which names itself in its answers: RFC 9207), and
 * `partner`, run by an attacker. The attacker starts a contoso.com sign-in in their own
 * browser and keeps its state, nonce and PKCE challenge; sends the victim to the bridge's
 * start for the partner's domain; the partner's authorization endpoint bounces the victim to
 * Entra ID with the victim's state but the attacker's nonce and challenge. Entra ID posts
 * Alice's code to the bridge. Before the fix the bridge redeemed it at the partner's token
 * endpoint, and the attacker, posting that code with their own state, got Alice's assertion.
 */
const FRANK = { oid: 'f4a2c0de-0000-4000-8000-00000000f4a2', email: 'frank@fabrikam.org', givenName: 'Frank', familyName: 'Fab', emailVerified: true };

let server: LocalServer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let fabrikam: Awaited<ReturnType<typeof startEntraServer>>;
let partner: MixUpProvider;
let dataDir: string;
let certificate = '';

const invoke = (action: string, payload: unknown) => invokeAdmin(server, action, payload);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-mix-up-'));
  const port = await freePort();
  const callback = `http://127.0.0.1:${port}/oidc/callback`;
  // Entra ID knows only step 1's Redirect URI for the bridge's app registration.
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: callback, users: Object.values(USERS) });
  fabrikam = await startEntraServer({ tenantId: '0000fab0-0000-4000-8000-000000000fab', clientId: 'fabrikam-bridge', clientSecret: 'fabrikam-secret-0123456789', redirectUri: `${callback}/fabrikam`, users: [FRANK], issInAuthorizationResponse: true });
  partner = await startMixUpProvider();
  server = await configuredBridge({ port, dataDir, authority: entra.entra.authority });
  for (const connection of [
    { id: 'fabrikam', kind: 'oidc', preset: 'generic', issuer: fabrikam.entra.issuer, clientId: 'fabrikam-bridge', allowedDomains: ['fabrikam.org'], clientSecret: 'fabrikam-secret-0123456789' },
    { id: 'partner', kind: 'oidc', preset: 'generic', issuer: partner.issuer, clientId: 'partner-client', allowedDomains: ['partner.example'], clientSecret: 'partner-secret' },
  ]) {
    const saved = await invoke('saveConnection', { ...connection, confirmTrustChange: true });
    expect(saved.ok).toBe(true);
    certificate = (saved.value as SetupView).signing?.certificatePem ?? '';
  }
});
afterAll(async () => {
  await server?.close();
  await entra?.close();
  await fabrikam?.close();
  await partner?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The directory's login page, a user picked, and the form_post the directory sends back. */
async function atDirectory(browser: CookieBrowser, authorizeUrl: string, oid: string): Promise<{ action: string; fields: Record<string, string>; status: number }> {
  const loginPage = await browser.follow(authorizeUrl);
  if (loginPage.response.status !== 200) return { action: '', fields: {}, status: loginPage.response.status };
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: oid } });
  return { ...readHtmlForm(await formPost.response.text(), formPost.url), status: formPost.response.status };
}

async function nameIdOf(body: string): Promise<string | undefined> {
  const sp = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: certificate, ssoUrl: `${server.url}/saml/sso`, validateInResponseTo: 'never' as never });
  const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: readPostForm(body).fields['SAMLResponse'] ?? '' });
  return profile?.nameID;
}

/** An IdP-initiated start for a domain, as a link to the bridge would make it. */
async function startFor(browser: CookieBrowser, domain: string): Promise<string> {
  const start = await browser.request(`${server.url}/saml/login?domain=${domain}`);
  expect(start.status).toBe(302);
  return start.headers.get('location') ?? '';
}

describe('OAuth mix-up between directories (RFC 9700 §4.4.2)', () => {
  it('gives each directory a Redirect URI of its own; the first keeps the callback URL', async () => {
    const setup = (await invoke('getSetup', {})).value as SetupView;
    expect(setup.endpoints.callbackUrl).toBe(`${server.url}/oidc/callback`);
    expect(setup.connections?.map((c) => [c.id, c.redirectUri])).toEqual([
      ['fabrikam', `${server.url}/oidc/callback/fabrikam`],
      ['partner', `${server.url}/oidc/callback/partner`],
    ]);
    expect(new URL(await startFor(new CookieBrowser(), 'partner.example')).searchParams.get('redirect_uri')).toBe(`${server.url}/oidc/callback/partner`);
    expect(new URL(await startFor(new CookieBrowser(), 'contoso.com')).searchParams.get('redirect_uri')).toBe(`${server.url}/oidc/callback`);
  });

  it('refuses a victim’s code that a partner directory sent on to Entra ID, before any token request: no code reaches the partner, nothing is signed', async () => {
    // The attacker's own contoso.com sign-in: its state, nonce and challenge are the attacker's.
    const attacker = new CookieBrowser();
    const attackerAuthorize = new URL(await startFor(attacker, 'contoso.com'));
    const attackerState = attackerAuthorize.searchParams.get('state') ?? '';
    partner.bounce = {
      authorizationEndpoint: `${attackerAuthorize.origin}${attackerAuthorize.pathname}`,
      clientId: attackerAuthorize.searchParams.get('client_id') ?? '',
      redirectUri: attackerAuthorize.searchParams.get('redirect_uri') ?? '',
      nonce: attackerAuthorize.searchParams.get('nonce') ?? '',
      codeChallenge: attackerAuthorize.searchParams.get('code_challenge') ?? '',
    };
    // The victim follows a link to the partner's domain, and signs in at Entra ID as Alice.
    const victim = new CookieBrowser();
    const back = await atDirectory(victim, await startFor(victim, 'partner.example'), USERS.alice.oid);
    expect(partner.authorizationRequests).toHaveLength(1);
    expect(back.action).toBe(`${server.url}/oidc/callback`);
    expect(back.fields['code']).toBeDefined();
    const answer = await victim.request(back.action, { form: back.fields });
    const page = await answer.text();
    expect(page).not.toContain('SAMLResponse');
    // The harm itself: whatever code reached the partner, posted by the attacker with their own state.
    const stolen = partner.tokenRequests.map((body) => body.get('code')).find((code): code is string => code !== null);
    if (stolen !== undefined) {
      const redeemed = await attacker.request(`${server.url}/oidc/callback`, { form: { code: stolen, state: attackerState } });
      const body = await redeemed.text();
      expect(body.includes('SAMLResponse') ? await nameIdOf(body) : undefined).not.toBe('alice.anders@contoso.com');
    }
    // Refused before any token request: no code ever reached the partner's token endpoint.
    expect(partner.tokenRequests).toHaveLength(0);
    expect(answer.status).toBe(403);
    expect(page).toContain('<code>OIDC_CONNECTION_MISMATCH</code>');
    // The page names no directory.
    expect(page).not.toMatch(/partner|fabrikam|primary/);
  });

  it('refuses a partner that bounces to Entra ID with its own Redirect URI: Entra ID does not know it, and nothing comes back', async () => {
    const attacker = new CookieBrowser();
    const attackerAuthorize = new URL(await startFor(attacker, 'contoso.com'));
    partner.bounce = {
      authorizationEndpoint: `${attackerAuthorize.origin}${attackerAuthorize.pathname}`,
      clientId: CLIENT_ID,
      redirectUri: `${server.url}/oidc/callback/partner`,
      nonce: attackerAuthorize.searchParams.get('nonce') ?? '',
      codeChallenge: attackerAuthorize.searchParams.get('code_challenge') ?? '',
    };
    const victim = new CookieBrowser();
    const bounced = await victim.follow(await startFor(victim, 'partner.example'));
    expect(bounced.response.status).toBe(400);
    expect(await bounced.response.text()).toMatch(/redirect_uri/);
    expect(partner.tokenRequests).toHaveLength(0);
  });

  it('still signs in the people of each honest directory', async () => {
    const alice = new CookieBrowser();
    const aliceBack = await atDirectory(alice, await startFor(alice, 'contoso.com'), USERS.alice.oid);
    const aliceAnswer = await alice.request(aliceBack.action, { form: aliceBack.fields });
    expect(await nameIdOf(await aliceAnswer.text())).toBe('alice.anders@contoso.com');
    const frank = new CookieBrowser();
    const frankBack = await atDirectory(frank, await startFor(frank, 'fabrikam.org'), FRANK.oid);
    expect(frankBack.action).toBe(`${server.url}/oidc/callback/fabrikam`);
    // This directory names itself in its answers (RFC 9207), and says so in its discovery.
    expect(frankBack.fields['iss']).toBe(fabrikam.entra.issuer);
    const frankAnswer = await frank.request(frankBack.action, { form: frankBack.fields });
    expect(await nameIdOf(await frankAnswer.text())).toBe('frank@fabrikam.org');
  });

  it('requires iss from a directory that advertises it, and compares it, before the code goes anywhere', async () => {
    for (const [change, code] of [
      [(fields: Record<string, string>) => delete fields['iss'], 'OIDC_ISSUER_MISSING'],
      [(fields: Record<string, string>) => (fields['iss'] = entra.entra.issuer), 'OIDC_ISSUER_MISMATCH'],
    ] as const) {
      const frank = new CookieBrowser();
      const back = await atDirectory(frank, await startFor(frank, 'fabrikam.org'), FRANK.oid);
      change(back.fields);
      const before = fabrikam.tokenRequests;
      const answer = await frank.request(back.action, { form: back.fields });
      expect(answer.status).toBe(403);
      const page = await answer.text();
      expect(page).toContain(`<code>${code}</code>`);
      expect(page).not.toContain('SAMLResponse');
      expect(fabrikam.tokenRequests).toBe(before);
    }
  });

  it('refuses an answer at an address that is no Redirect URI, or another directory’s, without spending the state', async () => {
    const browser = new CookieBrowser();
    const back = await atDirectory(browser, await startFor(browser, 'contoso.com'), USERS.alice.oid);
    for (const path of ['/oidc/callback/primary', '/oidc/callback/fabrikam/x', '/oidc/callback/FABRIKAM', '/oidc/callback/', '/oidc/callback/%66abrikam']) {
      const answer = await browser.request(`${server.url}${path}`, { form: back.fields });
      expect(answer.status).toBe(404);
      expect(await answer.text()).toContain('<code>OIDC_REDIRECT_URI_UNKNOWN</code>');
    }
    // A name shaped like a directory's is judged by the sign-in's own: not this one.
    for (const path of ['/oidc/callback/fabrikam', '/oidc/callback/nobody']) {
      const answer = await browser.request(`${server.url}${path}`, { form: back.fields });
      expect(await answer.text()).toContain('<code>OIDC_CONNECTION_MISMATCH</code>');
    }
    // The state was not spent: the right address still finishes the sign-in.
    const answer = await browser.request(back.action, { form: back.fields });
    expect(await nameIdOf(await answer.text())).toBe('alice.anders@contoso.com');
  });
});

describe('a victim’s state in a stranger’s hands', () => {
  it('cannot be spent by a browser that did not start the sign-in: neither by a code nor by an error', async () => {
    const victim = new CookieBrowser();
    const back = await atDirectory(victim, await startFor(victim, 'contoso.com'), USERS.alice.oid);
    const stranger = new CookieBrowser();
    const withCode = await stranger.request(back.action, { form: { state: back.fields['state'] ?? '', code: 'forged' } });
    expect(await withCode.text()).toContain('<code>OIDC_BROWSER_MISMATCH</code>');
    const withError = await stranger.request(back.action, { form: { state: back.fields['state'] ?? '', error: 'access_denied' } });
    expect(withError.status).toBe(403);
    // The victim's sign-in is intact.
    const answer = await victim.request(back.action, { form: back.fields });
    expect(await nameIdOf(await answer.text())).toBe('alice.anders@contoso.com');
  });
});
