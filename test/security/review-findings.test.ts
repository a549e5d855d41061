import { withoutRefusalStamp } from '../../testkit/refusal';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminRecord } from '../../src/core/audit/admin-record';
import type { SignInRecord } from '../../src/core/audit/sign-in-record';
import type { RefusalSummary } from '../../src/core/audit/refusals';
import type { SetupView } from '../../src/core/setup/setup-view';
import type { LocalServer } from '../../src/local/server';
import { invokeAdmin } from '../../testkit/admin-invoke';
import { configuredBridge } from '../../testkit/configured-bridge';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { guardAuthnRequestXml, redirectEncode } from '../../testkit/guard';
import { GUARD_SP } from '../../testkit/constants';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { startMixUpProvider, type MixUpProvider } from '../../testkit/mix-up-provider';
import { readPostForm } from '../../testkit/post-form';

/**
 * The second security review's findings 3 to 9 and the items it asked to examine, each
 * reproduced over HTTP against the local runtime (the findings 1 and 2 have files of their
 * own: mix-up.test.ts, start-bounds.test.ts). Step 1's Entra ID tenant holds contoso.com;
 * `fabrikam` is an open OpenID provider (anyone may sign up there, with any address).
 */
const FABRIKAM_SECRET = 'fabrikam-secret-value-0123456789';
const FRANK = { oid: 'f4a2c0de-0000-4000-8000-00000000f4a2', email: 'frank@fabrikam.org', givenName: 'Frank', emailVerified: true };
const UNA = { oid: 'f4a2c0de-0000-4000-8000-0000000000ee', email: 'una@fabrikam.org', givenName: 'Una', emailVerified: false };
/** A stranger who signed up at the open directory with an address of another directory's domain. */
const STRANGER = { oid: 'f4a2c0de-0000-4000-8000-0000000000bd', email: 'ceo@contoso.com', givenName: 'Stranger', emailVerified: true };

let server: LocalServer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let fabrikam: Awaited<ReturnType<typeof startEntraServer>>;
let attacker: MixUpProvider;
let dataDir: string;

const invoke = <T = unknown>(action: string, payload: unknown) => invokeAdmin<T>(server, action, payload);

const FABRIKAM = () => ({ id: 'fabrikam', kind: 'oidc', preset: 'generic', issuer: fabrikam.entra.issuer, clientId: 'fabrikam-bridge', allowedDomains: ['fabrikam.org'] });

/** Every file the bridge keeps, as one text: what an operator (or a thief of the disk) reads. */
async function everythingStored(): Promise<string> {
  const names = await readdir(dataDir);
  return (await Promise.all(names.map((name) => readFile(join(dataDir, name), 'utf8')))).join('\n');
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-review-'));
  const port = await freePort();
  const callback = `http://127.0.0.1:${port}/oidc/callback`;
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: callback, users: Object.values(USERS) });
  fabrikam = await startEntraServer({ tenantId: '0000fab0-0000-4000-8000-000000000fab', clientId: 'fabrikam-bridge', clientSecret: FABRIKAM_SECRET, redirectUri: `${callback}/fabrikam`, users: [FRANK, UNA, STRANGER], issInAuthorizationResponse: true });
  attacker = await startMixUpProvider({ offersClientCredentials: true });
  server = await configuredBridge({ port, dataDir, authority: entra.entra.authority });
  expect((await invoke('saveConnection', { ...FABRIKAM(), clientSecret: FABRIKAM_SECRET, confirmTrustChange: true })).ok).toBe(true);
});
afterAll(async () => {
  await server?.close();
  await entra?.close();
  await fabrikam?.close();
  await attacker?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function signInAt(domain: string, oid: string): Promise<{ status: number; body: string }> {
  const browser = new CookieBrowser();
  const start = await browser.request(`${server.url}/saml/login?domain=${domain}`);
  const loginPage = await browser.follow(start.headers.get('location') ?? '');
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: oid } });
  const back = readHtmlForm(await formPost.response.text(), formPost.url);
  const answer = await browser.request(back.action, { form: back.fields });
  return { status: answer.status, body: await answer.text() };
}

