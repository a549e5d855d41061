import { beforeAll, describe, expect, it } from 'vitest';
import { forgetTenants } from '../../src/core/oidc/relying-party';
import { createForgeAdmin } from '../../src/forge/admin-runtime';
import { createForgeBridge } from '../../testkit/forge-bridge';
import type { ForgePlatform } from '../../src/forge/platform';
import { CookieBrowser } from '../../testkit/cookie-browser';
import { GUARD_SP, TEST_IDP } from '../../testkit/constants';
import { KvsDouble } from '../../testkit/kvs-double';
import { USERS, guardFor, postCallback, signInAtEntra, upToCallback, useHarness, type Harness } from '../../testkit/login-harness';
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { independentSp } from '../../testkit/node-saml-sp';
import { readPostForm } from '../../testkit/post-form';
import { redirectEncode, guardAuthnRequestXml, getRequest } from '../../testkit/guard';
import { startLogin } from '../../src/core/signin/start';
import type { HttpResponse } from '../../src/core/http/types';
import type { Fetch } from '../../src/core/kernel/ports';
import { readRequest } from '../../src/core/http/request';

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});

function signed(body: string | undefined): boolean {
  return (body ?? '').includes('name="SAMLResponse"');
}

describe('storage failing or hanging on each call of a sign-in (Forge, @forge/kvs double)', () => {
  const URLS: Record<string, string> = { 'saml-sso': TEST_IDP.ssoUrl, 'saml-login': 'https://bridge.example.net/saml/login', 'oidc-callback': CALLBACK_URL, 'saml-metadata': TEST_IDP.entityId };

  async function setUp() {
    const kvs = new KvsDouble();
    const platform: ForgePlatform = {
      kvs: kvs.platformApi,
      installation: () => 'installation-a',
      webTriggerUrl: async (key) => URLS[key] ?? '',
      requestJiraAsUser: async () => ({ ok: true, status: 200, json: async () => ({ permissions: { ADMINISTER: { havePermission: true } } }) }),
    };
    const admin = createForgeAdmin(platform);
    await admin('saveEntraStep', { authority: h.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    await admin('saveGuardStep', { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] });
    const created = (await admin('createSigningKey', {})) as { ok: true; value: { signing: { certificatePem: string } } };
    const bridge = createForgeBridge(platform, { settingsCacheMs: 0, storageTimeoutMs: 150, timeoutSeconds: 2 });
    return { kvs, bridge, certificate: created.value.signing.certificatePem };
  }

  async function attempt(env: Awaited<ReturnType<typeof setUp>>): Promise<{ start: number; finish?: number; body?: string; nameId?: string }> {
    const guard = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: env.certificate, ssoUrl: TEST_IDP.ssoUrl });
    const browser = new CookieBrowser();
    const ssoUrl = await guard.getAuthorizeUrlAsync('', undefined, {});
    const query: Record<string, string[]> = {};
    for (const [k, v] of new URL(ssoUrl).searchParams) query[k] = [v];
    // Each hop is a cold function of its own: nothing in memory, the discovery document in storage.
    forgetTenants();
    const start = await env.bridge.sso({ method: 'GET', path: '/', body: '', headers: {}, queryParameters: query });
    if (start.statusCode !== 302) return { start: start.statusCode, body: start.body ?? '' };
    browser.storeCookie(start.headers?.['Set-Cookie']?.[0] ?? '', ssoUrl);
    const fields = await signInAtEntra(browser, start.headers?.['Location']?.[0] ?? '', USERS.alice.oid);
    forgetTenants();
    const finish = await env.bridge.callback({ method: 'POST', path: '/', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': ['application/x-www-form-urlencoded'], Cookie: [browser.cookieHeader(CALLBACK_URL) ?? ''] }, queryParameters: {} });
    if (!signed(finish.body)) return { start: 302, finish: finish.statusCode, body: finish.body ?? '' };
    const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: readPostForm(finish.body ?? '').fields['SAMLResponse'] ?? '' });
    return { start: 302, finish: finish.statusCode, body: finish.body ?? '', nameId: profile?.nameID ?? '' };
  }

  for (const hang of [false, true]) {
    it(`${hang ? 'hanging' : 'failing'} at each call: a clear page, a signed Response only for a completed sign-in, then recovery`, async () => {
      const env = await setUp();
      // The first sign-in keeps the discovery document in storage; the second is counted.
      expect((await attempt(env)).nameId).toBe('alice.anders@contoso.com');
      const before = env.kvs.roundTrips;
      expect((await attempt(env)).nameId).toBe('alice.anders@contoso.com');
      const calls = env.kvs.roundTrips - before;
      // configuration, discovery document, save state | read state, claim it, configuration, discovery document, secrets, trail
      expect(calls).toBe(9);
      const discoveryReads = [2, 7];
      for (let call = 1; call <= calls; call++) {
        env.kvs.faultIsHang = hang;
        env.kvs.faultAtCall = env.kvs.roundTrips + call;
        const outcome = await attempt(env);
        env.kvs.faultAtCall = undefined;
        if (call === calls) {
          // The trail is written after the Response is made: the sign-in completed, and is delivered.
          expect(outcome.nameId).toBe('alice.anders@contoso.com');
        } else if (discoveryReads.includes(call)) {
          // Without the stored document, the hop fetches it from Entra ID: the sign-in goes on.
          expect(outcome.nameId).toBe('alice.anders@contoso.com');
        } else {
          expect(outcome.nameId).toBeUndefined();
          expect(outcome.body).toContain('<code>STORE_UNAVAILABLE</code>');
          expect(outcome.finish ?? outcome.start).toBe(503);
        }
        expect((await attempt(env)).nameId).toBe('alice.anders@contoso.com');
      }
    });
  }
});

