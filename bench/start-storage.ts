import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { bridgeConfigSchema, type BridgeConfig } from '../src/core/config/schema';
import { startIdpInitiatedLogin } from '../src/core/signin/start';
import type { SingleUseStore } from '../src/core/kernel/ports';
import { PORTABLE_FORMAT } from '../src/core/setup/portable-configuration';
import { MAX_SINGLE_USE_ROWS } from '../src/local/postgres/postgres-stores';
import { startLocalServer } from '../src/local/server';
import { largestConfig } from '../testkit/largest-config';
import { startPostgres } from '../testkit/postgres';
import { cpuEnvironment } from './login-fixtures';
import { CLIENT_ID, GUARD_SP, TENANT_ID } from '../testkit/constants';
import { stubEntra } from './stub-entra';
import { readRequest } from '../src/core/http/request';

type Environment = ReturnType<typeof cpuEnvironment>;

/** What one unauthenticated start writes, in bytes of JSON, at a configuration. */
async function bytesPerStart(env: Environment, config: BridgeConfig): Promise<number> {
  let written = 0;
  const store = env.deps.store;
  const measuring: SingleUseStore = {
    put: async (key, value, ttl) => {
      written = Buffer.byteLength(JSON.stringify(value));
      await store.put(key, value, ttl);
    },
    take: (key, admit) => store.take(key, admit),
    read: (key) => store.read(key),
  };
  const response = await startIdpInitiatedLogin(readRequest({ method: 'GET', query: { domain: [config.guard.allowedDomains[0] ?? ''] }, headers: {}, body: '' }), { ...env.settings, config }, { ...env.deps, store: measuring });
  if (response.status !== 302) throw new Error(`start answered ${response.status}`);
  return written;
}

export interface StartStorage {
  readonly configBytes: number;
  readonly smallest: number;
  readonly largest: number;
  readonly postgres?: { readonly starts: number; readonly rowsAdded: number; readonly bytesAdded: number; readonly maxRow: number; readonly bound: number; readonly boundBytes: number };
  readonly postgresError?: string;
}

/**
 * Bytes stored per unauthenticated start at the smallest and the largest configuration the
 * schema allows, and a PostgreSQL single-use table's growth under a flood of starts over
 * HTTP (the local runtime on a throw-away cluster, the largest configuration imported).
 */
export async function startStorage(env: Environment, flood: number): Promise<StartStorage> {
  const largest = largestConfig();
  const entraSettings = { authority: 'https://login.microsoftonline.com', tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email' as const, requireXmsEdov: true };
  const atLargest = bridgeConfigSchema.parse({ ...largest, entra: entraSettings, guard: { ...largest.guard, spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl } });
  const configBytes = Buffer.byteLength(JSON.stringify(atLargest));
  const smallest = await bytesPerStart(env, { entra: entraSettings, guard: { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] } });
  const largestBytes = await bytesPerStart(env, atLargest);
  let cluster: Awaited<ReturnType<typeof startPostgres>> | undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'bridge-bench-starts-'));
  try {
    cluster = await startPostgres();
    const url = await cluster.createDatabase('starts');
    const entra = stubEntra('https://login.microsoftonline.com', TENANT_ID, CLIENT_ID);
    const server = await startLocalServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      fetch: entra.fetch,
      store: { kind: 'postgres', url, encryptionKey: randomBytes(32) },
      configuration: { config: { entra: entraSettings, guard: { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] } }, clientCredential: 'secret', clientSecret: 'bench-secret-value' },
    });
    const db = new pg.Pool({ connectionString: url });
    // An idle client the server drops is re-emitted by the pool: without a listener, an uncaught exception.
    db.on('error', () => undefined);
    db.on('connect', (client) => client.on('error', () => undefined));
    try {
      const imported = await fetch(`${server.url}/api/invoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'importConfiguration', payload: { format: PORTABLE_FORMAT, entra: entraSettings, guard: { ...atLargest.guard, allowedDomains: ['contoso.com', ...atLargest.guard.allowedDomains.slice(1)] }, connections: atLargest.connections, confirmTrustChange: true } }),
      });
      if (!((await imported.json()) as { ok: boolean }).ok) throw new Error('the largest configuration was not imported');
      const measure = async () => (await db.query<{ rows: number; bytes: number; largest: number | null }>("SELECT count(*)::int AS rows, pg_total_relation_size('bridge_single_use')::int AS bytes, max(octet_length(value::text))::int AS largest FROM bridge_single_use")).rows[0];
      await db.query('VACUUM FULL bridge_single_use');
      const before = await measure();
      let issued = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (issued < flood) {
            issued += 1;
            const answer = await fetch(`${server.url}/saml/login?domain=contoso.com`, { redirect: 'manual' });
            await answer.arrayBuffer();
            if (answer.status !== 302) throw new Error(`start answered ${answer.status}`);
          }
        }),
      );
      const after = await measure();
      const rowsAdded = (after?.rows ?? 0) - (before?.rows ?? 0);
      const bytesAdded = (after?.bytes ?? 0) - (before?.bytes ?? 0);
      return {
        configBytes,
        smallest,
        largest: largestBytes,
        postgres: { starts: flood, rowsAdded, bytesAdded, maxRow: after?.largest ?? 0, bound: MAX_SINGLE_USE_ROWS, boundBytes: Math.round((bytesAdded / Math.max(1, rowsAdded)) * MAX_SINGLE_USE_ROWS) },
      };
    } finally {
      await db.end();
      await server.close();
    }
  } catch (error) {
    return { configBytes, smallest, largest: largestBytes, postgresError: error instanceof Error ? error.message.slice(0, 80) : String(error) };
  } finally {
    await cluster?.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}
