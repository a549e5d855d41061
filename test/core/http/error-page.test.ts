import { STACK_TRACE } from '../../../testkit/refusal';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from '../../../src/core/errors/catalogue';
import { renderErrorPage } from '../../../src/core/http/error-page';
import { receiveAuthnRequest } from '../../../src/core/saml/authn-request/receive';
import { getRequest, redirectEncode } from '../../../testkit/guard';
import { GUARD_SP, TEST_IDP } from '../../../testkit/constants';
import { readRequest } from '../../../src/core/http/request';

const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

describe('error pages', () => {
  it.each(codes)('%s has a page with its status, what happened, the remedy and the code', (code) => {
    const description = ERROR_CATALOGUE[code];
    const page = renderErrorPage({ code });
    expect(page.status).toBe(description.status);
    expect(page.body).toContain(`<code>${code}</code>`);
    expect(page.body).toContain('What to do:');
    expect(page.headers['Content-Security-Policy']).toContain("default-src 'none'");
    expect(page.headers['Cache-Control']).toBe('no-store');
    expect(page.body).not.toContain('<script');
  });

  it('uses codes made of capitals and underscores, with a 4xx status unless the fault is ours', () => {
    for (const code of codes) expect(code).toMatch(/^[A-Z]+(_[A-Z0-9]+)+$/);
    // 5xx: our own key or storage, our own Entra ID registration, Entra ID not answering, or a bug of ours.
    const serverFaults = codes.filter((code) => ERROR_CATALOGUE[code].status >= 500).sort();
    expect(serverFaults).toEqual([
      'ADMIN_TRAIL_UNAVAILABLE',
      'ENTRA_APP_NOT_FOUND',
      'ENTRA_CLIENT_ASSERTION_EXPIRED',
      'ENTRA_CLIENT_ASSERTION_REFUSED',
      'ENTRA_CLIENT_CERTIFICATE_EXPIRED',
      'ENTRA_CLIENT_CERTIFICATE_INVALID',
      'ENTRA_CLIENT_CERTIFICATE_REVOKED',
      'ENTRA_CLIENT_SECRET_EXPIRED',
      'ENTRA_CLIENT_SECRET_INVALID',
      'ENTRA_ERROR',
      'ENTRA_REDIRECT_URI_MISMATCH',
      'ENTRA_TENANT_NOT_FOUND',
      'FORGE_INSTALLATION_UNKNOWN',
      'INTERNAL_ERROR',
      'LOGIN_NOT_CONFIGURED',
      'LOGIN_STATE_TOO_LARGE',
      'OIDC_DISCOVERY_FAILED',
      'OIDC_TOKEN_REQUEST_FAILED',
      'SAML_SIGNING_KEY_INVALID',
      'STORE_UNAVAILABLE',
      'TRUST_BINDING_MISMATCH',
    ]);
  });

  it('speaks to the person signing in first, with a way to start again; the admin’s remedy sits behind the code', () => {
    const page = renderErrorPage({ code: 'ENTRA_CLIENT_SECRET_INVALID', detail: 'AADSTS7000215' });
    const body = page.body;
    expect(body).toMatch(/<main>.*<\/main>/s);
    const details = body.indexOf('<details>');
    expect(body.indexOf('nothing is wrong with your account')).toBeGreaterThan(-1);
    expect(body.indexOf('nothing is wrong with your account')).toBeLessThan(details);
    expect(body.indexOf('href="https://id.atlassian.com/login"')).toBeLessThan(details);
    // The remedy, the step where the admin acts and Entra's code are for the administrator.
    expect(body.indexOf('What to do:')).toBeGreaterThan(details);
    expect(body.slice(details)).toContain('Paste the secret’s Value');
    expect(body.slice(details)).toContain('step 1, Entra ID app');
    expect(body.slice(details)).toContain('AADSTS7000215');
    // A refusal the person can act on says so in their words.
    expect(renderErrorPage({ code: 'ENTRA_USER_NOT_IN_TENANT' }).body).toMatch(/<main><h1>We could not sign you in<\/h1><p>Sign in with your work account/);
    expect(renderErrorPage({ code: 'STORE_UNAVAILABLE' }).body).toContain('Wait a minute, then try again');
  });

  it('never names a wizard step inside a remedy: the step is its own field', () => {
    for (const code of codes) expect(ERROR_CATALOGUE[code].remedy).not.toMatch(/setup wizard|step [123]\b/i);
  });

  it('escapes the detail', () => {
    const page = renderErrorPage({ code: 'SAML_REQUEST_NOT_XML', detail: '<img src=x onerror=alert(1)>' });
    expect(page.body).not.toContain('<img');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('never echoes what the request said, nor a stack trace', () => {
    const marker = '<b>MARKER-1234</b>';
    const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0" IssueInstant="${new Date().toISOString()}"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${marker.replace(/</g, '&lt;')}</saml:Issuer></samlp:AuthnRequest>`;
    const result = receiveAuthnRequest(readRequest(getRequest({ SAMLRequest: redirectEncode(xml), RelayState: marker })), GUARD_SP, TEST_IDP, new Date());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const page = renderErrorPage(result.error);
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('MARKER-1234');
    expect(page.body).not.toMatch(STACK_TRACE);
  });

  it('shows when and under which reference the bridge refused, and offers no restart where a restart gives the same answer', () => {
    const seen = { at: new Date('2026-12-08T10:00:00Z'), reference: '9caf1d46' };
    const replayed = renderErrorPage({ code: 'OIDC_STATE_REPLAYED' }, seen);
    expect(replayed.body).toContain('At 2026-12-08T10:00:00.000Z · Reference <code>9caf1d46</code>');
    expect(replayed.body).toContain('Start again at Atlassian');
    const unverified = renderErrorPage({ code: 'CLAIMS_EMAIL_UNVERIFIED' }, seen);
    expect(unverified.body).not.toContain('Start again at Atlassian');
    expect(unverified.body).toContain('Starting again gives the same answer');
  });

  it('shows an internal error under the reference its log line has, not a new one', () => {
    const page = renderErrorPage({ code: 'INTERNAL_ERROR', reference: 'abcd1234' } as Parameters<typeof renderErrorPage>[0], { at: new Date('2026-12-08T10:00:00Z'), reference: 'ffff0000' });
    expect(page.body).toContain('Reference <code>abcd1234</code>');
    expect(page.body).not.toContain('ffff0000');
  });
});
