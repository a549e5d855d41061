import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forgetTenants } from '../../../src/core/oidc/relying-party';
import type { ErrorCode } from '../../../src/core/errors/catalogue';
import { CookieBrowser } from '../../../testkit/cookie-browser';
import { rewritingTokenFetch, signJwt, type Signing, type TokenClaims } from '../../../testkit/id-token-forge';
import { USERS, configFor, postCallback, guardFor, upToCallback as upToCallbackIn, useHarness, type Harness } from '../../../testkit/login-harness';
import { CLIENT_SECRET } from '../../../testkit/constants';
import { GUARD_SP } from '../../../testkit/constants';
import { expectRefusal } from '../../../testkit/refusal';
import { fixedCallbackSettings } from '../../../src/core/signin/login-settings';
import { readRequest } from '../../../src/core/http/request';

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});
afterEach(() => {
  h.setFetch(undefined);
  h.deps.clock.offsetMs = 0;
});

function upToCallback(oid: string = USERS.alice.oid) {
  return upToCallbackIn(h, oid);
}

describe('the callback mints nothing for', () => {
  it('a replayed callback', async () => {
    const { browser, fields } = await upToCallback();
    expect((await postCallback(h, browser, fields)).status).toBe(200);
    expectRefusal(await postCallback(h, browser, fields), 'OIDC_STATE_REPLAYED');
  });

  it('an unknown state', async () => {
    const { browser, fields } = await upToCallback();
    expectRefusal(await postCallback(h, browser, { ...fields, state: 'A'.repeat(43) }), 'OIDC_STATE_UNKNOWN');
  });

  it('a malformed state', async () => {
    const { browser, fields } = await upToCallback();
    expectRefusal(await postCallback(h, browser, { ...fields, state: '<script>' }), 'OIDC_STATE_UNKNOWN');
  });

  it('no state at all', async () => {
    const { browser, fields } = await upToCallback();
    const { state: _state, ...rest } = fields;
    expectRefusal(await postCallback(h, browser, rest), 'OIDC_STATE_MISSING');
  });

  it('a state swapped into another browser (login CSRF)', async () => {
    // The attacker signs in as themself and stops before the callback; the victim's browser,
    // which never started a sign-in, is made to post the attacker's code and state.
    const attacker = await upToCallback(USERS.bob.oid);
    expectRefusal(await postCallback(h, new CookieBrowser(), attacker.fields), 'OIDC_BROWSER_MISMATCH');
    // A victim with a sign-in of their own in progress has a binding cookie, but not the attacker's.
    const victim = await upToCallback();
    const second = await upToCallback(USERS.bob.oid);
    expectRefusal(await postCallback(h, victim.browser, second.fields), 'OIDC_BROWSER_MISMATCH');
    // The victim's own sign-in still completes.
    expect((await postCallback(h, victim.browser, victim.fields)).status).toBe(200);
  });

  it('an expired state, even while the store still holds it', async () => {
    const { browser, fields } = await upToCallback();
    h.deps.clock.offsetMs = 601_000;
    expectRefusal(await postCallback(h, browser, fields), 'OIDC_STATE_EXPIRED');
  });

  it('a callback without a code', async () => {
    const { browser, fields } = await upToCallback();
    const { code: _code, ...rest } = fields;
    expectRefusal(await postCallback(h, browser, rest), 'OIDC_CODE_MISSING');
  });

  it('a state given twice', async () => {
    const { browser, fields } = await upToCallback();
    const body = `${new URLSearchParams(fields).toString()}&state=${fields['state'] ?? ''}`;
    const { finishLogin } = await import('../../../src/core/signin/finish');
    const response = await finishLogin(
      readRequest({ method: 'POST', query: {}, headers: { 'content-type': ['application/x-www-form-urlencoded'], cookie: [browser.cookieHeader('https://bridge.example.net/') ?? ''] }, body }),
      fixedCallbackSettings(h.settings),
      h.loadSecrets,
      h.deps,
    );
    expectRefusal(response, 'HTTP_PARAMETER_DUPLICATED');
  });
});

