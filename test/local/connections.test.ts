import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupView } from '../../src/core/setup/setup-view';
import type { LocalServer } from '../../src/local/server';
import { invokeAdmin, runTestSignIn } from '../../testkit/admin-invoke';
import { configuredBridge } from '../../testkit/configured-bridge';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { guardAuthnRequestXml, redirectEncode } from '../../testkit/guard';
import { GUARD_SP } from '../../testkit/constants';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { independentSp } from '../../testkit/node-saml-sp';
import { readPostForm } from '../../testkit/post-form';
import { withoutRefusalStamp } from '../../testkit/refusal';

/**
 * Two directories behind one Guard IdP, through the local runtime: the Entra ID tenant
 * (contoso.com) and a generic OpenID provider (fabrikam.org, with email_verified).
 */
const SP = GUARD_SP;
const GENERIC_CLIENT = 'fabrikam-bridge';
const GENERIC_SECRET = 'generic-provider-secret-0123456789';
const FRANK = { oid: 'f4a2c0de-0000-4000-8000-00000000f4a2', email: 'frank@fabrikam.org', givenName: 'Frank', familyName: 'Fab', emailVerified: true };
const UNVERIFIED = { oid: 'f4a2c0de-0000-4000-8000-0000000000ee', email: 'una@fabrikam.org', givenName: 'Una', emailVerified: false };
// An account of the generic provider claiming an address in the Entra tenant's domain.
const INTRUDER = { oid: 'f4a2c0de-0000-4000-8000-0000000000bd', email: 'ceo@contoso.com', givenName: 'Intruder', emailVerified: true };

let server: LocalServer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let generic: Awaited<ReturnType<typeof startEntraServer>>;
let dataDir: string;
let certificate = '';

const invoke = (action: string, payload: unknown) => invokeAdmin(server, action, payload);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-connections-'));
  const port = await freePort();
  const callback = `http://127.0.0.1:${port}/oidc/callback`;
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: callback, users: Object.values(USERS) });
  // The further directory knows only its own Redirect URI: the callback URL with its name.
  generic = await startEntraServer({ tenantId: '0000fab0-0000-4000-8000-000000000fab', clientId: GENERIC_CLIENT, clientSecret: GENERIC_SECRET, redirectUri: `${callback}/fabrikam`, users: [FRANK, UNVERIFIED, INTRUDER] });
  server = await configuredBridge({ port, dataDir, authority: entra.entra.authority });
  const saved = await invoke('saveConnection', { id: 'fabrikam', kind: 'oidc', preset: 'generic', issuer: generic.entra.issuer, clientId: GENERIC_CLIENT, allowedDomains: ['fabrikam.org'], clientSecret: GENERIC_SECRET, confirmTrustChange: true });
  expect(saved.ok).toBe(true);
  certificate = (saved.value as SetupView).signing?.certificatePem ?? '';
});
afterAll(async () => {
  await server?.close();
  await entra?.close();
  await generic?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function withSubject(email: string, id: string): string {
  const subject = `<saml:Subject xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${email}</saml:NameID></saml:Subject>`;
  return guardAuthnRequestXml({ id, ssoUrl: `${server.url}/saml/sso` }).replace('</samlp:AuthnRequest>', `${subject}</samlp:AuthnRequest>`);
}

/** From Guard's AuthnRequest to the answer Guard gets, picking `oid` at whichever directory the bridge chose. */
async function signIn(xml: string, oid: string, browser = new CookieBrowser()) {
  const start = await browser.request(`${server.url}/saml/sso?SAMLRequest=${encodeURIComponent(redirectEncode(xml))}`);
  const location = start.headers.get('location') ?? '';
  const loginPage = await browser.follow(location);
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: oid } });
  const toCallback = readHtmlForm(await formPost.response.text(), formPost.url);
  const answer = await browser.request(toCallback.action, { form: toCallback.fields });
  return { location, status: answer.status, body: await answer.text() };
}

async function nameIdOf(body: string): Promise<string | undefined> {
  const sp = independentSp({ serviceProvider: SP, idpCertificatePem: certificate, ssoUrl: `${server.url}/saml/sso`, validateInResponseTo: 'never' as never });
  const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: readPostForm(body).fields['SAMLResponse'] ?? '' });
  return profile?.nameID;
}

