import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/server';
import { configuredBridge } from '../../testkit/configured-bridge';
import type { StandInUser } from '../../src/demo/entra-stand-in';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { independentSp } from '../../testkit/node-saml-sp';
import { SP } from './environment';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const USERS: StandInUser[] = Array.from({ length: 200 }, (_, i) => ({
  oid: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  email: `user${i}@contoso.com`,
  givenName: `User${i}`,
  familyName: 'Concurrent',
  emailDomainVerified: true,
}));

let server: LocalServer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-concurrency-'));
  const port = await freePort();
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `http://127.0.0.1:${port}/oidc/callback`, users: USERS });
  server = await configuredBridge({ port, dataDir, authority: entra.entra.authority, sp: SP });
}, 30_000);
afterAll(async () => {
  await server?.close();
  await entra?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function certificate(): Promise<string> {
  const response = await fetch(`${server.url}/saml/metadata`);
  const base64 = /<ds:X509Certificate>([^<]+)</.exec(await response.text())?.[1] ?? '';
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----`;
}

/** One person's whole sign-in; answers the NameID and InResponseTo the independent SP verified. */
async function signIn(user: StandInUser, pem: string): Promise<{ nameId: string; inResponseTo: string; requestId: string }> {
  const sp = independentSp({ serviceProvider: SP, idpCertificatePem: pem, ssoUrl: `${server.url}/saml/sso` });
  const browser = new CookieBrowser();
  const ssoUrl = await sp.getAuthorizeUrlAsync(user.oid.slice(-12), undefined, {});
  const toEntra = await browser.request(ssoUrl);
  const loginPage = await browser.follow(toEntra.headers.get('location') ?? '');
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: user.oid } });
  const callback = readHtmlForm(await formPost.response.text(), formPost.url);
  const answer = await browser.request(callback.action, { form: callback.fields });
  const form = readHtmlForm(await answer.text(), server.url);
  const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: form.fields['SAMLResponse'] ?? '', RelayState: form.fields['RelayState'] ?? '' });
  const xml = Buffer.from(form.fields['SAMLResponse'] ?? '', 'base64').toString('utf8');
  return { nameId: profile?.nameID ?? '', inResponseTo: String(profile?.inResponseTo ?? ''), requestId: /InResponseTo="([^"]+)"/.exec(xml)?.[1] ?? '' };
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('200 sign-ins in flight at once', () => {
  it('each Response names its own user and answers its own AuthnRequest; memory returns to its level', async () => {
    const pem = await certificate();
    // Warm up: JIT, discovery, JWKS and pools, so the baseline is the steady state.
    await Promise.all(USERS.slice(0, 20).map((user) => signIn(user, pem)));
    const baseline = heapAfterGc();

    const results = await Promise.all(USERS.map((user) => signIn(user, pem)));
    results.forEach((result, i) => {
      expect(result.nameId).toBe(`user${i}@contoso.com`);
      expect(result.inResponseTo).toBe(result.requestId);
    });
    expect(new Set(results.map((r) => r.inResponseTo)).size).toBe(200);

    // What stays is a small "used" marker per login state until its TTL: the heap settles back.
    const after = heapAfterGc();
    console.log(`heap: baseline ${(baseline / 1048576).toFixed(1)} MiB, after 200 sign-ins ${(after / 1048576).toFixed(1)} MiB`);
    expect(after - baseline).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);
});