describe('Entra ID failing, slow, or answering garbage', () => {
  const endpoints = ['/.well-known/openid-configuration', '/token', '/jwks'] as const;
  const faults: Record<string, () => Promise<Response>> = {
    'answers 500': async () => new Response('<html>upstream error</html>', { status: 500, headers: { 'content-type': 'text/html' } }),
    'answers garbage': async () => new Response('{"keys": [ not json', { status: 200, headers: { 'content-type': 'application/json' } }),
    'is slower than the timeout': () => new Promise(() => undefined),
  };

  function injecting(path: string, fault: () => Promise<Response>): Fetch {
    return (url, options) => {
      if (!new URL(url).pathname.endsWith(path)) return fetch(url, options as RequestInit);
      return Promise.race([
        fault(),
        new Promise<Response>((_resolve, reject) => options.signal?.addEventListener('abort', () => reject(options.signal?.reason))),
      ]);
    };
  }

  for (const path of endpoints) {
    for (const [name, fault] of Object.entries(faults)) {
      it(`${path} ${name}: a clear page, nothing signed, and the next sign-in works`, async () => {
        forgetTenants();
        if (path === '/.well-known/openid-configuration') {
          h.setFetch(injecting(path, fault));
          const response = await startLogin(readRequest(getRequest({ SAMLRequest: redirectEncode(guardAuthnRequestXml()) })), h.settings, h.deps);
          expect(response.body).toContain('<code>OIDC_DISCOVERY_FAILED</code>');
          expect(response.status).toBe(502);
        } else {
          const { browser, fields } = await upToCallback(h, USERS.alice.oid);
          forgetTenants(); // the JWKS and discovery are fetched again at the callback
          h.setFetch(injecting(path, fault));
          const response: HttpResponse = await postCallback(h, browser, fields);
          expect(signed(response.body)).toBe(false);
          expect(response.body).toMatch(/<code>(OIDC_TOKEN_REQUEST_FAILED|OIDC_ID_TOKEN_SIGNATURE|OIDC_DISCOVERY_FAILED)<\/code>/);
          expect(response.status).toBeGreaterThanOrEqual(403);
        }
        h.setFetch(undefined);
        const { browser, fields } = await upToCallback(h, USERS.alice.oid);
        expect(signed((await postCallback(h, browser, fields)).body)).toBe(true);
      }, 15_000);
    }
  }
});

describe('the clock skewed by minutes', () => {
  it.each([
    [10 * 60_000, 'SAML_REQUEST_EXPIRED'],
    [-10 * 60_000, 'SAML_REQUEST_FROM_FUTURE'],
  ])('our clock %i ms off Guard’s: the AuthnRequest is refused with %s, and accepted again once the clock is right', async (offset, code) => {
    const guard = guardFor(h);
    h.deps.clock.offsetMs = offset;
    const url = new URL(await guard.getAuthorizeUrlAsync('', undefined, {}));
    const refused = await startLogin(readRequest(getRequest(Object.fromEntries(url.searchParams))), h.settings, h.deps);
    expect(refused.body).toContain(`<code>${code}</code>`);
    expect(signed(refused.body)).toBe(false);
    h.deps.clock.offsetMs = 2 * 60_000; // within the allowed skew
    expect((await startLogin(readRequest(getRequest(Object.fromEntries(url.searchParams))), h.settings, h.deps)).status).toBe(302);
    h.deps.clock.offsetMs = 0;
  });
});
