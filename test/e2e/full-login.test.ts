import { beforeAll, describe, expect, it } from 'vitest';
import { GUARD_CLAIM } from '../../src/core/saml/constants';
import { certificateKeyId } from '../../src/core/saml/signing-identity';
import { CookieBrowser } from '../../testkit/cookie-browser';
import { GUARD_SP, TEST_IDP } from '../../testkit/constants';
import { USERS, postCallback, signInAtEntra, startAtBridge, guardFor, useHarness, startIdpInitiatedAtBridge, type Harness } from '../../testkit/login-harness';
import { TENANT_ID } from '../../testkit/constants';
import { ValidateInResponseTo } from '../../testkit/node-saml-sp';
import { readPostForm } from '../../testkit/post-form';
import { xmlsecVerifies } from '../../testkit/xmlsec';

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});

function sp(validateInResponseTo = ValidateInResponseTo.always) {
  return guardFor(h, validateInResponseTo);
}

describe('a whole sign-in: Guard → bridge → Entra ID → bridge → Guard', () => {
  it('answers an SP-initiated AuthnRequest with a Response node-saml accepts', async () => {
    const guard = sp();
    const browser = new CookieBrowser();
    const ssoUrl = await guard.getAuthorizeUrlAsync('guard-relay-1', undefined, {});

    const toEntra = await startAtBridge(h, browser, ssoUrl);
    expect(toEntra.status).toBe(302);
    const authorize = new URL(toEntra.headers['Location'] ?? '');
    expect(authorize.origin + authorize.pathname).toBe(`${h.entra.issuer}/auth`);
    expect(authorize.searchParams.get('response_mode')).toBe('form_post');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('openid profile email');
    expect(authorize.searchParams.get('prompt')).toBeNull();
    expect(toEntra.headers['Set-Cookie']).toMatch(/^__Host-sso-bridge-browser=[\w-]{43}; Path=\/; Max-Age=600; HttpOnly; Secure; SameSite=None$/);

    const callback = await signInAtEntra(browser, authorize.href, USERS.alice.oid);
    const toGuard = await postCallback(h, browser, callback);
    expect(toGuard.status).toBe(200);
    const form = readPostForm(toGuard.body);
    expect(form.action).toBe(GUARD_SP.acsUrl);
    expect(form.fields['RelayState']).toBe('guard-relay-1');

    const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: form.fields['SAMLResponse'] ?? '', RelayState: 'guard-relay-1' });
    expect(profile?.nameID).toBe('alice.anders@contoso.com');
    expect(profile?.attributes).toEqual({
      [GUARD_CLAIM.givenName]: 'Alice',
      [GUARD_CLAIM.surname]: 'Anders',
      [GUARD_CLAIM.emailAddress]: 'alice.anders@contoso.com',
      [GUARD_CLAIM.name]: `${TENANT_ID}/${USERS.alice.oid}`,
    });
    const xml = Buffer.from(form.fields['SAMLResponse'] ?? '', 'base64').toString('utf8');
    expect(await h.deps.audit.recent(1)).toEqual([
      { at: expect.any(String), kind: 'sp', outcome: 'signed-in', email: 'alice.anders@contoso.com', sp: GUARD_SP.entityId, key: certificateKeyId(h.signer.key.certificateBase64) },
    ]);
    await expect(xmlsecVerifies(xml, h.signer.identity.certificatePem, 'response')).resolves.toBe(true);
    await expect(xmlsecVerifies(xml, h.signer.identity.certificatePem, 'assertion')).resolves.toBe(true);
  });

  it('sends prompt=login when Guard asks for ForceAuthn', async () => {
    const guard = sp();
    guard.options.forceAuthn = true;
    const toEntra = await startAtBridge(h, new CookieBrowser(), await guard.getAuthorizeUrlAsync('', undefined, {}));
    expect(new URL(toEntra.headers['Location'] ?? '').searchParams.get('prompt')).toBe('login');
  });

  it('signs in IdP-initiated, landing on the Atlassian site named in RelayState', async () => {
    const browser = new CookieBrowser();
    const toEntra = await startIdpInitiatedAtBridge(h, browser, 'https://contoso.atlassian.net/jira');
    expect(toEntra.status).toBe(302);
    const callback = await signInAtEntra(browser, toEntra.headers['Location'] ?? '', USERS.bob.oid);
    const toGuard = await postCallback(h, browser, callback);
    const form = readPostForm(toGuard.body);
    expect(form.fields['RelayState']).toBe('https://contoso.atlassian.net/jira');
    const xml = Buffer.from(form.fields['SAMLResponse'] ?? '', 'base64').toString('utf8');
    expect(xml).not.toContain('InResponseTo');
    const { profile } = await sp(ValidateInResponseTo.ifPresent).validatePostResponseAsync({ SAMLResponse: form.fields['SAMLResponse'] ?? '' });
    // The domain is lower-cased; the local part is kept as Entra ID sent it.
    expect(profile?.nameID).toBe('Bob.Berg@contoso.com');
  });
});