describe('finding 3: a stored client secret is sent only to the client it was saved for', () => {
  it('refuses to re-point a directory at another issuer or client without its new secret, and a test sends the old one nowhere', async () => {
    const repointed = await invoke('saveConnection', { ...FABRIKAM(), issuer: attacker.issuer, confirmTrustChange: true });
    await invoke('testDirectory', { id: 'fabrikam' });
    // The harm: the write-only secret in the attacker's token requests.
    expect(attacker.tokenRequests.map((body) => body.get('client_secret'))).not.toContain(FABRIKAM_SECRET);
    expect(repointed).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID', fields: { clientSecret: expect.stringContaining('new client') } } });
    const reclient = await invoke('saveConnection', { ...FABRIKAM(), clientId: 'another-client', confirmTrustChange: true });
    expect(reclient).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID' } });
    // With the new client's own secret the change is saved; the old secret is not kept beside it.
    expect((await invoke('saveConnection', { ...FABRIKAM(), issuer: attacker.issuer, clientSecret: 'the-attackers-own-secret', confirmTrustChange: true })).ok).toBe(true);
    expect(await everythingStored()).not.toContain(FABRIKAM_SECRET);
    expect((await invoke('saveConnection', { ...FABRIKAM(), clientSecret: FABRIKAM_SECRET, confirmTrustChange: true })).ok).toBe(true);
    expect((await signInAt('fabrikam.org', FRANK.oid)).status).toBe(200);
  });

  it('takes a removed directory’s secret with it: re-adding the same name needs a secret again', async () => {
    expect((await invoke('removeConnection', { id: 'fabrikam', confirmTrustChange: true })).ok).toBe(true);
    expect(await everythingStored()).not.toContain(FABRIKAM_SECRET);
    expect(await invoke('saveConnection', { ...FABRIKAM(), confirmTrustChange: true })).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID', fields: { clientSecret: expect.any(String) } } });
    expect((await invoke('saveConnection', { ...FABRIKAM(), clientSecret: FABRIKAM_SECRET, confirmTrustChange: true })).ok).toBe(true);
  });

  it('leaves no secret of a directory an import drops', async () => {
    const exported = (await invoke<{ connections: unknown[] }>('exportConfiguration', {})).value;
    expect((await invoke('importConfiguration', { ...exported, connections: [], confirmTrustChange: true })).ok).toBe(true);
    expect(await everythingStored()).not.toContain(FABRIKAM_SECRET);
    expect(await invoke('saveConnection', { ...FABRIKAM(), confirmTrustChange: true })).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID' } });
    expect((await invoke('saveConnection', { ...FABRIKAM(), clientSecret: FABRIKAM_SECRET, confirmTrustChange: true })).ok).toBe(true);
  });

  it('holds step 1 to the same rule: a new tenant needs its own secret, and a certificate is made anew for it', async () => {
    const otherTenant = '11111111-2222-4333-8444-555555555555';
    const step1 = { authority: entra.entra.authority, tenantId: otherTenant, clientId: CLIENT_ID, confirmTrustChange: true };
    expect(await invoke('saveEntraStep', step1)).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID', fields: { clientSecret: expect.stringContaining('new tenant') } } });
    const before = (await invoke<SetupView>('getSetup', {})).value;
    const withCertificate = await invoke<SetupView>('saveEntraStep', { ...step1, clientCredential: 'certificate' });
    expect(withCertificate.ok).toBe(true);
    expect(withCertificate.value?.clientCertificate?.thumbprintSha1).toBeDefined();
    expect(withCertificate.value?.clientCertificate?.certificatePem).not.toBe(before?.clientCertificate?.certificatePem);
    expect(withCertificate.value?.clientSecret.set).toBe(false);
    expect(await everythingStored()).not.toContain(CLIENT_SECRET);
    // Back to the real tenant, with its secret.
    expect((await invoke('saveEntraStep', { authority: entra.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, clientCredential: 'secret', confirmTrustChange: true })).ok).toBe(true);
    expect((await signInAt('contoso.com', USERS.alice.oid)).status).toBe(200);
  });
});

