import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fetch } from '../../src/core/kernel/ports';
import type { StandInUser } from '../../src/demo/entra-stand-in';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { USERS, TestClock } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { independentSp } from '../../testkit/node-saml-sp';
import { GUARD_SP } from '../../testkit/constants';

/** Guard's connection, as every test names it. */
export const SP = GUARD_SP;

/** Accounts whose claims are hostile in one way each. */
export const HOSTILE_USERS = {
  lookAlike: { oid: '10000000-0000-4000-8000-000000000001', email: 'alice@cоntoso.com', emailDomainVerified: true },
  upperCase: { oid: '10000000-0000-4000-8000-000000000002', email: 'Carol.Upper@CONTOSO.COM', givenName: 'Carol', familyName: 'Upper', emailDomainVerified: true },
  plusTag: { oid: '10000000-0000-4000-8000-000000000003', email: 'dave+jira@contoso.com', emailDomainVerified: true },
  trailingDot: { oid: '10000000-0000-4000-8000-000000000004', email: 'erin@contoso.com.' },
  guest: { oid: '10000000-0000-4000-8000-000000000005', email: 'frank@fabrikam.com', preferredUsername: 'frank_fabrikam.com#EXT#@contoso.onmicrosoft.com' },
  crlf: { oid: '10000000-0000-4000-8000-000000000006', email: 'grace@contoso.com\r\nX-Injected: 1' },
  noEdov: { oid: '10000000-0000-4000-8000-000000000008', email: 'ivan@contoso.com', givenName: 'Ivan' },
  // Names and emails holding the line-separator characters xmldom normalises.
  nelName: { oid: '10000000-0000-4000-8000-000000000009', email: 'judy@contoso.com', givenName: 'Judy\u0085Ann', familyName: 'Nel', emailDomainVerified: true },
  lsName: { oid: '10000000-0000-4000-8000-00000000000a', email: 'karl@contoso.com', givenName: 'Karl', familyName: 'Line\u2028Sep', emailDomainVerified: true },
  psName: { oid: '10000000-0000-4000-8000-00000000000b', email: 'lena@contoso.com', givenName: 'Lena', familyName: 'Para\u2029Graph', emailDomainVerified: true },
  nelEmail: { oid: '10000000-0000-4000-8000-00000000000c', email: 'mia\u0085@contoso.com', emailDomainVerified: true },
  lsEmail: { oid: '10000000-0000-4000-8000-00000000000d', email: 'ned\u2028x@contoso.com', emailDomainVerified: true },
  psEmail: { oid: '10000000-0000-4000-8000-00000000000e', email: 'ol\u2029ga@contoso.com', emailDomainVerified: true },
  markupName: { oid: '10000000-0000-4000-8000-000000000007', email: 'heidi@contoso.com', givenName: '<script>alert(1)</script>', familyName: '"]]><!--', emailDomainVerified: true },
} satisfies Record<string, StandInUser>;

export interface Outcome {
  readonly status: number;
  readonly body: string;
}

/** The bridge as deployed self-hosted, with an Entra ID stand-in, under attack over plain HTTP. */
export class SecurityEnvironment {
  server!: LocalServer;
  /** The bridge's clock: a test can move it (the stand-in keeps real time). */
  readonly clock = new TestClock();
  private entra!: Awaited<ReturnType<typeof startEntraServer>>;
  private dataDir!: string;
  private tokenFetch: Fetch | undefined;

  get entraAuthority(): string {
    return this.entra.entra.authority;
  }

  signingJwk(): Readonly<Record<string, unknown>> {
    return this.entra.entra.currentSigningKey();
  }

