import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebTriggerRequest } from '@forge/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminRecord } from '../../src/core/audit/admin-record';
import { forgetTenants } from '../../src/core/oidc/relying-party';
import { silentLogger } from '../../src/core/kernel/ports';
import type { ApiResult } from '../../src/core/setup/api-result';
import { PORTABLE_FORMAT } from '../../src/core/setup/portable-configuration';
import type { SetupView } from '../../src/core/setup/setup-view';
import { createForgeAdmin } from '../../src/forge/admin-runtime';
import { createForgeBridge } from '../../testkit/forge-bridge';
import type { ForgePlatform } from '../../src/forge/platform';
import { createEntraStandIn, type EntraStandIn, type StandInUser } from '../../src/demo/entra-stand-in';
import { CookieBrowser } from '../../testkit/cookie-browser';
import { KvsDouble } from '../../testkit/kvs-double';
import { signInAtEntra } from '../../testkit/login-harness';
import { independentSp } from '../../testkit/node-saml-sp';
import { readPostForm } from '../../testkit/post-form';
import { CALLBACK_URL } from '../../testkit/constants';

/**
 * The trust boundary: a Jira admin may change the settings that decide whom the bridge
 * vouches for only together with a new signing key, which Guard does not trust until an
 * organisation admin pastes it in. So after any change of trust, no Response is signed by
 * the key Guard trusts.
 */
const T1 = '11111111-0000-4000-8000-000000000001';
const T2 = '22222222-0000-4000-8000-000000000002';
const C1 = 'c1c1c1c1-0000-4000-8000-0000000000c1';
const C2 = 'c2c2c2c2-0000-4000-8000-0000000000c2';
const SECRET = 'Xy8Q~trust-boundary-secret-value.1234';
const CALLBACK = CALLBACK_URL;
const URLS: Record<string, string> = {
  'saml-sso': 'https://bridge.example.net/saml/sso',
  'saml-login': 'https://bridge.example.net/saml/login',
  'oidc-callback': CALLBACK,
  'saml-metadata': 'https://bridge.example.net/saml/metadata',
  health: 'https://bridge.example.net/health',
};
const ALICE: StandInUser = { oid: '00000000-0000-0000-0000-0000000a11ce', email: 'alice@contoso.com', preferredUsername: 'alice@contoso.com', givenName: 'Alice', familyName: 'A', emailDomainVerified: true };
const FRED: StandInUser = { oid: '00000000-0000-0000-0000-0000000f4ed0', email: 'fred@fabrikam.com', givenName: 'Fred', familyName: 'F', emailDomainVerified: true };
const SP = { entityId: 'https://sp.example.org/metadata', acsUrl: 'https://sp.example.org/acs' };

let server: Server;
let standIns: EntraStandIn[] = [];
let cloudA = '';
let cloudB = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    for (const standIn of standIns) if (standIn.handle(request, response)) return;
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = (...ids: string[]) => ids.map((clientId) => ({ clientId, clientSecret: SECRET, redirectUris: [CALLBACK] }));
  standIns = [
    // Two tenants share /cloud-a: neither answers for the other's.
    createEntraStandIn({ origin, basePath: '/cloud-a', tenantId: T1, clients: clients(C1, C2), users: [ALICE, FRED], answersOtherTenants: false }),
    createEntraStandIn({ origin, basePath: '/cloud-a', tenantId: T2, clients: clients(C1), users: [ALICE, FRED] }),
    createEntraStandIn({ origin, basePath: '/cloud-b', tenantId: T1, clients: clients(C1), users: [ALICE, FRED] }),
  ];
  cloudA = `${origin}/cloud-a`;
  cloudB = `${origin}/cloud-b`;
  forgetTenants();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function platform(kvs: KvsDouble): ForgePlatform {
  return {
    kvs: kvs.api,
    installation: () => 'installation-trust',
    webTriggerUrl: async (key) => URLS[key] ?? '',
    requestJiraAsUser: async () => ({ ok: true, status: 200, json: async () => ({ permissions: { ADMINISTER: { havePermission: true } } }) }),
  };
}

