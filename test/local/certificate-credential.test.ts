import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupView } from '../../src/core/setup/setup-view';
import { createEntraStandIn, type EntraStandIn } from '../../src/demo/entra-stand-in';
import type { LocalServer } from '../../src/local/server';
import { runTestSignIn } from '../../testkit/admin-invoke';
import { configuredBridge } from '../../testkit/configured-bridge';
import { startGuardSignIn } from '../../testkit/guard-sign-in';
import { freePort } from '../../testkit/free-port';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { readPostForm } from '../../testkit/post-form';

/**
 * The bridge's own client certificate, through the local runtime: created by the admin API,
 * "uploaded" to an oidc-provider stand-in that then accepts only private_key_jwt with it.
 */
let standInServer: Server;
let standIn: EntraStandIn | undefined;
let bridge: LocalServer;
let dataDir: string;
let view: SetupView;

async function invoke(action: string, payload: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const response = await fetch(`${bridge.url}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${bridge.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ action, payload }) });
  return (await response.json()) as never;
}

beforeAll(async () => {
  standInServer = createServer((request, response) => {
    if (standIn?.handle(request, response) !== true) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => standInServer.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(standInServer.address() as AddressInfo).port}`;
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-certificate-'));
  const port = await freePort();
  bridge = await configuredBridge({ port, dataDir, authority: `${origin}/cert` });
  // Set up with a client secret first: the app registration takes the secret, no certificate yet.
  standIn = createEntraStandIn({ origin, basePath: '/cert', tenantId: TENANT_ID, clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${bridge.url}/oidc/callback`] }], users: Object.values(USERS) });
  view = (await invoke('getSetup')).value as SetupView;
});
afterAll(async () => {
  await bridge?.close();
  standInServer.closeAllConnections();
  await new Promise<void>((resolve) => standInServer.close(() => resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

async function startSignIn() {
  const { guard, finish } = await startGuardSignIn({ ssoUrl: `${bridge.url}/saml/sso`, certificatePem: view.signing?.certificatePem ?? '', oid: USERS.alice.oid });
  return {
    finish: async () => {
      const { profile } = await guard.validatePostResponseAsync({ SAMLResponse: readPostForm(await finish()).fields['SAMLResponse'] ?? '' });
      return profile?.nameID;
    },
  };
}

describe('the client certificate as the credential', () => {
  it('replaces the secret: a sign-in begun with the secret completes with it; after the upload, sign-ins present the certificate', async () => {
    expect(await (await startSignIn()).finish()).toBe('alice.anders@contoso.com');
    const inFlight = await startSignIn();
    const created = await invoke('createClientCertificate');
    expect(created.ok).toBe(true);
    view = created.value as SetupView;
    // Begun with the secret: finished with it (this app registration holds no certificate yet).
    expect(await inFlight.finish()).toBe('alice.anders@contoso.com');
    // The admin uploads the certificate to the app registration; from then on it is the credential, and the only one accepted.
    standIn = createEntraStandIn({
      origin: new URL(standIn?.authority ?? '').origin,
      basePath: '/cert',
      tenantId: TENANT_ID,
      clients: [{ clientId: CLIENT_ID, clientSecret: 'not-accepted', redirectUris: [`${bridge.url}/oidc/callback`], certificatePem: view.clientCertificate?.certificatePem ?? '' }],
      users: Object.values(USERS),
    });
    expect(await (await startSignIn()).finish()).toBe('alice.anders@contoso.com');
  });

  it('is shown for upload with its thumbprints, and Test connection proves it', async () => {
    expect(view.clientCredential).toBe('certificate');
    expect(view.clientCertificate?.thumbprintSha1).toMatch(/^[0-9A-F]{40}$/);
    expect(view.clientCertificate?.thumbprintS256).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(view)).not.toMatch(/PRIVATE KEY/);
    expect(await invoke('testEntraConnection')).toMatchObject({ ok: true });
  });

  it('reports a test sign-in made with the certificate as such, with its thumbprint, and never the client secret', async () => {
    const report = await runTestSignIn(bridge, USERS.alice.oid);
    const thumbprint = view.clientCertificate?.thumbprintSha1 ?? '';
    expect(report).toMatchObject({ status: 'passed', directory: { connection: 'step 1’s directory', clientId: CLIENT_ID, credential: `a client assertion signed with the bridge’s certificate (thumbprint ${thumbprint})` } });
    expect(report.directory?.issuer).toContain(TENANT_ID);
    const checks = report.checks.join('\n');
    expect(checks).toContain(`with PKCE (S256) and a client assertion signed with the bridge’s certificate (thumbprint ${thumbprint})`);
    expect(checks).not.toContain('secret');
    // Entra ID does not offer RFC 9207: the report says the Redirect URI ties the answer instead.
    expect(checks).toContain('does not offer the iss parameter');
  });

  it('signs a person in, and a sign-in in progress completes across a switch to the secret', async () => {
    expect(await (await startSignIn()).finish()).toBe('alice.anders@contoso.com');
    const inFlight = await startSignIn();
    expect(await invoke('useClientCredential', { credential: 'secret' })).toMatchObject({ ok: true });
    // Begun with the certificate: finished with it (the stand-in, like this app registration, takes nothing else).
    expect(await inFlight.finish()).toBe('alice.anders@contoso.com');
    // New sign-ins now present the secret, which this stand-in does not accept: Test connection says so.
    expect(await invoke('testEntraConnection')).toMatchObject({ ok: false, error: { code: 'ENTRA_CLIENT_SECRET_INVALID' } });
    expect(await invoke('useClientCredential', { credential: 'certificate' })).toMatchObject({ ok: true });
    expect(await invoke('testEntraConnection')).toMatchObject({ ok: true });
  });

  it('rotates the certificate without lockout: prepare, upload beside the current, activate; a sign-in in progress completes; roll back', async () => {
    const origin = new URL(standIn?.authority ?? '').origin;
    const uploadAll = (certificates: string[]) => {
      standIn = createEntraStandIn({ origin, basePath: '/cert', tenantId: TENANT_ID, clients: [{ clientId: CLIENT_ID, clientSecret: 'not-accepted', redirectUris: [`${bridge.url}/oidc/callback`], certificatePem: certificates }], users: Object.values(USERS) });
    };
    const current = view.clientCertificate?.certificatePem ?? '';
    const prepared = (await invoke('prepareNextClientCertificate')) as { ok: boolean; value: SetupView };
    expect(prepared.ok).toBe(true);
    const next = prepared.value.nextClientCertificate?.certificatePem ?? '';
    expect(next).not.toBe(current);
    // Until activated, the current certificate still signs: Entra with only the current one is fine.
    expect(await (await startSignIn()).finish()).toBe('alice.anders@contoso.com');
    uploadAll([current, next]);
    const inFlight = await startSignIn();
    expect((await invoke('activateNextClientCertificate')).ok).toBe(true);
    expect(await inFlight.finish()).toBe('alice.anders@contoso.com');
    expect(await (await startSignIn()).finish()).toBe('alice.anders@contoso.com');
    // Entra left with only the old certificate: the next one is refused with its page; rolling back mends it.
    uploadAll([current]);
    expect(await invoke('testEntraConnection')).toMatchObject({ ok: false, error: { code: 'ENTRA_CLIENT_CERTIFICATE_INVALID' } });
    expect((await invoke('rollBackClientCertificate')).ok).toBe(true);
    expect(await invoke('testEntraConnection')).toMatchObject({ ok: true });
    const trail = (await invoke('listAdminTrail')) as { value: { action: string }[] };
    expect(trail.value.map((record) => record.action).slice(0, 3)).toEqual(['rollBackClientCertificate', 'activateNextClientCertificate', 'prepareNextClientCertificate']);
  });

  it('never stores or writes a client assertion', async () => {
    const files = await readdir(dataDir);
    for (const file of files) expect(await readFile(join(dataDir, file), 'utf8')).not.toMatch(/client_assertion|eyJ[A-Za-z0-9_-]{20,}\./);
  });
});
