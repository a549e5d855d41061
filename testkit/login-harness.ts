import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { BridgeConfig } from '../src/core/config/schema';
import type { HttpRequest, HttpResponse } from '../src/core/http/types';
import { forgetTenants } from '../src/core/oidc/relying-party';
import { finishLogin } from '../src/core/signin/finish';
import type { LoginDependencies, LoginSecrets, LoginSettings } from '../src/core/signin/login-settings';
import { startIdpInitiatedLogin, startLogin } from '../src/core/signin/start';
import { silentLogger, type Clock, type Fetch } from '../src/core/kernel/ports';
import { ok } from '../src/core/kernel/result';
import { createEntraStandIn, type EntraStandIn, type StandInUser } from '../src/demo/entra-stand-in';
import type { RefusalCounts } from '../src/core/audit/refusals';
import type { AdminRecord } from '../src/core/audit/admin-record';
import { createBridge } from '../src/core/endpoints/create-bridge';
import { MemorySetupStore } from './memory-setup-store';
import { MemoryAuditLog, MemoryTrail } from './memory-audit-log';
import { MemorySingleUseStore } from '../src/local/memory-store';
import { CookieBrowser, readHtmlForm } from './cookie-browser';
import { GUARD_SP, TEST_IDP } from './constants';
import { independentSp, ValidateInResponseTo } from './node-saml-sp';
import { makeTestSigner, type TestSigner } from './signing';
import { fixedCallbackSettings } from '../src/core/signin/login-settings';
import { readRequest } from '../src/core/http/request';
import { BRIDGE_ENDPOINTS, CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, TENANT_ID } from './constants';


export const USERS = {
  alice: { oid: '00000000-0000-0000-66f3-3332eca7ea81', email: 'alice.anders@contoso.com', givenName: 'Alice', familyName: 'Anders', preferredUsername: 'alice.anders@contoso.com', emailDomainVerified: true },
  bob: { oid: '00000000-0000-0000-1234-56789abcdef0', email: 'Bob.Berg@CONTOSO.com', givenName: 'Bob', familyName: 'Berg', emailDomainVerified: true },
  noEdov: { oid: '00000000-0000-0000-0000-0000000000d0', email: 'dave@contoso.com', givenName: 'Dave', familyName: 'Noclaim' },
  noEmail: { oid: '00000000-0000-0000-0000-00000000e0e0', givenName: 'No', familyName: 'Mail', preferredUsername: 'nomail@contoso.com' },
  unverified: { oid: '00000000-0000-0000-0000-0000000000ed', email: 'eve@contoso.com', emailDomainVerified: false },
  outsider: { oid: '00000000-0000-0000-0000-0000000000f1', email: 'mallory@fabrikam.com', emailDomainVerified: true },
  otherTenant: { oid: '00000000-0000-0000-0000-0000000000a7', email: 'trent@contoso.com', tenantId: '11111111-2222-3333-4444-555555555555' },
} satisfies Record<string, StandInUser>;

/** A controllable clock: real time plus an offset the test can move. */
export class TestClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export interface Harness {
  readonly entra: EntraStandIn;
  readonly settings: LoginSettings;
  readonly deps: LoginDependencies & { store: MemorySingleUseStore; clock: TestClock; audit: MemoryAuditLog };
  readonly signer: TestSigner;
  /** Replaces the fetch Entra ID is reached with (fault injection); `undefined` restores the real one. */
  setFetch(fetch: Fetch | undefined): void;
  loadSecrets(): Promise<ReturnType<typeof ok<LoginSecrets>>>;
  close(): Promise<void>;
}

export function configFor(authority: string, overrides: Partial<BridgeConfig['entra']> = {}): BridgeConfig {
  return {
    entra: { authority, tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email', requireXmsEdov: true, ...overrides },
    guard: { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] },
  };
}

