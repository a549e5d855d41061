import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { guardAuthnRequestXml, redirectEncode } from '../../testkit/guard';
import { USERS } from '../../testkit/login-harness';
import { readPostForm } from '../../testkit/post-form';
import { xmlsecVerifies } from '../../testkit/xmlsec';
import { SP, SecurityEnvironment } from './environment';

/** The security review's findings, each over HTTP against the local runtime. */
const env = new SecurityEnvironment();
beforeAll(() => env.start(), 30_000);
afterAll(() => env.stop());

const AC = 'urn:oasis:names:tc:SAML:2.0:ac:classes:';

function ssoPath(xml: string, relayState?: string): string {
  return `/saml/sso?SAMLRequest=${encodeURIComponent(redirectEncode(xml))}${relayState === undefined ? '' : `&RelayState=${encodeURIComponent(relayState)}`}`;
}

function withAuthnContext(id: string, comparison: string, refs: string[]): string {
  const context = `<samlp:RequestedAuthnContext Comparison="${comparison}">${refs.map((ref) => `<saml:AuthnContextClassRef xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${ref}</saml:AuthnContextClassRef>`).join('')}</samlp:RequestedAuthnContext>`;
  return guardAuthnRequestXml({ id, ssoUrl: `${env.server.url}/saml/sso` }).replace('</samlp:AuthnRequest>', `${context}</samlp:AuthnRequest>`);
}

describe('RequestedAuthnContext', () => {
  it('answers a context it cannot prove (MFA) with a signed Requester/NoAuthnContext Response to the ACS, no assertion', async () => {
    const outcome = await env.request(new CookieBrowser(), ssoPath(withAuthnContext('_mfa-1', 'exact', [`${AC}MultiFactor`]), 'opaque relay'));
    expect(outcome.status).toBe(200);
    const form = readPostForm(outcome.body);
    expect(form.action).toBe(SP.acsUrl);
    expect(form.fields['RelayState']).toBe('opaque relay');
    const xml = Buffer.from(form.fields['SAMLResponse'] ?? '', 'base64').toString('utf8');
    expect(xml).toContain('<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext">');
    expect(xml).toContain('InResponseTo="_mfa-1"');
    expect(xml).not.toContain('<saml:Assertion');
    expect(await xmlsecVerifies(xml, await env.certificate(), 'response')).toBe(true);
  });

  it.each([
    ['exact', [`${AC}PasswordProtectedTransport`]],
    ['minimum', [`${AC}Password`]],
    ['better', [`${AC}Password`]],
    ['maximum', [`${AC}PasswordProtectedTransport`, `${AC}X509`]],
  ])('goes on to Entra ID for %s %j, which a password sign-in over TLS meets', async (comparison, refs) => {
    const outcome = await env.request(new CookieBrowser(), ssoPath(withAuthnContext(`_ctx-${comparison}`, comparison, refs)));
    expect(outcome.status).toBe(302);
  });

  it.each([
    ['minimum', [`${AC}MultiFactor`]],
    ['better', [`${AC}PasswordProtectedTransport`]],
    ['exact', [`${AC}Kerberos`]],
  ])('refuses %s %j with NoAuthnContext', async (comparison, refs) => {
    const outcome = await env.request(new CookieBrowser(), ssoPath(withAuthnContext(`_no-${comparison}`, comparison, refs)));
    expect(outcome.status).toBe(200);
    expect(Buffer.from(readPostForm(outcome.body).fields['SAMLResponse'] ?? '', 'base64').toString('utf8')).toContain('status:NoAuthnContext');
  });
});