describe('finding 4: one rule for domains, on every path that writes them', () => {
  it('refuses Guard’s step claiming a further directory’s domain, naming that directory', async () => {
    const answer = await invoke('saveGuardStep', { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com', 'fabrikam.org'], confirmTrustChange: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID', fields: { allowedDomains: expect.stringContaining('fabrikam') } } });
    expect((await signInAt('fabrikam.org', FRANK.oid)).status).toBe(200);
  });

  it('is not ready, and says why, with a configuration that cannot route (written by hand)', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const file = join(dataDir, 'config.json');
    const saved = await readFile(file, 'utf8');
    const config = JSON.parse(saved) as { guard: { allowedDomains: string[] } };
    config.guard.allowedDomains.push('fabrikam.org');
    await writeFile(file, JSON.stringify(config));
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, setup: false });
    } finally {
      await writeFile(file, saved);
    }
  });
});

describe('finding 5: strangers cannot flush the sign-in trail', () => {
  it('counts, at an open directory, every refusal of a claim it did not vouch for: another directory’s domain, or its own unverified', async () => {
    const before = (await invoke<SignInRecord[]>('listRecentSignIns', {})).value ?? [];
    // A stranger repeating one self-made account, as often as they like.
    for (let i = 0; i < 5; i++) {
      expect((await signInAt('fabrikam.org', STRANGER.oid)).body).toContain('<code>CLAIMS_DOMAIN_NOT_ALLOWED</code>');
      expect((await signInAt('fabrikam.org', UNA.oid)).body).toContain('<code>CLAIMS_EMAIL_UNVERIFIED</code>');
    }
    const after = (await invoke<SignInRecord[]>('listRecentSignIns', {})).value ?? [];
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toMatch(/ceo@contoso\.com|una@fabrikam\.org/);
    const counted = JSON.stringify((await invoke<RefusalSummary[]>('listRefusals', {})).value ?? []);
    expect(counted).toContain('CLAIMS_DOMAIN_NOT_ALLOWED');
    expect(counted).toContain('CLAIMS_EMAIL_UNVERIFIED');
  });

  it('lists a refusal of an account of step 1’s tenant (which only its admins let in) as claimed, with its issuer', async () => {
    expect((await signInAt('contoso.com', USERS.unverified.oid)).body).toContain('<code>CLAIMS_EMAIL_UNVERIFIED</code>');
    const [record] = (await invoke<SignInRecord[]>('listRecentSignIns', {})).value ?? [];
    expect(record).toMatchObject({ outcome: 'refused', code: 'CLAIMS_EMAIL_UNVERIFIED', claimedEmail: USERS.unverified.email, issuer: entra.entra.issuer });
    expect(record?.email).toBeUndefined();
  });
});

describe('finding 6: a Google issuer is checked as Google, whatever preset was chosen', () => {
  it('saves https://accounts.google.com with the generic preset as Google’s (its hd rule applies)', async () => {
    const saved = await invoke<SetupView>('saveConnection', { id: 'workspace', kind: 'oidc', preset: 'generic', issuer: 'https://accounts.google.com', clientId: 'x.apps.googleusercontent.com', allowedDomains: ['workspace.example'], clientSecret: 'google-secret', confirmTrustChange: true });
    expect(saved.value?.connections?.find((c) => c.id === 'workspace')).toMatchObject({ preset: 'google' });
    expect((await invoke('removeConnection', { id: 'workspace', confirmTrustChange: true })).ok).toBe(true);
  });
});