/** An Entra ID stand-in on its own loopback server, and the bridge's settings pointing at it. */
export async function startHarness(): Promise<Harness> {
  let entra: EntraStandIn | undefined;
  const server: Server = createServer((request, response) => {
    if (!entra?.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  entra = createEntraStandIn({
    origin,
    basePath: '',
    tenantId: TENANT_ID,
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [CALLBACK_URL] }],
    users: Object.values(USERS),
  });
  forgetTenants();
  const signer = makeTestSigner('Harness IdP');
  const clock = new TestClock();
  const stores = {
    setup: new MemorySetupStore(),
    // The store keeps its own time, so a test can age the bridge's clock past a login
    // state's expiry while the store still holds it.
    logins: new MemorySingleUseStore(new TestClock()),
    audit: new MemoryAuditLog(),
    adminTrail: new MemoryTrail<AdminRecord>(),
    refusalTrail: new MemoryTrail<RefusalCounts>(),
  };
  const bridge = createBridge({ stores, clock, logger: silentLogger, timeoutSeconds: 2, endpoints: async () => BRIDGE_ENDPOINTS, settingsCacheMs: 0 });
  // The stores given, typed as what they are, for tests to look into.
  const deps: Harness['deps'] = { ...bridge, store: stores.logins, clock, audit: stores.audit };
  return {
    entra,
    settings: { config: configFor(entra.authority), secretsVersion: 'harness', identityProvider: TEST_IDP, callbackUrl: CALLBACK_URL },
    deps,
    signer,
    setFetch(fetch) {
      (deps as { fetch?: Fetch }).fetch = fetch;
    },
    loadSecrets: async () => ok({ clientCredential: CLIENT_SECRET, signingKey: signer.key }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bridge as a browser sees it: requests carry the browser's cookies for the bridge's URL. */
export function bridgeRequest(browser: CookieBrowser, method: 'GET' | 'POST', url: string, form?: Record<string, string>): HttpRequest {
  const { searchParams } = new URL(url);
  const query: Record<string, string[]> = {};
  for (const [name, value] of searchParams) (query[name] ??= []).push(value);
  const headers: Record<string, string[]> = {};
  const cookie = browser.cookieHeader(url);
  if (cookie !== undefined) headers['cookie'] = [cookie];
  if (form !== undefined) headers['content-type'] = ['application/x-www-form-urlencoded'];
  return { method, query, headers, body: form === undefined ? '' : new URLSearchParams(form).toString() };
}

/** Keeps the bridge's Set-Cookie in the browser, as if the bridge were at `url`. */
export function receiveAtBrowser(browser: CookieBrowser, response: HttpResponse, url: string): void {
  const cookie = response.headers['Set-Cookie'];
  if (cookie !== undefined) browser.storeCookie(cookie, url);
}

/** SSO URL → 302 to Entra (cookie kept). */
export async function startAtBridge(h: Harness, browser: CookieBrowser, ssoUrlWithQuery: string): Promise<HttpResponse> {
  const response = await startLogin(readRequest(bridgeRequest(browser, 'GET', ssoUrlWithQuery)), h.settings, h.deps);
  receiveAtBrowser(browser, response, ssoUrlWithQuery);
  return response;
}

export async function startIdpInitiatedAtBridge(h: Harness, browser: CookieBrowser, relayState?: string): Promise<HttpResponse> {
  const url = `https://bridge.example.net/saml/login${relayState === undefined ? '' : `?RelayState=${encodeURIComponent(relayState)}`}`;
  const response = await startIdpInitiatedLogin(readRequest(bridgeRequest(browser, 'GET', url)), h.settings, h.deps);
  receiveAtBrowser(browser, response, url);
  return response;
}

/** At the stand-in: follow the authorize redirect, pick the user, return the form_post fields for the callback. */
export async function signInAtEntra(browser: CookieBrowser, authorizeUrl: string, oid: string, callbackUrl = CALLBACK_URL): Promise<Record<string, string>> {
  const loginPage = await browser.follow(authorizeUrl);
  if (loginPage.response.status !== 200) throw new Error(`login page: HTTP ${loginPage.response.status}`);
  const form = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const answer = await browser.follow(form.action, { form: { login: oid } });
  const formPost = readHtmlForm(await answer.response.text(), answer.url);
  if (formPost.action !== callbackUrl) throw new Error(`form_post goes to ${formPost.action}`);
  return formPost.fields;
}

/** The callback, posted by the browser (with its bridge cookies). */
export function postCallback(h: Harness, browser: CookieBrowser, fields: Record<string, string>): Promise<HttpResponse> {
  return finishLogin(readRequest(bridgeRequest(browser, 'POST', CALLBACK_URL, fields)), fixedCallbackSettings(h.settings), h.loadSecrets, h.deps);
}

/** Starts a harness for the test file (beforeAll) and stops it (afterAll); call the getter inside tests. */
export function useHarness(): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (harness === undefined) throw new Error('the harness starts in beforeAll');
    return harness;
  };
}

/** node-saml standing where Guard stands, trusting the harness's signing certificate. */
export function guardFor(h: Harness, validateInResponseTo = ValidateInResponseTo.always) {
  return independentSp({
    serviceProvider: GUARD_SP,
    idpCertificatePem: h.signer.identity.certificatePem,
    ssoUrl: TEST_IDP.ssoUrl,
    idpEntityId: TEST_IDP.entityId,
    validateInResponseTo,
  });
}

/** Guard's AuthnRequest to the bridge, then the user's sign-in at Entra ID: Guard, the browser and the form_post fields. */
export async function upToCallback(h: Harness, oid: string) {
  const guard = guardFor(h);
  const browser = new CookieBrowser();
  const toEntra = await startAtBridge(h, browser, await guard.getAuthorizeUrlAsync('', undefined, {}));
  const fields = await signInAtEntra(browser, toEntra.headers['Location'] ?? '', oid);
  return { guard, browser, fields };
}
