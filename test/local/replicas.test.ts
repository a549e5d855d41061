import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/local/postgres/encryption';
import type { StandInUser } from '../../src/demo/entra-stand-in';
import { startBalancer, type Balancer } from '../../testkit/balancer';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { GUARD_SP } from '../../testkit/constants';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { independentSp } from '../../testkit/node-saml-sp';
import { startPostgres, type PostgresCluster } from '../../testkit/postgres';

/**
 * Three bridge processes (dist/local.mjs, as npm start runs it) on one PostgreSQL, behind a
 * load balancer, with an oidc-provider stand-in for Entra ID and node-saml for Guard.
 */
const ADMIN_TOKEN = 'replicas-admin-token-0123456789abcdefghij';
const KEY = randomBytes(32);
const USERS: StandInUser[] = Array.from({ length: 200 }, (_, i) => ({
  oid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  email: `user${i}@contoso.com`,
  givenName: `User${i}`,
  familyName: 'Replica',
  emailDomainVerified: true,
}));

let cluster: PostgresCluster;
let databaseUrl: string;
let balancer: Balancer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let work: string;
let configFile: string;
const ports: number[] = [];
const replicas: (ChildProcess | undefined)[] = [];

function startReplica(index: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['dist/local.mjs', '--port', String(ports[index]), '--host', '127.0.0.1', '--public-url', balancer.url, '--store', databaseUrl, '--config', configFile, '--data-dir', join(work, `replica-${index}`)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ADMIN_TOKEN, BRIDGE_ENCRYPTION_KEY: KEY.toString('hex'), ENTRA_CLIENT_SECRET: CLIENT_SECRET, ...extraEnv } },
  );
  replicas[index] = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${index} did not start: ${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`replica ${index} exited ${code}: ${output}`)));
  });
}

async function stopReplica(index: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const child = replicas[index];
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

async function signingCertificate(): Promise<string> {
  const answer = await fetch(`http://127.0.0.1:${ports[0]}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: '{"action":"getSetup"}' });
  return ((await answer.json()) as { value: { signing: { certificatePem: string } } }).value.signing.certificatePem;
}

/** From Guard through the balancer to Entra ID and back, up to the callback's form (not yet posted). */
async function upToCallback(user: StandInUser) {
  const sp = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: await signingCertificate(), ssoUrl: `${balancer.url}/saml/sso` });
  const browser = new CookieBrowser();
  const toEntra = await browser.request(await sp.getAuthorizeUrlAsync('', undefined, {}));
  if (toEntra.status !== 302) throw new Error(`SSO start answered ${toEntra.status}: ${/<code>(\w+)<\/code>/.exec(await toEntra.text())?.[1] ?? ''}`);
  const loginPage = await browser.follow(toEntra.headers.get('location') ?? '');
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: user.oid } });
  const callback = readHtmlForm(await formPost.response.text(), formPost.url);
  return { sp, browser, callback };
}

/** Posts the callback (through the balancer unless a replica is named) and reads the SP's verdict. */
async function finish(flow: Awaited<ReturnType<typeof upToCallback>>, port?: number): Promise<{ status: number; nameId?: string; code?: string }> {
  const target = port === undefined ? flow.callback.action : `http://127.0.0.1:${port}/oidc/callback`;
  const answer = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: flow.browser.cookieHeader(flow.callback.action) ?? '' },
    body: new URLSearchParams(flow.callback.fields).toString(),
  });
  const body = await answer.text();
  if (answer.status !== 200 || !body.includes('SAMLResponse')) return { status: answer.status, ...(/<code>(\w+)<\/code>/.exec(body)?.[1] !== undefined && { code: /<code>(\w+)<\/code>/.exec(body)?.[1] }) };
  const form = readHtmlForm(body, balancer.url);
  const { profile } = await flow.sp.validatePostResponseAsync({ SAMLResponse: form.fields['SAMLResponse'] ?? '' });
  return { status: 200, ...(profile?.nameID !== undefined && { nameId: profile.nameID }) };
}

async function signIn(user: StandInUser): Promise<string | undefined> {
  return (await finish(await upToCallback(user))).nameId;
}