  async start(): Promise<void> {
    this.dataDir = await mkdtemp(join(tmpdir(), 'bridge-security-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    this.entra = await startEntraServer({
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: `${url}/oidc/callback`,
      users: [...Object.values(USERS), ...Object.values(HOSTILE_USERS)],
    });
    this.server = await startLocalServer({
      host: '127.0.0.1',
      port,
      dataDir: this.dataDir,
      adminToken: 'security-suite-admin-token',
      clock: this.clock,
      fetch: (target, options) => (this.tokenFetch ?? ((u, o) => fetch(u, o as RequestInit)))(target, options),
      configuration: {
        config: {
          entra: { authority: this.entra.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email', requireXmsEdov: true },
          guard: { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com'] },
        },
        clientCredential: 'secret',
        clientSecret: CLIENT_SECRET,
      },
    });
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await this.entra?.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** The bridge's data folder (the files it writes). */
  get dataDirectory(): string {
    return this.dataDir;
  }

  /** Replaces how the bridge reaches the token endpoint (hostile token responses); undefined restores it. */
  setFetch(fetchOverride: Fetch | undefined): void {
    this.tokenFetch = fetchOverride;
  }

  /** Everything stored on disk, to prove a refusal changed nothing. */
  async snapshot(): Promise<string> {
    const names = (await readdir(this.dataDir)).filter((name) => name.startsWith('config') || name.startsWith('secrets')).sort();
    const contents = await Promise.all(names.map(async (name) => `${name}:${await readFile(join(this.dataDir, name), 'utf8')}`));
    return contents.join('\n');
  }

  /**
   * The setup in force as the data folder holds it: the configuration without the marker of a
   * prepared change and the time of its last write, and the secrets versions it names.
   */
  async inForce(): Promise<{ config: unknown; secrets: string[] }> {
    const { staged: _staged, updatedAt: _at, ...config } = JSON.parse(await readFile(join(this.dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    const names = (await readdir(this.dataDir)).filter((name) => name.startsWith('secrets')).sort();
    return { config, secrets: await Promise.all(names.map(async (name) => `${name}:${await readFile(join(this.dataDir, name), 'utf8')}`)) };
  }

  /** The snapshots of prepared changes (and of setups to roll back to) in the data folder. */
  async snapshotFiles(): Promise<string[]> {
    return (await readdir(this.dataDir)).filter((name) => name.startsWith('snapshot-')).sort();
  }

  async certificate(): Promise<string> {
    const config = JSON.parse(await readFile(join(this.dataDir, 'config.json'), 'utf8')) as { signing: { certificatePem: string } };
    return config.signing.certificatePem;
  }

  async request(browser: CookieBrowser, path: string, init: { method?: string; form?: Record<string, string>; body?: string; headers?: Record<string, string> } = {}): Promise<Outcome> {
    const url = `${this.server.url}${path}`;
    if (init.body !== undefined) {
      const response = await fetch(url, { method: init.method ?? 'POST', body: init.body, headers: { ...init.headers, ...(browser.cookieHeader(url) !== undefined && { cookie: browser.cookieHeader(url) ?? '' }) } });
      return { status: response.status, body: await response.text() };
    }
    const response = await browser.request(url, init);
    return { status: response.status, body: await response.text() };
  }

  /** Guard's AuthnRequest, the sign-in at the stand-in: the form_post fields for the callback. */
  async upToCallback(oid: string, browser = new CookieBrowser()): Promise<{ browser: CookieBrowser; fields: Record<string, string> }> {
    return this.signInAtEntra(browser, await this.startSignIn(browser), oid);
  }

  /** Guard's AuthnRequest to the bridge: the address at Entra ID the browser is sent to. */
  async startSignIn(browser: CookieBrowser): Promise<string> {
    const sp = independentSp({ serviceProvider: SP, idpCertificatePem: await this.certificate(), ssoUrl: `${this.server.url}/saml/sso` });
    const toEntra = await browser.request(await sp.getAuthorizeUrlAsync('', undefined, {}));
    if (toEntra.status !== 302) throw new Error(`the sign-in did not start: ${toEntra.status}`);
    return toEntra.headers.get('location') ?? '';
  }

  /** The person signs in at Entra ID: the form_post fields for the bridge's callback. */
  async signInAtEntra(browser: CookieBrowser, location: string, oid: string): Promise<{ browser: CookieBrowser; fields: Record<string, string> }> {
    const loginPage = await browser.follow(location);
    const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
    const formPost = await browser.follow(login.action, { form: { login: oid } });
    const callback = readHtmlForm(await formPost.response.text(), formPost.url);
    return { browser, fields: callback.fields };
  }

  callback(browser: CookieBrowser, fields: Record<string, string>): Promise<Outcome> {
    return this.request(browser, '/oidc/callback', { form: fields });
  }

  async invoke(action: unknown, payload: unknown, token: string | null = 'security-suite-admin-token'): Promise<Outcome> {
    const response = await fetch(`${this.server.url}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token !== null && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ action, payload }),
    });
    return { status: response.status, body: await response.text() };
  }
}
