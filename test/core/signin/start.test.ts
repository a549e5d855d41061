import { beforeAll, describe, expect, it } from 'vitest';
import { finishLogin } from '../../../src/core/signin/finish';
import { startIdpInitiatedLogin, startLogin } from '../../../src/core/signin/start';
import { CookieBrowser } from '../../../testkit/cookie-browser';
import { getRequest, guardAuthnRequestXml, redirectEncode } from '../../../testkit/guard';
import { GUARD_SP, TEST_IDP } from '../../../testkit/constants';
import { bridgeRequest, useHarness, type Harness } from '../../../testkit/login-harness';
import { readPostForm } from '../../../testkit/post-form';
import { expectRefusal } from '../../../testkit/refusal';
import { fixedCallbackSettings } from '../../../src/core/signin/login-settings';
import { readRequest } from '../../../src/core/http/request';

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});

const failingStore = {
  read: async () => {
    throw new Error('storage is down');
  },
  put: async () => {
    throw new Error('storage is down');
  },
  take: async () => {
    throw new Error('storage is down');
  },
};

describe('starting a sign-in', () => {
  it('refuses a bad AuthnRequest with its page, saving nothing', async () => {
    const before = h.deps.store.size;
    const xml = guardAuthnRequestXml().replace('connection=saml-0f8e', 'connection=saml-1f8e');
    expectRefusal(await startLogin(readRequest(getRequest({ SAMLRequest: redirectEncode(xml) })), h.settings, h.deps), 'SAML_ACS_MISMATCH');
    expect(h.deps.store.size).toBe(before);
  });

  it('passes a Subject NameID on to Entra ID as login_hint', async () => {
    const xml = guardAuthnRequestXml().replace(
      '</saml:Issuer>',
      '</saml:Issuer><saml:Subject xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:NameID>alice@contoso.com</saml:NameID></saml:Subject>',
    );
    const response = await startLogin(readRequest(getRequest({ SAMLRequest: redirectEncode(xml) })), h.settings, h.deps);
    expect(new URL(response.headers['Location'] ?? '').searchParams.get('login_hint')).toBe('alice@contoso.com');
  });

  it('sends domain_hint when configured', async () => {
    const settings = { ...h.settings, config: { ...h.settings.config, entra: { ...h.settings.config.entra, domainHint: 'contoso.com' } } };
    const response = await startLogin(readRequest(getRequest({ SAMLRequest: redirectEncode(guardAuthnRequestXml()) })), settings, h.deps);
    expect(new URL(response.headers['Location'] ?? '').searchParams.get('domain_hint')).toBe('contoso.com');
  });

  it('reuses the browser’s binding value, and sends the cookie again with a fresh lifetime at every start', async () => {
    const browser = new CookieBrowser();
    const url = `${TEST_IDP.ssoUrl}?SAMLRequest=${encodeURIComponent(redirectEncode(guardAuthnRequestXml()))}`;
    const first = await startLogin(readRequest(bridgeRequest(browser, 'GET', url)), h.settings, h.deps);
    browser.storeCookie(first.headers['Set-Cookie'] ?? '', url);
    const second = await startLogin(readRequest(bridgeRequest(browser, 'GET', url)), h.settings, h.deps);
    expect(second.status).toBe(302);
    // The same value (two tabs share it), with Max-Age counted again from now.
    expect(second.headers['Set-Cookie']).toBe(first.headers['Set-Cookie']);
    expect(second.headers['Set-Cookie']).toMatch(/Max-Age=600;/);
  });

  it('says the storage is unavailable when it is, at the start and at the callback', async () => {
    const deps = { ...h.deps, store: failingStore };
    expectRefusal(await startLogin(readRequest(getRequest({ SAMLRequest: redirectEncode(guardAuthnRequestXml()) })), h.settings, deps), 'STORE_UNAVAILABLE');
    const callback = await finishLogin(
      readRequest({ method: 'POST', query: {}, headers: { 'content-type': ['application/x-www-form-urlencoded'] }, body: `state=${'A'.repeat(43)}&code=x` }),
      fixedCallbackSettings(h.settings),
      h.loadSecrets,
      deps,
    );
    expectRefusal(callback, 'STORE_UNAVAILABLE');
  });

  it('refuses IdP-initiated targets outside Atlassian, and methods other than GET', async () => {
    expectRefusal(await startIdpInitiatedLogin(readRequest(getRequest({ RelayState: 'javascript:alert(1)' })), h.settings, h.deps), 'LOGIN_TARGET_INVALID');
    expectRefusal(
      await startIdpInitiatedLogin(readRequest(getRequest({ RelayState: 'https://contoso.atlassian.net.evil.example/' })), h.settings, h.deps),
      'LOGIN_TARGET_INVALID',
    );
    expectRefusal(await startIdpInitiatedLogin(readRequest({ method: 'POST', query: {}, headers: {}, body: '' }), h.settings, h.deps), 'HTTP_METHOD_NOT_ALLOWED');
    expect((await startIdpInitiatedLogin(readRequest(getRequest({})), h.settings, h.deps)).status).toBe(302);
  });

  it('refuses a callback by PUT', async () => {
    expectRefusal(await finishLogin(readRequest({ method: 'PUT', query: {}, headers: {}, body: '' }), fixedCallbackSettings(h.settings), h.loadSecrets, h.deps), 'HTTP_METHOD_NOT_ALLOWED');
  });

  it('finishes only under the settings it started with: Guard’s ACS changed meanwhile ends it with a clear page, signing nothing', async () => {
    const { upToCallback: toCallback, postCallback, USERS } = await import('../../../testkit/login-harness');
    const { browser, fields } = await toCallback(h, USERS.alice.oid);
    const changed = { ...h, settings: { ...h.settings, config: { ...h.settings.config, guard: { ...h.settings.config.guard, acsUrl: `${GUARD_SP.acsUrl}x` } } } };
    const response = await postCallback(changed, browser, fields);
    expectRefusal(response, 'LOGIN_SETUP_CHANGED');
    expect(response.body).not.toContain('SAMLResponse');
  });

  it('finishes when only another directory’s settings changed meanwhile', async () => {
    const { upToCallback: toCallback, postCallback, USERS } = await import('../../../testkit/login-harness');
    const { browser, fields } = await toCallback(h, USERS.alice.oid);
    const other = { id: 'partner', kind: 'oidc' as const, preset: 'generic' as const, issuer: 'https://idp.partner.example', clientId: 'x', allowedDomains: ['partner.example'] };
    const changed = { ...h, settings: { ...h.settings, config: { ...h.settings.config, connections: [other] } } };
    const response = await postCallback(changed, browser, fields);
    expect(readPostForm(response.body).action).toBe(GUARD_SP.acsUrl);
  });
});

describe('the PKCE challenge', () => {
  it('is RFC 7636’s S256 (its Appendix B example), as openid-client computes it', async () => {
    const { pkceChallenge } = await import('../../../src/core/oidc/relying-party');
    const { calculatePKCECodeChallenge, randomPKCECodeVerifier } = await import('openid-client');
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    for (let i = 0; i < 20; i++) {
      const verifier = randomPKCECodeVerifier();
      expect(pkceChallenge(verifier)).toBe(await calculatePKCECodeChallenge(verifier));
    }
  });
});