describe('ForceAuthn', () => {
  it('refuses a forced sign-in that reused an Entra ID session: prompt and max_age deleted by the person', async () => {
    const browser = new CookieBrowser();
    // A sign-in without ForceAuthn: the stand-in keeps a session for this browser.
    const { fields } = await env.upToCallback(USERS.alice.oid, browser);
    expect((await env.callback(browser, fields)).status).toBe(200);
    env.clock.offsetMs = 60_000;
    try {
      const xml = guardAuthnRequestXml({ id: '_forced-http', ssoUrl: `${env.server.url}/saml/sso` }).replace('<samlp:AuthnRequest ', '<samlp:AuthnRequest ForceAuthn="true" ');
      const start = await browser.request(`${env.server.url}${ssoPath(xml)}`);
      const authorize = new URL(start.headers.get('location') ?? '');
      expect(authorize.searchParams.get('prompt')).toBe('login');
      expect(authorize.searchParams.get('max_age')).toBe('0');
      authorize.searchParams.delete('prompt');
      authorize.searchParams.delete('max_age');
      const reused = await browser.follow(authorize.href);
      const outcome = await env.callback(browser, readHtmlForm(await reused.response.text(), reused.url).fields);
      expect(outcome.status).toBe(403);
      expect(outcome.body).toContain('<code>OIDC_REAUTHENTICATION_MISSING</code>');
      expect(outcome.body).not.toContain('SAMLResponse');
    } finally {
      env.clock.offsetMs = 0;
    }
  });
});

describe('the sign-in trail under a flood of strangers', () => {
  it('keeps completed sign-ins: 520 unauthenticated refusals are counted apart, in a bounded number of writes', async () => {
    const { browser, fields } = await env.upToCallback(USERS.alice.oid);
    expect((await env.callback(browser, fields)).status).toBe(200);
    for (let i = 0; i < 520; i++) await env.request(new CookieBrowser(), `/saml/sso?SAMLRequest=x${i}`);
    const signIns = JSON.parse((await env.invoke('listRecentSignIns', {})).body) as { value: { email?: string; claimedEmail?: string; outcome: string }[] };
    expect(signIns.value.some((record) => record.email === 'alice.anders@contoso.com' && record.outcome === 'signed-in')).toBe(true);
    // Only accounts a directory authenticated are listed: a refusal says what its token claimed.
    expect(signIns.value.every((record) => record.outcome === 'signed-in' || record.claimedEmail !== undefined)).toBe(true);
    const refusals = JSON.parse((await env.invoke('listRefusals', {})).body) as { value: { kind: string; code: string; count: number }[] };
    // Counted: at least the last power of two reached (the counts are written at 1, 2, 4, … 512).
    const counted = refusals.value.reduce((sum, entry) => sum + entry.count, 0);
    expect(counted).toBeGreaterThanOrEqual(512);
    // About log2(520) writes (plus one a minute), not 520.
    const written = JSON.parse(await readFile(join(env.dataDirectory, 'refusals.json'), 'utf8')) as unknown[];
    expect(written.length).toBeLessThanOrEqual(12);
  });
});

describe('the browser-binding cookie', () => {
  it('is sent again, same value and a fresh lifetime, at every sign-in start', async () => {
    const browser = new CookieBrowser();
    const url = `${env.server.url}${ssoPath(guardAuthnRequestXml({ id: '_cookie-1', ssoUrl: `${env.server.url}/saml/sso` }))}`;
    const first = await browser.request(url);
    const second = await browser.request(url.replace('_cookie-1', '_cookie-2'));
    const cookie = (response: Response) => response.headers.get('set-cookie') ?? '';
    expect(cookie(first)).toMatch(/^sso-bridge-browser=[\w-]{43}; Path=\/; Max-Age=600; HttpOnly; Secure; SameSite=None$/);
    expect(cookie(second)).toBe(cookie(first));
  });
});

describe('IdP-initiated RelayState', () => {
  it('forwards the normalised URL it checked', async () => {
    const browser = new CookieBrowser();
    const start = await browser.request(`${env.server.url}/saml/login?RelayState=${encodeURIComponent('https://CONTOSO.atlassian.net')}`);
    expect(start.status).toBe(302);
    const loginPage = await browser.follow(start.headers.get('location') ?? '');
    const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
    const formPost = await browser.follow(login.action, { form: { login: USERS.alice.oid } });
    const outcome = await env.callback(browser, readHtmlForm(await formPost.response.text(), formPost.url).fields);
    expect(readPostForm(outcome.body).fields['RelayState']).toBe('https://contoso.atlassian.net/');
  });
});