function webTriggerRequest(method: 'GET' | 'POST', url: string, browser: CookieBrowser, form?: Record<string, string>): WebTriggerRequest {
  const parsed = new URL(url);
  const queryParameters: Record<string, string[]> = {};
  for (const [name, value] of parsed.searchParams) (queryParameters[name] ??= []).push(value);
  const headers: Record<string, string[]> = {};
  const cookie = browser.cookieHeader(url);
  if (cookie !== undefined) headers['Cookie'] = [cookie];
  if (form !== undefined) headers['Content-Type'] = ['application/x-www-form-urlencoded'];
  return { method, path: parsed.pathname, headers, queryParameters, body: form === undefined ? '' : new URLSearchParams(form).toString() };
}

const BASE = {
  entra: { authority: '', tenantId: T1, clientId: C1, nameIdClaim: 'email' },
  guard: { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com'] },
};

/** Real time, a second further at every reading: admin actions apart in time, as they are. */
function tickingClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + (offset += 1000)) };
}

async function boundSetup() {
  const kvs = new KvsDouble();
  const resolve = createForgeAdmin(platform(kvs), { timeoutSeconds: 2, clock: tickingClock() });
  const answers = [
    await resolve('saveEntraStep', { ...BASE.entra, authority: cloudA, clientSecret: SECRET }, 'admin-1'),
    await resolve('saveGuardStep', BASE.guard, 'admin-1'),
    await resolve('createSigningKey', {}, 'admin-1'),
  ];
  for (const answer of answers) expect(answer).toMatchObject({ ok: true });
  const setup = ((await resolve('getSetup', {})) as { value: SetupView }).value;
  return { kvs, resolve, certificate: setup.signing?.certificatePem ?? '' };
}

/** A whole sign-in through the Forge web triggers, verified by an SP trusting `certificates`. */
async function signIn(kvs: KvsDouble, sp: { entityId: string; acsUrl: string }, certificates: string[], user: StandInUser = ALICE): Promise<string | Error> {
  const bridge = createForgeBridge(platform(kvs), { timeoutSeconds: 2, settingsCacheMs: 0 });
  const guard = independentSp({ serviceProvider: sp, idpCertificatePem: certificates as unknown as string, ssoUrl: URLS['saml-sso'] ?? '' });
  const browser = new CookieBrowser();
  const ssoUrl = await guard.getAuthorizeUrlAsync('', undefined, {});
  const toEntra = await bridge.sso(webTriggerRequest('GET', ssoUrl, browser));
  if (toEntra.statusCode !== 302) return new Error(`start: ${/[A-Z_]{8,}/.exec(toEntra.body ?? '')?.[0]}`);
  browser.storeCookie(toEntra.headers?.['Set-Cookie']?.[0] ?? '', ssoUrl);
  const fields = await signInAtEntra(browser, toEntra.headers?.['Location']?.[0] ?? '', user.oid, CALLBACK);
  const toGuard = await bridge.callback(webTriggerRequest('POST', CALLBACK, browser, fields));
  if (toGuard.statusCode !== 200) return new Error(`callback: ${/[A-Z_]{8,}/.exec(toGuard.body ?? '')?.[0]}`);
  try {
    const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: readPostForm(toGuard.body ?? '').fields['SAMLResponse'] ?? '' });
    return profile?.nameID ?? '';
  } catch (error) {
    return error as Error;
  }
}

const snapshot = (kvs: KvsDouble) => JSON.stringify([[...kvs.plain.entries()].filter(([key]) => !key.startsWith('admin:')), [...kvs.secrets.entries()]]);

/** `newClient`: another app registration, whose secret the save must bring (a secret belongs to its client). */
type Change = { name: string; entra?: Record<string, unknown>; guard?: Record<string, unknown>; sp?: typeof SP; user?: StandInUser; newClient?: boolean };
const CHANGES: Change[] = [
  { name: 'tenant ID', entra: { tenantId: T2 }, newClient: true },
  { name: 'client ID', entra: { clientId: C2 }, newClient: true },
  { name: 'authority', entra: { authority: 'cloud-b' }, newClient: true },
  { name: 'NameID claim', entra: { nameIdClaim: 'preferred_username' } },
  { name: 'allowed domains', guard: { allowedDomains: ['contoso.com', 'fabrikam.com'] }, user: FRED },
  { name: 'SP Entity ID', guard: { spEntityId: 'https://sp2.example.org/metadata' }, sp: { ...SP, entityId: 'https://sp2.example.org/metadata' } },
  { name: 'ACS URL', guard: { acsUrl: 'https://sp.example.org/acs2' }, sp: { ...SP, acsUrl: 'https://sp.example.org/acs2' } },
];

