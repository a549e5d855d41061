import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { startupOutput } from '../../testkit/cli-process';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { independentSp } from '../../testkit/node-saml-sp';

const run = promisify(execFile);
// Not Guard: a self-hosted deployment may answer any SAML SP.
const SP = { entityId: 'https://sp.example.org/saml/metadata', acsUrl: 'https://sp.example.org/saml/acs' };

let dataDir: string;
let port: number;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let configuration: Parameters<typeof startLocalServer>[0]['configuration'];
const servers: LocalServer[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-configured-'));
  port = await freePort();
  entra = await startEntraServer({
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `http://127.0.0.1:${port}/oidc/callback`,
    users: Object.values(USERS),
  });
  configuration = {
    config: {
      entra: { authority: entra.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email', requireXmsEdov: true },
      guard: { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com'] },
    },
    clientCredential: 'secret',
    clientSecret: CLIENT_SECRET,
  };
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await entra?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function start(withConfiguration: boolean): Promise<LocalServer> {
  const server = await startLocalServer({
    host: '127.0.0.1',
    port,
    dataDir,
    adminToken: 'test-admin-token',
    ...(withConfiguration && { configuration }),
  });
  servers.push(server);
  return server;
}

/** `token: null` sends no Authorization header. */
async function invoke(server: LocalServer, action: string, token: string | null = server.adminToken) {
  const response = await fetch(`${server.url}/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ action }),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string } } };
}

/** Alice, from the SP through the bridge at `bridgeUrl` and the stand-in, back to the SP: the NameID it verified. */
async function signInThrough(bridgeUrl: string, idpCertificatePem: string): Promise<string | undefined> {
  const sp = independentSp({ serviceProvider: SP, idpCertificatePem, ssoUrl: `${bridgeUrl}/saml/sso` });
  const browser = new CookieBrowser();
  const toEntra = await browser.request(await sp.getAuthorizeUrlAsync('self-hosted', undefined, {}));
  expect(toEntra.status).toBe(302);
  const loginPage = await browser.follow(toEntra.headers.get('location') ?? '');
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: USERS.alice.oid } });
  const callback = readHtmlForm(await formPost.response.text(), formPost.url);
  const answer = await browser.request(callback.action, { form: callback.fields });
  const body = await answer.text();
  if (answer.status !== 200) throw new Error(`the callback answered ${answer.status}: ${/<code>(\w+)<\/code>/.exec(body)?.[1] ?? ''}`);
  const form = readHtmlForm(body, bridgeUrl);
  expect(form.action).toBe(SP.acsUrl);
  const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: form.fields['SAMLResponse'] ?? '', RelayState: 'self-hosted' });
  return profile?.nameID;
}

describe('npm start with --config, against a separate Entra ID stand-in and a separate SP', () => {
  let fingerprint: unknown;

  it('signs a person in: nothing depends on the demo', async () => {
    const server = await start(true);
    const setup = await invoke(server, 'getSetup');
    expect(setup.status).toBe(200);
    const signing = setup.body.value?.['signing'] as { certificatePem: string; fingerprintSha256: string };
    fingerprint = signing.fingerprintSha256;
    expect(await signInThrough(server.url, signing.certificatePem)).toBe('alice.anders@contoso.com');
    await server.close();
  });

  it('keeps configuration and signing key across a restart', async () => {
    const server = await start(false);
    const setup = await invoke(server, 'getSetup');
    expect((setup.body.value?.['signing'] as { fingerprintSha256: string }).fingerprintSha256).toBe(fingerprint);
    expect(setup.body.value?.['guard']).toMatchObject({ spEntityId: SP.entityId, acsUrl: SP.acsUrl });
    expect(setup.body.value?.['clientSecret']).toMatchObject({ set: true });
    expect(JSON.stringify(setup.body)).not.toContain(CLIENT_SECRET);
    expect(await readFile(join(dataDir, 'config.json'), 'utf8')).not.toContain(CLIENT_SECRET);
    await server.close();
  });

  it('refuses /api/invoke without the admin token, or with another one', async () => {
    const server = await start(false);
    expect(await invoke(server, 'getSetup', null)).toMatchObject({ status: 403, body: { ok: false, error: { code: 'LOCAL_ADMIN_TOKEN_REFUSED' } } });
    expect(await invoke(server, 'getSetup', 'wrong-token')).toMatchObject({ status: 403 });
    expect(await invoke(server, 'getSetup', `${server.adminToken}x`)).toMatchObject({ status: 403 });
    expect((await invoke(server, 'listRecentSignIns')).body).toMatchObject({ ok: true });
    const large = await fetch(`${server.url}/saml/sso`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `SAMLRequest=${'A'.repeat(70_000)}` });
    expect(large.status).toBe(413);
    await server.close();
  });
});

describe('the data folder', () => {
  it('never leaves a half-written file: a write killed midway leaves the previous configuration readable', async () => {
    const { build } = await import('esbuild');
    const dir = await mkdtemp(join(tmpdir(), 'bridge-kill-'));
    const script = join(dir, 'writer.mjs');
    await build({
      stdin: {
        contents: `import { JsonFiles } from ${JSON.stringify(join(process.cwd(), 'src/local/json-files.ts'))};
          const files = new JsonFiles(${JSON.stringify(dir)});
          const big = 'x'.repeat(4 * 1024 * 1024);
          await files.write('config.json', { version: 0, big });
          process.stdout.write('ready\\n');
          for (let version = 1; ; version++) await files.write('config.json', { version, big });`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 30 + round * 25));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const saved = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { version: number; big: string };
      expect(saved.version).toBeGreaterThanOrEqual(0);
      expect(saved.big).toHaveLength(4 * 1024 * 1024);
    }
    await rm(dir, { recursive: true, force: true });
  });
});

describe('the command line', () => {
  it('refuses a bad configuration file, naming the field, with a non-zero exit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bridge-cli-'));
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ entra: { tenantId: 'contoso', clientId: CLIENT_ID, clientSecret: 'x' }, guard: { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: [] } }));
    const failure = await run(process.execPath, ['dist/local.mjs', '--config', file, '--port', '0', '--data-dir', dir]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('entra.tenantId: The Directory (tenant) ID is a GUID');
    expect(failure?.stderr).toContain('guard.allowedDomains: Add at least one email domain');
    await rm(dir, { recursive: true, force: true });
  });

  it('with no secret in the file or the environment, uses a client certificate it makes once and keeps in the data folder; ENTRA_CLIENT_SECRET switches to the secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bridge-cli-'));
    const cliPort = await freePort();
    const directory = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `http://localhost:${cliPort}/oidc/callback`, users: Object.values(USERS) });
    const file = join(dir, 'bridge.json');
    await writeFile(file, JSON.stringify({ entra: { authority: directory.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID }, guard: { spEntityId: SP.entityId, acsUrl: SP.acsUrl, allowedDomains: ['contoso.com'] } }));
    const dataDir = join(dir, 'data');
    const environment: NodeJS.ProcessEnv = { ...process.env, ADMIN_TOKEN: 'a-long-operator-chosen-admin-token-0123456789' };
    delete environment['ENTRA_CLIENT_SECRET'];
    const startCli = async (env: NodeJS.ProcessEnv) => {
      const child = spawn(process.execPath, ['dist/local.mjs', '--config', file, '--port', String(cliPort), '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env });
      const output = await startupOutput(child);
      return {
        output,
        setup: async () => (await (await fetch(`http://127.0.0.1:${cliPort}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${environment['ADMIN_TOKEN'] ?? ''}`, 'content-type': 'application/json' }, body: '{"action":"getSetup"}' })).json()) as { value: { clientCredential: string; signing: { certificatePem: string } } },
        stop: async () => {
          child.kill('SIGTERM');
          await new Promise((resolve) => child.once('exit', resolve));
        },
      };
    };
    try {
      const first = await startCli(environment);
      const printed = /Client certificate for Entra ID: (\S+) \(thumbprint ([0-9A-F]{40})\)/.exec(first.output);
      expect(printed?.[1]).toBe(join(dataDir, 'entra-client-certificate.cer'));
      const certificatePem = await readFile(printed?.[1] ?? '', 'utf8');
      expect(certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(certificatePem).not.toContain('PRIVATE KEY');
      // The operator uploads the file to the app registration: from then on only the certificate is accepted.
      directory.entra.uploadClientCertificate(CLIENT_ID, certificatePem);
      const setup = await first.setup();
      expect(setup.value.clientCredential).toBe('certificate');
      expect(await signInThrough(`http://localhost:${cliPort}`, setup.value.signing.certificatePem)).toBe('alice.anders@contoso.com');
      await first.stop();

      // A restart with the same file: the same certificate (nothing new to upload) still signs people in.
      const second = await startCli(environment);
      expect(second.output).toContain(`(thumbprint ${printed?.[2] ?? ''})`);
      expect(await signInThrough(`http://localhost:${cliPort}`, (await second.setup()).value.signing.certificatePem)).toBe('alice.anders@contoso.com');
      await second.stop();

      // ENTRA_CLIENT_SECRET given: the secret is the credential (this stand-in, holding the certificate, now refuses it).
      const third = await startCli({ ...environment, ENTRA_CLIENT_SECRET: CLIENT_SECRET });
      expect(third.output).not.toContain('Client certificate for Entra ID');
      expect((await third.setup()).value.clientCredential).toBe('secret');
      await expect(signInThrough(`http://localhost:${cliPort}`, (await third.setup()).value.signing.certificatePem)).rejects.toThrow(/ENTRA_CLIENT_SECRET_INVALID/);
      await third.stop();
    } finally {
      await directory.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts in demo mode from npm start’s entry point, prints where to click, and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bridge-cli-'));
    const child = spawn(process.execPath, ['dist/demo.mjs', '--port', '0', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = await startupOutput(child);
    expect(output).toMatch(/running at http:\/\/127\.0\.0\.1:\d+ \(demo mode\)/);
    expect(output).toMatch(/Try a sign-in: +http:\/\/127\.0\.0\.1:\d+\/demo\/guard\//);
    expect(output).toMatch(/Admin wizard: +http:\/\/127\.0\.0\.1:\d+\/admin\/#token=[\w-]+/);
    const url = /running at (\S+)/.exec(output)?.[1] ?? '';
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });

  it('the production entry point carries no demo: with nothing saved it waits for the wizard, and refuses --demo', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bridge-cli-'));
    const refused = await run(process.execPath, ['dist/local.mjs', '--demo', '--port', '0', '--data-dir', dir]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('--demo: this build carries no demo; npm start runs it (dist/demo.mjs).');
    const child = spawn(process.execPath, ['dist/local.mjs', '--port', '0', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = await startupOutput(child);
    expect(output).not.toContain('demo mode');
    expect(output).toMatch(/Admin wizard: +http:\/\/127\.0\.0\.1:\d+\/admin\/#token=[\w-]+/);
    const url = /running at (\S+)/.exec(output)?.[1] ?? '';
    expect((await fetch(`${url}/demo/guard/`)).status).toBe(404);
    expect((await fetch(`${url}/demo/entra/${'d3e0d3e0-0000-4000-8000-00000000d3e0'}/v2.0/.well-known/openid-configuration`)).status).toBe(404);
    // Nothing is set up: a sign-in says so, with its code.
    const start = await fetch(`${url}/saml/login`);
    expect(await start.text()).toContain('<code>LOGIN_NOT_CONFIGURED</code>');
    child.kill('SIGTERM');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an ADMIN_TOKEN under 32 characters, and never prints one it was given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bridge-cli-'));
    const short = await run(process.execPath, ['dist/local.mjs', '--port', '0', '--data-dir', dir], { env: { ...process.env, ADMIN_TOKEN: 'password123' } }).then(
      () => undefined,
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(short?.code).toBe(1);
    expect(short?.stderr).toContain('ADMIN_TOKEN is 11 characters long; use at least 32');
    expect(`${short?.stdout ?? ''}${short?.stderr ?? ''}`).not.toContain('password123');

    const token = 'a-long-operator-chosen-admin-token-0123456789';
    const child = spawn(process.execPath, ['dist/local.mjs', '--port', '0', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ADMIN_TOKEN: token } });
    const output = await startupOutput(child);
    expect(output).toContain('/admin/  (the admin token: ADMIN_TOKEN)');
    expect(output).not.toContain(token);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  });
});