describe('two directories behind one Guard identity provider', () => {
  it('sends each domain to its own directory, and signs each person in', async () => {
    const alice = await signIn(withSubject(USERS.alice.email, '_route-a'), USERS.alice.oid);
    expect(alice.location.startsWith(entra.entra.authority)).toBe(true);
    expect(await nameIdOf(alice.body)).toBe('alice.anders@contoso.com');
    const frank = await signIn(withSubject(FRANK.email, '_route-b'), FRANK.oid);
    expect(frank.location.startsWith(generic.entra.issuer.replace(/\/[^/]+\/v2\.0$/, ''))).toBe(true);
    expect(await nameIdOf(frank.body)).toBe('frank@fabrikam.org');
  });

  it('refuses a user of one directory whose token claims a domain of the other', async () => {
    const intruder = await signIn(withSubject('anyone@fabrikam.org', '_intruder'), INTRUDER.oid);
    expect(intruder.status).toBe(403);
    expect(intruder.body).toContain('<code>CLAIMS_DOMAIN_NOT_ALLOWED</code>');
    expect(intruder.body).not.toContain('SAMLResponse');
  });

  it('refuses an email the generic provider has not verified', async () => {
    const una = await signIn(withSubject(UNVERIFIED.email, '_unverified'), UNVERIFIED.oid);
    expect(una.body).toContain('<code>CLAIMS_EMAIL_UNVERIFIED</code>');
  });

  it('asks for the work email when Guard names no one, without revealing any domain, and routes by the answer', async () => {
    const browser = new CookieBrowser();
    const xml = guardAuthnRequestXml({ id: '_discovery', ssoUrl: `${server.url}/saml/sso` });
    const page = await browser.request(`${server.url}/saml/sso?SAMLRequest=${encodeURIComponent(redirectEncode(xml))}&RelayState=keep`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/contoso|fabrikam|primary/i);
    const form = readHtmlForm(html, `${server.url}/saml/sso`);
    expect(form.fields['RelayState']).toBe('keep');
    const routed = await browser.request(form.action, { form: { ...form.fields, login_email: FRANK.email } });
    expect(routed.status).toBe(302);
    expect(routed.headers.get('location')?.startsWith(generic.entra.issuer.replace(/\/[^/]+\/v2\.0$/, ''))).toBe(true);
    // The choice is remembered for the browser session: the next sign-in does not ask again.
    expect(routed.headers.getSetCookie().some((cookie) => /^sso-bridge-directory=fabrikam; Path=\/; HttpOnly; Secure; SameSite=Lax$/.test(cookie))).toBe(true);
    const again = await browser.request(`${server.url}/saml/sso?SAMLRequest=${encodeURIComponent(redirectEncode(guardAuthnRequestXml({ id: '_discovery-2', ssoUrl: `${server.url}/saml/sso` })))}`);
    expect(again.status).toBe(302);
    expect(again.headers.get('location')?.startsWith(generic.entra.issuer.replace(/\/[^/]+\/v2\.0$/, ''))).toBe(true);
    // Another browser is asked.
    const stranger = await new CookieBrowser().request(`${server.url}/saml/sso?SAMLRequest=${encodeURIComponent(redirectEncode(guardAuthnRequestXml({ id: '_discovery-3', ssoUrl: `${server.url}/saml/sso` })))}`);
    expect(stranger.status).toBe(200);
    // An unknown domain gets a clear page; the same page whatever the rest of the address.
    const unknownA = await browser.request(form.action, { form: { ...form.fields, login_email: 'nobody@unknown.example' } });
    const unknownB = await browser.request(form.action, { form: { ...form.fields, login_email: 'ceo@unknown.example' } });
    expect(unknownA.status).toBe(400);
    const [bodyA, bodyB] = [await unknownA.text(), await unknownB.text()];
    expect(bodyA).toContain('<code>LOGIN_DOMAIN_UNKNOWN</code>');
    // Each refusal has its own time and reference; nothing else differs.
    expect(withoutRefusalStamp(bodyA)).toBe(withoutRefusalStamp(bodyB));
  });

  it('reports a test sign-in through the further directory with that directory’s issuer, client and checks, and none of step 1’s', async () => {
    const report = await runTestSignIn(server, FRANK.oid, 'fabrikam');
    expect(report).toMatchObject({ status: 'passed', nameId: 'frank@fabrikam.org', directory: { connection: 'the directory “fabrikam”', issuer: generic.entra.issuer, clientId: GENERIC_CLIENT, credential: 'the client secret' } });
    const checks = report.checks.join('\n');
    expect(checks).toContain(`/oidc/callback/fabrikam`);
    expect(checks).toContain(`audience ${GENERIC_CLIENT}`);
    expect(checks).toContain('The email claim is in fabrikam.org');
    expect(checks).toContain('email_verified');
    // This stand-in, like Entra ID, does not offer RFC 9207: the report says so, and which issuer.
    expect(checks).toContain(`does not offer the iss parameter (RFC 9207); its own Redirect URI ties the answer to ${generic.entra.issuer}`);
    // Nothing of step 1's tenant, client or Entra-only claims.
    expect(checks).not.toContain(TENANT_ID);
    expect(checks).not.toContain(CLIENT_ID);
    expect(checks).not.toContain('xms_edov');
    expect(report.claims).toEqual(expect.arrayContaining(['email', 'email_verified', 'iss', 'sub']));
    // A refusal reports the checks that held before it, and the one that did not.
    const refused = await runTestSignIn(server, UNVERIFIED.oid, 'fabrikam');
    expect(refused).toMatchObject({ status: 'failed', code: 'CLAIMS_EMAIL_UNVERIFIED', directory: { issuer: generic.entra.issuer, clientId: GENERIC_CLIENT } });
    expect(refused.checks.join('\n')).toContain('verified with a key the issuer publishes');
    expect(refused.checks.join('\n')).not.toContain('email_verified');
  });

  it('refuses, at save, a domain another connection holds, naming it', async () => {
    const overlapping = await invoke('saveConnection', { id: 'rogue', kind: 'oidc', issuer: generic.entra.issuer, clientId: GENERIC_CLIENT, allowedDomains: ['contoso.com'], clientSecret: 'x', confirmTrustChange: true });
    expect(overlapping.ok).toBe(false);
    expect(overlapping.error?.code).toBe('SETUP_INVALID');
    expect(Object.values(overlapping.error?.fields ?? {}).join(' ')).toContain('contoso.com already belongs to the connection primary');
  });

  it('treats changing and removing a connection as a change of trust, prepared until activated; export and import carry connections', async () => {
    // Unconfirmed, a change of a connection is prepared, not applied; discarded, nothing changed.
    const changed = (await invoke('saveConnection', { id: 'fabrikam', kind: 'oidc', preset: 'generic', issuer: generic.entra.issuer, clientId: GENERIC_CLIENT, allowedDomains: ['fabrikam.org', 'fabrikam.net'] })) as { ok: boolean; value: SetupView };
    expect(changed.ok).toBe(true);
    expect(changed.value.staged?.changes.map((change) => change.field)).toEqual(['connections.fabrikam']);
    expect(changed.value.signing?.certificatePem).toBe(certificate);
    expect(((await invoke('discardTrustChange', {})) as { ok: boolean }).ok).toBe(true);
    const removal = (await invoke('removeConnection', { id: 'fabrikam' })) as { ok: boolean; value: SetupView };
    expect(removal.value.staged?.changes).toEqual([{ field: 'connections.fabrikam', before: expect.any(String) }]);
    expect(removal.value.connections).toBeUndefined();
    expect(((await invoke('discardTrustChange', {})) as { ok: boolean }).ok).toBe(true);
    const exported = (await invoke('exportConfiguration', {})) as { value: { format: string; connections: { id: string; issuer: string }[] } };
    expect(exported.value.format).toBe('entra-guard-sso-bridge/configuration@2');
    expect(exported.value.connections.map((c) => c.id)).toEqual(['fabrikam']);
    expect(JSON.stringify(exported.value)).not.toContain(GENERIC_SECRET);
    // Importing the same file changes nothing of trust: no confirmation needed, same key.
    const imported = (await invoke('importConfiguration', exported.value)) as { ok: boolean; value: SetupView };
    expect(imported.ok).toBe(true);
    expect(imported.value.signing?.certificatePem).toBe(certificate);
  });
});
