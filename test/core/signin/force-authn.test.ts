import { beforeAll, describe, expect, it } from 'vitest';
import { CookieBrowser, readHtmlForm } from '../../../testkit/cookie-browser';
import { getRequest, guardAuthnRequestXml, redirectEncode } from '../../../testkit/guard';
import { GUARD_SP } from '../../../testkit/constants';
import { USERS, postCallback, receiveAtBrowser, signInAtEntra, useHarness, type Harness } from '../../../testkit/login-harness';
import { CALLBACK_URL } from '../../../testkit/constants';
import { readPostForm } from '../../../testkit/post-form';
import { xmlsecVerifies } from '../../../testkit/xmlsec';
import { startLogin } from '../../../src/core/signin/start';
import { independentSp, ValidateInResponseTo } from '../../../testkit/node-saml-sp';
import { makeTestSigner } from '../../../testkit/signing';
import { TEST_IDP } from '../../../testkit/constants';
import { readRequest } from '../../../src/core/http/request';

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});

/** Guard's AuthnRequest with extra attributes on its root (ForceAuthn, IsPassive). */
async function startWith(browser: CookieBrowser, attributes: string, id: string) {
  const xml = guardAuthnRequestXml({ id }).replace('<samlp:AuthnRequest ', `<samlp:AuthnRequest ${attributes} `);
  const response = await startLogin(readRequest(getRequest({ SAMLRequest: redirectEncode(xml) })), h.settings, h.deps);
  receiveAtBrowser(browser, response, TEST_IDP.ssoUrl);
  return response;
}

/** Follows the authorize URL at the stand-in; with a live session it answers with the form_post at once. */
async function atEntra(browser: CookieBrowser, authorizeUrl: string): Promise<Record<string, string>> {
  const answer = await browser.follow(authorizeUrl);
  const form = readHtmlForm(await answer.response.text(), answer.url);
  if (form.action !== CALLBACK_URL) throw new Error('the stand-in asked the person to sign in');
  return form.fields;
}

const responseXml = (body: string) => Buffer.from(readPostForm(body).fields['SAMLResponse'] ?? '', 'base64').toString('utf8');

describe('ForceAuthn, proven by auth_time', () => {
  it('asks Entra ID for a fresh sign-in twice over: prompt=login and max_age=0', async () => {
    const response = await startWith(new CookieBrowser(), 'ForceAuthn="true"', '_force-1');
    const url = new URL(response.headers['Location'] ?? '');
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(url.searchParams.get('max_age')).toBe('0');
  });

  it('refuses a forced sign-in that reused an earlier Entra ID session (prompt and max_age deleted from the URL)', async () => {
    const browser = new CookieBrowser();
    // An ordinary sign-in first: the stand-in now holds a session for this browser.
    const first = await startWith(browser, '', '_plain-1');
    await postCallback(h, browser, await signInAtEntra(browser, first.headers['Location'] ?? '', USERS.alice.oid));
    // A minute later Guard asks for a fresh sign-in; the person strips prompt and max_age.
    h.deps.clock.offsetMs = 60_000;
    try {
      const forced = await startWith(browser, 'ForceAuthn="true"', '_force-2');
      const url = new URL(forced.headers['Location'] ?? '');
      url.searchParams.delete('prompt');
      url.searchParams.delete('max_age');
      const fields = await atEntra(browser, url.href);
      const callback = await postCallback(h, browser, fields);
      expect(callback.status).toBe(403);
      expect(callback.body).toContain('<code>OIDC_REAUTHENTICATION_MISSING</code>');
      expect(callback.body).not.toContain('SAMLResponse');
    } finally {
      h.deps.clock.offsetMs = 0;
    }
  });

  it('signs a forced sign-in that did authenticate again, with AuthnInstant = auth_time', async () => {
    const browser = new CookieBrowser();
    const forced = await startWith(browser, 'ForceAuthn="true"', '_force-3');
    const before = Math.floor(Date.now() / 1000);
    const fields = await signInAtEntra(browser, forced.headers['Location'] ?? '', USERS.alice.oid);
    const callback = await postCallback(h, browser, fields);
    expect(callback.status).toBe(200);
    const instant = Date.parse(/AuthnInstant="([^"]+)"/.exec(responseXml(callback.body))?.[1] ?? '');
    expect(instant % 1000).toBe(0); // whole seconds: auth_time, not the time of minting
    expect(instant / 1000).toBeGreaterThanOrEqual(before - 1);
  });
});

describe('IsPassive', () => {
  it('asks Entra ID for prompt=none, and answers Guard with a signed Responder/NoPassive status when Entra needs the person', async () => {
    const browser = new CookieBrowser();
    const passive = await startWith(browser, 'IsPassive="true"', '_passive-1');
    const url = new URL(passive.headers['Location'] ?? '');
    expect(url.searchParams.get('prompt')).toBe('none');
    // No session at the stand-in: it answers login_required, by form_post, to the callback.
    const fields = await atEntra(browser, url.href);
    expect(fields['error']).toBe('login_required');
    const callback = await postCallback(h, browser, fields);
    expect(callback.status).toBe(200);
    expect(readPostForm(callback.body).action).toBe(GUARD_SP.acsUrl);
    const xml = responseXml(callback.body);
    expect(xml).toContain('<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:NoPassive">');
    expect(xml).not.toContain('<saml:Assertion');
    expect(xml).toContain('InResponseTo="_passive-1"');
    expect(await xmlsecVerifies(xml, h.signer.identity.certificatePem, 'response')).toBe(true);
    // node-saml, as Guard, verifies the signature and reads NoPassive as "no one signed in".
    const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: h.signer.identity.certificatePem, ssoUrl: TEST_IDP.ssoUrl, idpEntityId: TEST_IDP.entityId, validateInResponseTo: ValidateInResponseTo.never });
    await expect(guard.validatePostResponseAsync({ SAMLResponse: readPostForm(callback.body).fields['SAMLResponse'] ?? '' })).resolves.toEqual({ profile: null, loggedOut: false });
    // Signed by another key, node-saml refuses it: the signature was checked.
    const stranger = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: makeTestSigner('Stranger').identity.certificatePem, ssoUrl: TEST_IDP.ssoUrl, validateInResponseTo: ValidateInResponseTo.never });
    await expect(stranger.validatePostResponseAsync({ SAMLResponse: readPostForm(callback.body).fields['SAMLResponse'] ?? '' })).rejects.toThrow();
    expect((await h.deps.audit.recent(1))[0]).toMatchObject({ outcome: 'refused', code: 'ENTRA_PASSIVE_NOT_POSSIBLE' });
  });
});