async function readyz(port: number | undefined): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(8000) })).status;
  } catch {
    return 0;
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bridge-replicas-'));
  cluster = await startPostgres();
  databaseUrl = await cluster.createDatabase('bridge');
  for (let i = 0; i < 3; i++) ports.push(await freePort());
  balancer = await startBalancer([...ports]);
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `${balancer.url}/oidc/callback`, users: USERS });
  configFile = join(work, 'bridge.json');
  await writeFile(configFile, JSON.stringify({ entra: { authority: entra.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID }, guard: { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] } }));
  // All three at the same moment, against an empty database.
  await Promise.all([0, 1, 2].map((index) => startReplica(index)));
}, 90_000);

afterAll(async () => {
  for (const index of [0, 1, 2]) await stopReplica(index, 'SIGKILL');
  await balancer?.close();
  await entra?.close();
  await cluster?.destroy();
  await rm(work, { recursive: true, force: true });
});

describe('three replicas on one PostgreSQL', () => {
  it('started together against an empty database, end with one configuration and one signing key', async () => {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM bridge_config')).rows[0].n).toBe(1);
      const box = new SecretBox(KEY);
      const sealed = await db.query<{ version: string; sealed: Buffer }>('SELECT version, sealed FROM bridge_secrets');
      // Every secrets version (the first save's, kept while sign-ins begun with it may finish, and later ones) holds the same key, or none.
      const keys = new Set(sealed.rows.flatMap((row) => (JSON.parse(box.open(row.sealed, row.version)) as { signing?: { privateKeyPem: string } }).signing?.privateKeyPem ?? []));
      expect(keys.size).toBe(1);
    } finally {
      await db.end();
    }
    const metadata = await Promise.all(ports.map(async (port) => (await fetch(`http://127.0.0.1:${port}/saml/metadata`)).text()));
    expect(new Set(metadata).size).toBe(1);
  });

  it('signs people in whichever replica takes each hop', async () => {
    const pairs = [[0, 1], [1, 2], [2, 0], [1, 0], [2, 1], [0, 2]] as const;
    for (const [index, [start, callback]] of pairs.entries()) {
      balancer.pick = (path) => (path === '/saml/sso' ? start : callback);
      const user = USERS[index] as StandInUser;
      expect(await signIn(user)).toBe(user.email);
    }
    const hops = balancer.served.filter((hop) => hop.path === '/saml/sso' || hop.path === '/oidc/callback');
    expect(new Set(hops.map((hop) => `${hop.path}@${hop.target}`)).size).toBe(6);
    balancer.pick = (_path, n) => n % balancer.targets.length;
  }, 60_000);

  it('signs 200 people in at once, round robin, each as themselves', async () => {
    const results = await Promise.all(USERS.map((user) => signIn(user).catch((error: unknown) => String(error))));
    expect(results).toEqual(USERS.map((user) => user.email));
  }, 180_000);

  it('gives exactly one signed Response when one callback is replayed on every replica at once; the others get a 4xx page with its code', async () => {
    for (let round = 0; round < 5; round++) {
      const flow = await upToCallback(USERS[round] as StandInUser);
      const answers = await Promise.all(ports.map((port) => finish(flow, port)));
      expect(answers.filter((answer) => answer.nameId === (USERS[round] as StandInUser).email)).toHaveLength(1);
      for (const refused of answers.filter((answer) => answer.nameId === undefined)) {
        expect(refused.status).toBeGreaterThanOrEqual(400);
        expect(refused.status).toBeLessThan(500);
        expect(refused.code).toMatch(/^(OIDC_STATE_REPLAYED|ENTRA_CODE_REJECTED)$/);
      }
    }
  }, 60_000);

  it('loses nothing but its in-flight requests when a replica is killed mid-sign-in', async () => {
    balancer.pick = () => 2;
    const flow = await upToCallback(USERS[7] as StandInUser);
    await stopReplica(2, 'SIGKILL');
    balancer.pick = () => 0;
    expect((await finish(flow)).nameId).toBe((USERS[7] as StandInUser).email);
    await startReplica(2);
    balancer.pick = (_path, n) => n % balancer.targets.length;
  }, 60_000);

  it('with PostgreSQL stopped: /readyz says so within 15 s, pages give their code, nothing is signed; after a restart all recovers', async () => {
    const inProgress = await upToCallback(USERS[8] as StandInUser);
    const certificate = await signingCertificate();
    await cluster.stop();
    const stopped = Date.now();
    for (const port of ports) {
      await expect.poll(() => readyz(port), { timeout: 15_000, interval: 250 }).toBe(503);
    }
    expect(Date.now() - stopped).toBeLessThan(15_000);
    const sp = independentSp({ serviceProvider: GUARD_SP, idpCertificatePem: certificate, ssoUrl: `${balancer.url}/saml/sso` });
    const start = await fetch(await sp.getAuthorizeUrlAsync('', undefined, {}), { redirect: 'manual' });
    expect(start.status).toBe(503);
    await expect(start.text()).resolves.toContain('<code>STORE_UNAVAILABLE</code>');
    // A sign-in begun before the outage cannot finish during it: a page with the code, no Response.
    const during = await finish(inProgress);
    expect(during.nameId).toBeUndefined();
    expect(during.code).toBe('STORE_UNAVAILABLE');
    expect((await fetch(`http://127.0.0.1:${ports[0]}/healthz`)).status).toBe(200);

    await cluster.start();
    for (const port of ports) await expect.poll(() => readyz(port), { timeout: 20_000, interval: 250 }).toBe(200);
    expect(await signIn(USERS[9] as StandInUser)).toBe((USERS[9] as StandInUser).email);
  }, 90_000);

  it('keeps no secret readable in the database without the key', async () => {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      let everything = '';
      for (const { tablename } of tables.rows) everything += JSON.stringify((await db.query(`SELECT * FROM ${tablename}`)).rows.map((row) => Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : value))));
      expect(everything.length).toBeGreaterThan(1000);
      expect(everything).not.toContain(CLIENT_SECRET);
      expect(everything).not.toContain('PRIVATE KEY');
      expect(everything).not.toContain(KEY.toString('hex'));
    } finally {
      await db.end();
    }
  });

  it('serves metrics to the admin token only, with sign-ins by outcome, latency by route and credential expiry', async () => {
    const port = ports[0];
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(403);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    expect(metrics).toMatch(/bridge_sign_ins_total\{kind="sp",outcome="signed-in",code=""\} \d+/);
    expect(metrics).toMatch(/bridge_request_duration_seconds_bucket\{le="0\.1",route="\/oidc\/callback",status="2xx"\} \d+/);
    expect(metrics).toMatch(/bridge_credential_expiry_days\{credential="signing_certificate"\} 18\d\d/);
    // The outage above was counted by whichever replicas served during it.
    const everyReplica = await Promise.all(ports.map(async (each) => (await fetch(`http://127.0.0.1:${each}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text()));
    expect(everyReplica.join('\n')).toMatch(/bridge_store_errors_total\{store="(setup|login)",method="\w+"\} [1-9]/);
  });

  it('drains on SIGTERM: a request in flight still gets its answer, and /readyz says 503 meanwhile', async () => {
    const port = ports[1] ?? 0;
    const answer = new Promise<number>((resolve, reject) => {
      const slow = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/saml/sso', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '20' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      slow.on('error', reject);
      slow.write('SAMLRequest=');
      setTimeout(() => slow.end('aaaaaaaa'), 1500);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const child = replicas[1];
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGTERM');
    await expect.poll(() => readyz(port), { timeout: 1000, interval: 50 }).not.toBe(200);
    expect(await answer).toBe(400);
    await expect(exited).resolves.toBe(0);
  });
});

describe('starting against PostgreSQL', () => {
  const once = (env: NodeJS.ProcessEnv, args: string[] = []) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['dist/local.mjs', '--port', '0', '--config', configFile, '--data-dir', join(work, 'once'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ADMIN_TOKEN, ENTRA_CLIENT_SECRET: CLIENT_SECRET, ...env } });
      let output = '';
      let stopped = false;
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (!stopped && output.includes('Press Ctrl+C')) {
          stopped = true;
          child.kill('SIGTERM');
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });

  it('refuses to start without the encryption key, or with a malformed one, saying which', async () => {
    const missing = await once({ DATABASE_URL: databaseUrl, BRIDGE_ENCRYPTION_KEY: '' });
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('needs BRIDGE_ENCRYPTION_KEY');
    const malformed = await once({ DATABASE_URL: databaseUrl, BRIDGE_ENCRYPTION_KEY: 'not-a-key' });
    expect(malformed.code).toBe(1);
    expect(malformed.output).toContain('BRIDGE_ENCRYPTION_KEY is not a 32-byte key');
  });

  it('takes --store over DATABASE_URL', async () => {
    const started = await once({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', BRIDGE_ENCRYPTION_KEY: KEY.toString('base64') }, ['--store', databaseUrl]);
    expect(started.output).toContain('Data:           PostgreSQL');
    expect(started.code).toBe(0);
  });
});
