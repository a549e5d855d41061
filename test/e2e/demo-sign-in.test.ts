import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { invokeAdmin } from '../../testkit/admin-invoke';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { demoStandIns } from '../../src/demo/stand-ins';

let server: LocalServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-demo-'));
  server = await startLocalServer({ host: '127.0.0.1', port: 0, dataDir, demo: demoStandIns });
});
afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Picks a demo user on the Entra ID stand-in's page and follows everything back to the bridge's answer. */
async function signInAs(browser: CookieBrowser, authorizeUrl: string, name: string, redirectUri = `${server.url}/oidc/callback`): Promise<Response> {
  const loginPage = await browser.follow(authorizeUrl);
  const html = await loginPage.response.text();
  const oid = new RegExp(`value="([^"]+)">${name}`).exec(html)?.[1];
  if (oid === undefined) throw new Error(`${name} is not on the stand-in's page`);
  const form = readHtmlForm(html, loginPage.url);
  const formPost = await browser.follow(form.action, { form: { login: oid } });
  const callback = readHtmlForm(await formPost.response.text(), formPost.url);
  expect(callback.action).toBe(redirectUri);
  return (await browser.follow(callback.action, { form: callback.fields })).response;
}

/** Posts the bridge's POST form on to where it points (the Guard stand-in's ACS), as the page's script would. */
async function postToAcs(browser: CookieBrowser, page: Response): Promise<string> {
  const form = readHtmlForm(await page.text(), page.url || server.url);
  expect(form.action).toBe(`${server.url}/demo/guard/acs`);
  const answer = await browser.follow(form.action, { form: form.fields });
  return answer.response.text();
}

describe('npm start in demo mode', () => {
  it('serves a landing page and its health', async () => {
    const landing = await fetch(`${server.url}/`);
    expect(await landing.text()).toContain('href="/demo/guard/"');
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('signs Alice in: Guard stand-in button → bridge → Entra ID stand-in → callback → Guard stand-in', async () => {
    const browser = new CookieBrowser();
    expect(await (await browser.request(`${server.url}/demo/guard/`)).text()).toContain('Sign in with SSO');
    const toBridge = await browser.request(`${server.url}/demo/guard/start`, { method: 'POST', form: { email: 'alice.anders@contoso.com' } });
    expect(toBridge.headers.get('location')).toMatch(new RegExp(`^${server.url}/saml/sso\\?SAMLRequest=`));
    const toEntra = await browser.request(toBridge.headers.get('location') ?? '');
    expect(toEntra.status).toBe(302);
    expect(toEntra.headers.get('location')).toMatch(new RegExp(`^${server.url}/demo/entra/[0-9a-f-]+/v2\\.0/auth\\?`));

    const answer = await signInAs(browser, toEntra.headers.get('location') ?? '', 'Alice Anders');
    expect(answer.status).toBe(200);
    const guardPage = await postToAcs(browser, answer);
    expect(guardPage).toContain('<h1>Signed in</h1>');
    expect(guardPage).toContain('<strong id="name-id">alice.anders@contoso.com</strong>');
    expect(guardPage).toContain('<code>http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname</code></td><td>Alice</td>');
    expect(guardPage).toContain('<code>http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname</code></td><td>Anders</td>');
    expect(guardPage).toMatch(/claims\/name<\/code><\/td><td>d3e0d3e0-0000-4000-8000-00000000d3e0\/0a1b2c3d-0000-4000-8000-0000000a11ce</);
  });

  it('signs Bob in IdP-initiated, landing where RelayState says', async () => {
    const browser = new CookieBrowser();
    const toEntra = await browser.request(`${server.url}/saml/login?domain=contoso.com&RelayState=${encodeURIComponent('https://contoso.atlassian.net/jira')}`);
    expect(toEntra.status).toBe(302);
    const answer = await signInAs(browser, toEntra.headers.get('location') ?? '', 'Bob Berg');
    const guardPage = await postToAcs(browser, answer);
    expect(guardPage).toContain('<strong id="name-id">bob.berg@contoso.com</strong>');
    expect(guardPage).toContain('RelayState: https://contoso.atlassian.net/jira');
  });

  it('refuses Mallory (domain not allowed) and Eve (domain not verified) with their codes', async () => {
    for (const [name, code] of [['Mallory Mock', 'CLAIMS_DOMAIN_NOT_ALLOWED'], ['Eve Unverified', 'CLAIMS_EMAIL_UNVERIFIED']] as const) {
      const browser = new CookieBrowser();
      // Typed at "Atlassian" as an address of the Entra tenant's domain; Entra ID then says otherwise.
      const toBridge = await browser.request(`${server.url}/demo/guard/start`, { method: 'POST', form: { email: 'someone@contoso.com' } });
      const toEntra = await browser.request(toBridge.headers.get('location') ?? '');
      const answer = await signInAs(browser, toEntra.headers.get('location') ?? '', name);
      expect(answer.status).toBe(403);
      const page = await answer.text();
      expect(page).toContain(`<code>${code}</code>`);
      expect(page).not.toContain('SAMLResponse');
      // Starting again gives the same answer: the page offers no restart, but a time and a
      // reference, and the sign-in trail shows that very reference.
      expect(page).not.toContain('Start again at Atlassian');
      const seen = /At (\S+) · Reference <code>([0-9a-f]{8})<\/code>/.exec(page);
      expect(seen).not.toBeNull();
      // Eve's tenant vouched for her, so her refusal is listed; Mallory's domain is no directory's, so it is only counted (refusals.ts).
      const trail = await invokeAdmin<{ code?: string; reference?: string; at: string }[]>(server, 'listRecentSignIns');
      const listed = trail.value?.find((record) => record.reference === seen?.[2]);
      if (code === 'CLAIMS_EMAIL_UNVERIFIED') expect(listed).toMatchObject({ code, at: seen?.[1] });
      else expect(listed).toBeUndefined();
    }
  });

  it('routes by domain: the discovery page sends Frank to the second directory (a generic OpenID provider)', async () => {
    const browser = new CookieBrowser();
    const toBridge = await browser.request(`${server.url}/demo/guard/start`, { method: 'POST', form: {} });
    const discovery = await browser.request(toBridge.headers.get('location') ?? '');
    expect(discovery.status).toBe(200);
    const form = readHtmlForm(await discovery.text(), `${server.url}/saml/sso`);
    const toDirectory = await browser.request(form.action, { form: { ...form.fields, login_email: 'frank@fabrikam.org' } });
    expect(toDirectory.headers.get('location')).toMatch(new RegExp(`^${server.url}/demo/oidc/`));
    // The second directory answers at a Redirect URI of its own, and names itself in its answer (RFC 9207).
    const answer = await signInAs(browser, toDirectory.headers.get('location') ?? '', 'Frank Fabrikam', `${server.url}/oidc/callback/fabrikam`);
    expect(await postToAcs(browser, answer)).toContain('<strong id="name-id">frank@fabrikam.org</strong>');
  });

  it('uses the bridge’s own client certificate at the Entra ID stand-in, as Microsoft recommends', async () => {
    const response = await fetch(`${server.url}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'getSetup' }) });
    const setup = ((await response.json()) as { value: { clientCredential: string; clientCertificate?: { thumbprintSha1: string } } }).value;
    expect(setup.clientCredential).toBe('certificate');
    expect(setup.clientCertificate?.thumbprintSha1).toMatch(/^[0-9A-F]{40}$/);
  });

  it('keeps the demo apart from a real configuration', async () => {
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dataDir, 'demo', 'config.json'))).toBe(true);
    expect(existsSync(join(dataDir, 'config.json'))).toBe(false);
  });
});
