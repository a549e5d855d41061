import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LOGIN_STATE_BYTES } from '../../src/core/signin/login-state';
import { PORTABLE_FORMAT } from '../../src/core/setup/portable-configuration';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { CookieBrowser, readHtmlForm } from '../../testkit/cookie-browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { GUARD_SP } from '../../testkit/constants';
import { largestConfig } from '../../testkit/largest-config';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { readPostForm } from '../../testkit/post-form';
import { startPostgres, type PostgresCluster } from '../../testkit/postgres';

/**
 * What an unauthenticated start costs the stores, at the largest configuration the schema
 * allows (step 1's tenant and 19 further directories of 100 domains each), over HTTP. Each
 * start writes a login state; it must not carry the configuration (finding 2 of the second
 * security review: 77 KB a start, so 865 starts filled the memory store and locked out
 * everyone who had started before).
 */
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let cluster: PostgresCluster;
const servers: LocalServer[] = [];
const folders: string[] = [];

beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const server of servers) await server.close();
  await entra?.close();
  await cluster?.destroy();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function bridgeAtLargestConfiguration(store: 'files' | 'postgres'): Promise<{ server: LocalServer; databaseUrl?: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bridge-start-bounds-'));
  folders.push(dataDir);
  const port = await freePort();
  entra ??= await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `http://127.0.0.1:${port}/oidc/callback`, users: Object.values(USERS) });
  const entraSettings = { authority: entra.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email' as const, requireXmsEdov: true };
  const databaseUrl = store === 'postgres' ? await cluster.createDatabase(`bounds_${randomBytes(4).toString('hex')}`) : undefined;
  const server = await startLocalServer({
    host: '127.0.0.1',
    port,
    dataDir,
    ...(databaseUrl !== undefined && { store: { kind: 'postgres' as const, url: databaseUrl, encryptionKey: randomBytes(32) } }),
    configuration: { config: { entra: entraSettings, guard: { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] } }, clientCredential: 'secret', clientSecret: CLIENT_SECRET },
  });
  servers.push(server);
  const largest = largestConfig();
  const imported = await fetch(`${server.url}/api/invoke`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      action: 'importConfiguration',
      payload: { format: PORTABLE_FORMAT, entra: entraSettings, guard: { ...largest.guard, spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com', ...largest.guard.allowedDomains.slice(1)] }, connections: largest.connections, confirmTrustChange: true },
    }),
  });
  expect(((await imported.json()) as { ok: boolean }).ok).toBe(true);
  return { server, ...(databaseUrl !== undefined && { databaseUrl }) };
}

async function upToCallback(server: LocalServer): Promise<{ browser: CookieBrowser; fields: Record<string, string> }> {
  const browser = new CookieBrowser();
  const start = await browser.request(`${server.url}/saml/login?domain=contoso.com`);
  expect(start.status).toBe(302);
  const loginPage = await browser.follow(start.headers.get('location') ?? '');
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: USERS.alice.oid } });
  return { browser, fields: readHtmlForm(await formPost.response.text(), formPost.url).fields };
}

async function flood(server: LocalServer, starts: number): Promise<void> {
  let issued = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (issued < starts) {
        issued += 1;
        const response = await fetch(`${server.url}/saml/login?domain=contoso.com`, { redirect: 'manual' });
        await response.arrayBuffer();
        expect(response.status).toBe(302);
      }
    }),
  );
}

describe('unauthenticated starts at the largest configuration', () => {
  it('in the memory store: 3,000 starts leave a person who started before able to finish', async () => {
    const { server } = await bridgeAtLargestConfiguration('files');
    const person = await upToCallback(server);
    await flood(server, 3_000);
    const answer = await person.browser.request(`${server.url}/oidc/callback`, { form: person.fields });
    expect(answer.status).toBe(200);
    expect(readPostForm(await answer.text()).fields['SAMLResponse']).toBeDefined();
  }, 120_000);

  it('in PostgreSQL: each start stores at most the login state’s bound, whatever the configuration', async () => {
    const { server, databaseUrl } = await bridgeAtLargestConfiguration('postgres');
    await flood(server, 300);
    const db = new pg.Pool({ connectionString: databaseUrl });
    // An idle client the server drops is re-emitted by the pool: without a listener, an uncaught exception.
    db.on('error', () => undefined);
    db.on('connect', (client) => client.on('error', () => undefined));
    try {
      const { rows } = await db.query<{ n: number; largest: number; live: number }>(
        "SELECT count(*)::int AS n, max(octet_length(value::text))::int AS largest, (SELECT live::int FROM bridge_single_use_count) AS live FROM bridge_single_use WHERE key LIKE 'login-state:%'",
      );
      expect(rows[0]?.n).toBeGreaterThanOrEqual(300);
      expect(rows[0]?.largest).toBeLessThan(MAX_LOGIN_STATE_BYTES);
      // The counter that bounds the table counts every row.
      expect(rows[0]?.live).toBeGreaterThanOrEqual(rows[0]?.n ?? 0);
    } finally {
      await db.end();
    }
  }, 120_000);
});