describe('the ID token is refused when', () => {
  const tokenPath = '/token';
  function forged(edit: (claims: TokenClaims) => TokenClaims, signing?: () => Signing) {
    h.setFetch(
      rewritingTokenFetch(tokenPath, ({ header, claims }) =>
        signJwt(edit(claims), signing?.() ?? { alg: 'RS256', jwk: h.entra.currentSigningKey() }, header['kid'] as string),
      ),
    );
  }

  it.each<[string, (c: TokenClaims) => TokenClaims, ErrorCode]>([
    ['it was issued by another tenant', (c) => ({ ...c, iss: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0' }), 'OIDC_ID_TOKEN_ISSUER'],
    ['it is for another application', (c) => ({ ...c, aud: '00000000-1111-2222-3333-444444444444' }), 'OIDC_ID_TOKEN_AUDIENCE'],
    ['its nonce is another sign-in’s', (c) => ({ ...c, nonce: 'another-sign-in-nonce-value' }), 'OIDC_ID_TOKEN_NONCE'],
    ['it has no nonce', ({ nonce: _n, ...c }) => c, 'OIDC_ID_TOKEN_NONCE'],
    ['it has expired', (c) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }), 'OIDC_ID_TOKEN_EXPIRED'],
    ['its tid is another tenant', (c) => ({ ...c, tid: '11111111-2222-3333-4444-555555555555' }), 'OIDC_TENANT_MISMATCH'],
  ])('%s', async (_name, edit, code) => {
    const { browser, fields } = await upToCallback();
    forged(edit);
    expectRefusal(await postCallback(h, browser, fields), code);
  });

  it.each<[string, () => Signing]>([
    ['it is unsigned (alg none)', () => ({ alg: 'none' })],
    ['it is signed with HS256 and the client secret', () => ({ alg: 'HS256', secret: CLIENT_SECRET })],
    ['it is signed by a key the tenant does not publish', () => ({ alg: 'RS256', jwk: { ...otherKey() } })],
  ])('%s', async (_name, signing) => {
    const { browser, fields } = await upToCallback();
    forged((c) => c, signing);
    expectRefusal(await postCallback(h, browser, fields), 'OIDC_ID_TOKEN_SIGNATURE');
  });

  it('the account is in another tenant (tid)', async () => {
    const { browser, fields } = await upToCallback(USERS.otherTenant.oid);
    expectRefusal(await postCallback(h, browser, fields), 'OIDC_TENANT_MISMATCH');
  });
});

function otherKey(): Record<string, unknown> {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
}

describe('the claims are refused when', () => {
  it.each<[string, string, ErrorCode]>([
    ['the email domain is not allowed', USERS.outsider.oid, 'CLAIMS_DOMAIN_NOT_ALLOWED'],
    ['xms_edov says the domain is unverified', USERS.unverified.oid, 'CLAIMS_EMAIL_UNVERIFIED'],
    ['there is no email claim', USERS.noEmail.oid, 'CLAIMS_EMAIL_MISSING'],
  ])('%s', async (_name, oid, code) => {
    const { browser, fields } = await upToCallback(oid);
    const response = await postCallback(h, browser, fields);
    expectRefusal(response, code);
    if (code === 'CLAIMS_EMAIL_MISSING') expect(response.body).toContain('Add optional claim');
    const [record] = await h.deps.audit.recent(1);
    if (code === 'CLAIMS_DOMAIN_NOT_ALLOWED') {
      // A domain the directory does not own: anyone's account could claim it, so it is counted, not listed.
      expect(record?.claimedEmail).not.toBe('mallory@fabrikam.com');
      return;
    }
    // The trail keeps the refusal, with what the verified token claimed (not vouched for), and who claimed it.
    expect(record).toMatchObject({ kind: 'sp', outcome: 'refused', code, sp: GUARD_SP.entityId, issuer: `${h.entra.issuer}` });
    expect(record?.email).toBeUndefined();
    if (code === 'CLAIMS_EMAIL_UNVERIFIED') expect(record?.claimedEmail).toBe('eve@contoso.com');
  });
});

describe('Entra ID errors become their own pages', () => {
  const fixture = readFileSync(new URL('../../fixtures/shared/entra-error-callback.txt', import.meta.url), 'utf8');
  const fixtureBody = fixture.split(/\r?\n\r?\n/)[1]?.trim() ?? '';

  it.each<[string, string, string, ErrorCode]>([
    ['AADSTS50011 (redirect URI)', 'invalid_request', 'AADSTS50011: The redirect URI specified in the request does not match.', 'ENTRA_REDIRECT_URI_MISMATCH'],
    ['AADSTS700016 (app not in tenant)', 'unauthorized_client', 'AADSTS700016: Application not found in the directory.', 'ENTRA_APP_NOT_FOUND'],
    ['AADSTS50020 (user not in tenant)', 'access_denied', 'AADSTS50020: User account from identity provider does not exist in tenant.', 'ENTRA_USER_NOT_IN_TENANT'],
    ['AADSTS50105 (user not assigned)', 'access_denied', 'AADSTS50105: The signed in user is not assigned to a role for the application.', 'ENTRA_USER_NOT_ASSIGNED'],
    ['access_denied without a code', 'access_denied', 'The user cancelled.', 'ENTRA_ACCESS_DENIED'],
    ['an unknown error', 'server_error', 'AADSTS90033: A transient error has occurred.', 'ENTRA_ERROR'],
  ])('%s', async (_name, error, description, code) => {
    const { browser, fields } = await upToCallback();
    const response = await postCallback(h, browser, { error, error_description: description, state: fields['state'] ?? '' });
    expectRefusal(response, code);
    // Entra's free text arrives through the browser: it is never echoed.
    expect(response.body).not.toContain(description);
    if (code === 'ENTRA_REDIRECT_URI_MISMATCH') expect(response.body).toContain('https://bridge.example.net/oidc/callback');
    // The state is spent.
    expectRefusal(await postCallback(h, browser, fields), 'OIDC_STATE_REPLAYED');
  });

  it('the shared fixture (declined consent, AADSTS65004) is access denied, with markup in it escaped away', async () => {
    const { browser, fields } = await upToCallback();
    const form = Object.fromEntries(new URLSearchParams(fixtureBody.replace('{{STATE}}', fields['state'] ?? '')));
    form['error_description'] = `${form['error_description'] ?? ''}<script>alert(1)</script>`;
    const response = await postCallback(h, browser, form);
    expectRefusal(response, 'ENTRA_ACCESS_DENIED');
    expect(response.body).toContain('AADSTS65004');
    expect(response.body).not.toContain('<script>alert');
  });

  it.each<[string, string, ErrorCode]>([
    ['AADSTS7000215 (secret ID pasted instead of its value)', readFileSync(new URL('../../fixtures/shared/entra-token-error.json', import.meta.url), 'utf8'), 'ENTRA_CLIENT_SECRET_INVALID'],
    ['AADSTS7000222 (expired secret)', JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS7000222: The provided client secret keys for app are expired.', error_codes: [7000222] }), 'ENTRA_CLIENT_SECRET_EXPIRED'],
    ['AADSTS54005 (code used twice)', JSON.stringify({ error: 'invalid_grant', error_description: 'AADSTS54005: OAuth2 Authorization code was already redeemed.' }), 'ENTRA_CODE_REJECTED'],
  ])('from the token endpoint: %s', async (_name, body, code) => {
    const { browser, fields } = await upToCallback();
    h.setFetch(async (url, options) =>
      url.endsWith('/token') ? new Response(body, { status: 401, headers: { 'content-type': 'application/json' } }) : fetch(url, options as RequestInit),
    );
    const response = await postCallback(h, browser, fields);
    expectRefusal(response, code);
    expect(response.body).not.toContain('Trace ID');
  });
});

describe('Entra ID failing', () => {
  it.each<[string, () => Response | Promise<Response>, ErrorCode]>([
    ['the token endpoint answers 500', () => new Response('<html>Internal error</html>', { status: 500, headers: { 'content-type': 'text/html' } }), 'OIDC_TOKEN_REQUEST_FAILED'],
    ['the token endpoint answers garbage', () => new Response('{"access_token": 42', { status: 200, headers: { 'content-type': 'application/json' } }), 'OIDC_TOKEN_REQUEST_FAILED'],
    ['the token endpoint answers JSON without an ID token', () => new Response(JSON.stringify({ access_token: 'x', token_type: 'Bearer' }), { status: 200, headers: { 'content-type': 'application/json' } }), 'OIDC_ID_TOKEN_INVALID'],
  ])('%s', async (_name, answer, code) => {
    const { browser, fields } = await upToCallback();
    h.setFetch(async (url, options) => (url.endsWith('/token') ? answer() : fetch(url, options as RequestInit)));
    const response = await postCallback(h, browser, fields);
    expectRefusal(response, code);
  });

  it('a GET callback is read from the query', async () => {
    const { browser, fields } = await upToCallback();
    const url = `https://bridge.example.net/oidc/callback?${new URLSearchParams({ error: 'access_denied', state: fields['state'] ?? '' })}`;
    const { finishLogin } = await import('../../../src/core/signin/finish');
    const { bridgeRequest } = await import('../../../testkit/login-harness');
    expectRefusal(await finishLogin(readRequest(bridgeRequest(browser, 'GET', url)), fixedCallbackSettings(h.settings), h.loadSecrets, h.deps), 'ENTRA_ACCESS_DENIED');
  });

  it('the token endpoint times out', async () => {
    const { browser, fields } = await upToCallback();
    h.setFetch(async (url, options) =>
      url.endsWith('/token')
        ? new Promise<Response>((_resolve, reject) => options.signal?.addEventListener('abort', () => reject(options.signal?.reason)))
        : fetch(url, options as RequestInit),
    );
    expectRefusal(await postCallback(h, browser, fields), 'OIDC_TOKEN_REQUEST_FAILED');
  });

  it('discovery is unreachable: the sign-in does not start, and nothing is saved', async () => {
    forgetTenants();
    const settings = { ...h.settings, config: configFor('http://127.0.0.1:9') };
    const guard = guardFor(h);
    const { startLogin } = await import('../../../src/core/signin/start');
    const { bridgeRequest } = await import('../../../testkit/login-harness');
    const before = h.deps.store.size;
    const response = await startLogin(readRequest(bridgeRequest(new CookieBrowser(), 'GET', await guard.getAuthorizeUrlAsync('', undefined, {}))), settings, h.deps);
    expectRefusal(response, 'OIDC_DISCOVERY_FAILED');
    expect(h.deps.store.size).toBe(before);
  });
});