function changed(change: Change) {
  const entra = { ...BASE.entra, authority: cloudA, ...change.entra };
  if (entra.authority === 'cloud-b') entra.authority = cloudB;
  return { entra, guard: { ...BASE.guard, ...change.guard } };
}

describe('the trust boundary', () => {
  for (const route of ['save', 'import'] as const) {
    it.each(CHANGES.map((change) => [change.name, change] as const))(`a change of %s (${route}) is prepared unconfirmed: the old key and settings hold until activation, then the new ones`, async (_name, change) => {
      const { kvs, resolve, certificate: oldCertificate } = await boundSetup();
      expect(await signIn(kvs, SP, [oldCertificate])).toBe('alice@contoso.com');
      const target = changed(change);
      const save = (confirm: boolean): Promise<ApiResult<unknown>> => {
        const confirmation = confirm ? { confirmTrustChange: true } : {};
        if (route === 'import') return resolve('importConfiguration', { format: PORTABLE_FORMAT, ...target, ...confirmation }, 'admin-2');
        const secret = change.newClient === true ? { clientSecret: SECRET } : {};
        return change.entra !== undefined ? resolve('saveEntraStep', { ...target.entra, ...secret, ...confirmation }, 'admin-2') : resolve('saveGuardStep', { ...target.guard, ...confirmation }, 'admin-2');
      };

      const before = snapshot(kvs);
      if (route === 'import' && change.newClient === true) {
        // A file carries no secret, and step 1's stays with its own app registration: refused, confirmed or not.
        for (const confirm of [false, true]) expect(await save(confirm)).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID', fields: { 'entra.clientId': expect.stringContaining('another app registration') } } });
        expect(snapshot(kvs)).toBe(before);
        expect(await signIn(kvs, SP, [oldCertificate])).toBe('alice@contoso.com');
        return;
      }
      // Unconfirmed, the change is prepared: sign-ins go on with the settings and key in force.
      const prepared = (await save(false)) as ApiResult<SetupView>;
      expect(prepared.ok).toBe(true);
      const stagedView = (prepared as { value: SetupView }).value;
      expect(stagedView.signing?.certificatePem).toBe(oldCertificate);
      const newCertificate = stagedView.staged?.certificate.certificatePem ?? '';
      expect(newCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(newCertificate).not.toBe(oldCertificate);
      expect(await signIn(kvs, SP, [oldCertificate])).toBe('alice@contoso.com');
      const sp = change.sp ?? SP;
      const user = change.user ?? ALICE;
      if (user !== ALICE) expect(await signIn(kvs, SP, [oldCertificate], user)).toBeInstanceOf(Error);

      // Activated: settings and key at once. Guard still trusting only the old certificate
      // refuses every later sign-in; with the new one pasted, sign-in works.
      expect((await resolve('activateTrustChange', {}, 'admin-2')).ok).toBe(true);
      expect(await signIn(kvs, sp, [oldCertificate], user)).toBeInstanceOf(Error);
      expect(await signIn(kvs, sp, [newCertificate], user)).toBe(user.email);
      const trail = ((await resolve('listAdminTrail', {})) as { value: AdminRecord[] }).value;
      expect(trail.slice(0, 2)).toMatchObject([{ actor: 'Atlassian account admin-2', stage: 'activated' }, { actor: 'Atlassian account admin-2', stage: 'prepared' }]);
    });

    it.each(CHANGES.filter((change) => route === 'save' || change.newClient !== true).map((change) => [change.name, change] as const))(`a change of %s (${route}) confirmed replaces the key at once: the old key never signs again`, async (_name, change) => {
      const { kvs, resolve, certificate: oldCertificate } = await boundSetup();
      const target = changed(change);
      const secret = change.newClient === true ? { clientSecret: SECRET } : {};
      const saved = (
        route === 'import'
          ? await resolve('importConfiguration', { format: PORTABLE_FORMAT, ...target, confirmTrustChange: true }, 'admin-2')
          : change.entra !== undefined
            ? await resolve('saveEntraStep', { ...target.entra, ...secret, confirmTrustChange: true }, 'admin-2')
            : await resolve('saveGuardStep', { ...target.guard, confirmTrustChange: true }, 'admin-2')
      ) as ApiResult<SetupView>;
      expect(saved.ok).toBe(true);
      const view = (saved as { value: SetupView }).value;
      const newCertificate = view.signing?.certificatePem ?? '';
      expect(newCertificate).not.toBe(oldCertificate);
      expect(view.nextSigning).toBeUndefined();
      expect(view.previousSigning).toBeUndefined();
      expect(view.staged).toBeUndefined();
      // The old private key is gone from secret storage: nothing can sign with it any more.
      const oldKeyLine = oldCertificate.split('\n')[1] ?? '';
      expect(JSON.stringify([...kvs.secrets.values()])).not.toContain(oldKeyLine);
      const sp = change.sp ?? SP;
      const user = change.user ?? ALICE;
      expect(await signIn(kvs, sp, [oldCertificate], user)).toBeInstanceOf(Error);
      expect(await signIn(kvs, sp, [newCertificate], user)).toBe(user.email);
      const trail = ((await resolve('listAdminTrail', {})) as { value: AdminRecord[] }).value;
      expect(trail[0]).toMatchObject({ actor: 'Atlassian account admin-2', keyReplaced: true });
    });
  }

  it('keeps the key for a client-secret rotation, a domain hint, and a key rotation for the same settings', async () => {
    const { kvs, resolve, certificate } = await boundSetup();
    const secretRotated = (await resolve('saveEntraStep', { ...BASE.entra, authority: cloudA, clientSecret: SECRET }, 'admin-1')) as { value: SetupView };
    expect(secretRotated.value.signing?.certificatePem).toBe(certificate);
    const hinted = (await resolve('saveEntraStep', { ...BASE.entra, authority: cloudA, domainHint: 'contoso.com' }, 'admin-1')) as { value: SetupView };
    expect(hinted.value.signing?.certificatePem).toBe(certificate);
    const reordered = (await resolve('saveGuardStep', { ...BASE.guard, allowedDomains: ['CONTOSO.com'] }, 'admin-1')) as ApiResult<SetupView>;
    expect(reordered.ok).toBe(true);
    expect(await signIn(kvs, SP, [certificate])).toBe('alice@contoso.com');
    // Rotation for the same settings: prepared, activated; no confirmation, same binding.
    const prepared = (await resolve('prepareNextSigningKey', {}, 'admin-1')) as { value: SetupView };
    const next = prepared.value.nextSigning?.certificatePem ?? '';
    await resolve('activateNextSigningKey', {}, 'admin-1');
    expect(await signIn(kvs, SP, [next])).toBe('alice@contoso.com');
  });

  it('binds the key only when the setup first becomes complete: before that, edits are free', async () => {
    const kvs = new KvsDouble();
    const resolve = createForgeAdmin(platform(kvs), { timeoutSeconds: 2 });
    await resolve('saveEntraStep', { ...BASE.entra, authority: cloudA, clientSecret: SECRET }, 'admin-1');
    await resolve('createSigningKey', {}, 'admin-1');
    // Guard's values are not saved yet: the tenant may change without a new key.
    const key = ((await resolve('getSetup', {})) as { value: SetupView }).value.signing?.certificatePem;
    const edited = (await resolve('saveEntraStep', { ...BASE.entra, authority: cloudA, tenantId: T2, clientSecret: SECRET }, 'admin-1')) as { value: SetupView };
    expect(edited.value.signing?.certificatePem).toBe(key);
    await resolve('saveEntraStep', { ...BASE.entra, authority: cloudA, clientSecret: SECRET }, 'admin-1');
    // Guard's values complete the setup: now it is bound, and the next change of trust is prepared, not applied.
    expect((await resolve('saveGuardStep', BASE.guard, 'admin-1')).ok).toBe(true);
    const prepared = (await resolve('saveEntraStep', { ...BASE.entra, authority: cloudA, tenantId: T2, clientSecret: SECRET }, 'admin-1')) as { value: SetupView };
    expect(prepared.value.signing?.certificatePem).toBe(key);
    expect(prepared.value.staged?.changes).toContainEqual({ field: 'entra.tenantId', before: BASE.entra.tenantId, after: T2 });
  });

  it('ends a sign-in in progress across a change of trust with a clear page, signing nothing', async () => {
    const { kvs, resolve, certificate } = await boundSetup();
    const bridge = createForgeBridge(platform(kvs), { timeoutSeconds: 2, settingsCacheMs: 0 });
    const guard = independentSp({ serviceProvider: SP, idpCertificatePem: certificate, ssoUrl: URLS['saml-sso'] ?? '' });
    const browser = new CookieBrowser();
    const ssoUrl = await guard.getAuthorizeUrlAsync('', undefined, {});
    const toEntra = await bridge.sso(webTriggerRequest('GET', ssoUrl, browser));
    browser.storeCookie(toEntra.headers?.['Set-Cookie']?.[0] ?? '', ssoUrl);
    expect((await resolve('saveGuardStep', { ...BASE.guard, allowedDomains: ['contoso.com', 'fabrikam.com'], confirmTrustChange: true }, 'admin-2')).ok).toBe(true);
    const fields = await signInAtEntra(browser, toEntra.headers?.['Location']?.[0] ?? '', ALICE.oid, CALLBACK);
    const finished = await bridge.callback(webTriggerRequest('POST', CALLBACK, browser, fields));
    expect(finished.statusCode).toBe(400);
    expect(finished.body).toContain('<code>LOGIN_SETUP_CHANGED</code>');
    expect(finished.body).not.toContain('SAMLResponse');
  });

  it('refuses to sign when the settings a sign-in started with are not the ones its key is bound to', async () => {
    const { kvs, certificate } = await boundSetup();
    // Storage edited behind the admin API's back: the domains widened, the key left as it was.
    const stored = (await kvs.api.get('setup:config')) as { guard: { allowedDomains: string[] } };
    await kvs.api.set('setup:config', { ...stored, guard: { ...stored.guard, allowedDomains: ['contoso.com', 'fabrikam.com'] } });
    const outcome = await signIn(kvs, SP, [certificate], FRED);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('callback: TRUST_BINDING_MISMATCH');
  });

  it('records every change with its actor, secrets only as replaced; a flood of strangers cannot push it out', async () => {
    const { kvs, resolve } = await boundSetup();
    await resolve('saveEntraStep', { ...BASE.entra, authority: cloudA, clientSecret: 'Another~secret-value.0987654321abcdef' }, 'admin-3');
    const bridge = createForgeBridge(platform(kvs), { timeoutSeconds: 2, logger: silentLogger });
    for (let i = 0; i < 520; i++) await bridge.sso(webTriggerRequest('GET', `${URLS['saml-sso']}?SAMLRequest=x${i}`, new CookieBrowser()));
    const trail = ((await resolve('listAdminTrail', {})) as { value: AdminRecord[] }).value;
    expect(trail.map((record) => [record.action, record.actor])).toEqual([
      ['saveEntraStep', 'Atlassian account admin-3'],
      ['createSigningKey', 'Atlassian account admin-1'],
      ['saveGuardStep', 'Atlassian account admin-1'],
      ['saveEntraStep', 'Atlassian account admin-1'],
    ]);
    expect(trail[0]?.changes).toEqual([{ field: 'entra.clientSecret', after: 'replaced' }]);
    expect(trail[1]?.changes.map((change) => change.field)).toEqual(['signing.certificate']);
    expect(trail[1]?.certificate).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(trail[2]?.changes).toContainEqual({ field: 'guard.allowedDomains', after: 'contoso.com' });
    const all = JSON.stringify(trail);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('Another~secret');
    const csv = ((await resolve('exportAdminTrail', {})) as { value: { csv: string } }).value.csv;
    expect(csv.split('\r\n')[0]).toBe('time,actor,action,field,before,after,certificate_sha256,key_replaced');
    expect(csv).toContain('Atlassian account admin-3,saveEntraStep,entra.clientSecret,,replaced');
  });
});