describe('finding 7: every trust setting is named on the admin trail', () => {
  it('names the xms_edov requirement, before and after, in the trail and its CSV', async () => {
    const base = { authority: entra.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID };
    expect((await invoke('saveEntraStep', { ...base, requireXmsEdov: false, confirmTrustChange: true })).ok).toBe(true);
    const trail = (await invoke<AdminRecord[]>('listAdminTrail', {})).value ?? [];
    expect(trail[0]?.changes).toContainEqual({ field: 'entra.requireXmsEdov', before: 'true', after: 'false' });
    const csv = (await invoke<{ csv: string }>('exportAdminTrail', {})).value?.csv ?? '';
    expect(csv).toMatch(/saveEntraStep,entra\.requireXmsEdov,true,false/);
    expect((await invoke('saveEntraStep', { ...base, requireXmsEdov: true, confirmTrustChange: true })).ok).toBe(true);
  });
});

describe('finding 8: the discovery page tells nothing apart for an address it does not know', () => {
  it('answers every unknown, malformed or empty address with the same status and page', async () => {
    const answers = await Promise.all(
      ['domain=unknown.example', 'domain=', 'login_email=nobody%40unknown.example', 'login_email=not-an-email', 'login_email=%40', `domain=${'x'.repeat(300)}`].map(async (query) => {
        const response = await fetch(`${server.url}/saml/login?${query}`, { redirect: 'manual' });
        // Each refusal has its own time and reference; nothing else may differ.
        return `${response.status} ${withoutRefusalStamp(await response.text())}`;
      }),
    );
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^400 /);
    expect(answers[0]).toContain('<code>LOGIN_DOMAIN_UNKNOWN</code>');
  });
});

describe('finding 9: a directory named like a property of every object', () => {
  it('is a name like any other: no secret of its own, no save', async () => {
    const constructor = { id: 'constructor', kind: 'oidc', preset: 'generic', issuer: 'https://idp.constructor.example', clientId: 'c', allowedDomains: ['constructor.example'], confirmTrustChange: true };
    expect(await invoke('saveConnection', constructor)).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID', fields: { clientSecret: expect.any(String) } } });
    expect((await invoke('saveConnection', { ...constructor, clientSecret: 'its-own-secret' })).ok).toBe(true);
    expect(await everythingStored()).toContain('its-own-secret');
    expect((await invoke('removeConnection', { id: 'constructor', confirmTrustChange: true })).ok).toBe(true);
    expect(await everythingStored()).not.toContain('its-own-secret');
  });
});

describe('unauthenticated work is bounded', () => {
  it('signs at most a burst of status answers to unmeetable AuthnRequests, then answers with the page', async () => {
    const context = '<samlp:RequestedAuthnContext Comparison="exact"><saml:AuthnContextClassRef xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">http://schemas.microsoft.com/claims/multipleauthn</saml:AuthnContextClassRef></samlp:RequestedAuthnContext>';
    let signed = 0;
    let pages = 0;
    for (let i = 0; i < 60; i++) {
      const xml = guardAuthnRequestXml({ id: `_mfa-${i}`, ssoUrl: `${server.url}/saml/sso` }).replace('</samlp:AuthnRequest>', `${context}</samlp:AuthnRequest>`);
      const response = await fetch(`${server.url}/saml/sso?SAMLRequest=${encodeURIComponent(redirectEncode(xml))}`);
      const body = await response.text();
      if (body.includes('name="SAMLResponse"')) {
        signed += 1;
        expect(Buffer.from(readPostForm(body).fields['SAMLResponse'] ?? '', 'base64').toString('utf8')).toContain('status:NoAuthnContext');
      } else if (body.includes('<code>SAML_AUTHN_CONTEXT_UNSUPPORTED</code>')) pages += 1;
    }
    expect(signed).toBeGreaterThanOrEqual(20);
    expect(signed).toBeLessThan(40);
    expect(signed + pages).toBe(60);
  });
});
