import { access } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { ADMIN_TRAIL, type AdminTrail } from '../core/audit/admin-record';
import { REFUSAL_TRAIL, type RefusalCounts } from '../core/audit/refusals';
import { SIGN_IN_TRAIL, type AuditLog } from '../core/audit/sign-in-record';
import type { Trail } from '../core/audit/trail';
import type { Clock, SingleUseStore } from '../core/kernel/ports';
import type { SetupStore } from '../core/setup/stored-setup';
import { FileAdminTrail, FileAuditLog, FileSetupStore, FileTrail } from './file-stores';
import { MemorySingleUseStore } from './memory-store';
import { SecretBox } from './postgres/encryption';
import { migrate } from './postgres/migrations';
import { PgSetupStore, PgSingleUseStore, PgTrail } from './postgres/postgres-stores';

/** Where the bridge keeps its state: the data folder (one machine), or PostgreSQL (replicas). */
export type StoreChoice = { readonly kind: 'files'; readonly dataDir: string } | { readonly kind: 'postgres'; readonly url: string; readonly encryptionKey: Buffer };

/** Everything the bridge stores, behind the core's ports, and what the runtime needs around them. */
export interface Stores {
  readonly kind: StoreChoice['kind'];
  readonly setup: SetupStore;
  readonly audit: AuditLog;
  readonly adminTrail: AdminTrail;
  readonly refusalTrail: Trail<RefusalCounts>;
  readonly login: SingleUseStore;
  /**
   * How long a replica may keep the configuration it read: 0 with one process; with
   * replicas a save on one is seen by the others within this time.
   */
  readonly settingsCacheMs: number;
  /** Runs `work` while no other process sharing this store runs its own (start-up set-up). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** The store answers, within a few seconds. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** A replica sees another's save within this time (documented in the README). */
export const REPLICA_SETTINGS_CACHE_MS = 2000;
/** How long any one query may take before it counts as the store being unreachable. */
const QUERY_TIMEOUT_MS = 5000;
const SWEEP_EVERY_MS = 60_000;
/** Any fixed 64-bit number, unique to this application: start-up set-up, one replica at a time. */
const STARTUP_LOCK = 7_340_021_002;

function filesStores(dataDir: string, clock: Clock): Stores {
  return {
    kind: 'files',
    setup: new FileSetupStore(dataDir),
    audit: new FileAuditLog(dataDir, clock),
    adminTrail: new FileAdminTrail(dataDir, clock),
    refusalTrail: new FileTrail(dataDir, 'refusals.json', REFUSAL_TRAIL, clock),
    // Sign-ins in progress live in this process: a restart ends them, nothing else.
    login: new MemorySingleUseStore(clock),
    settingsCacheMs: 0,
    exclusive: (work) => work(),
    reachable: () =>
      access(join(dataDir)).then(
        () => true,
        // No folder yet is fine: the first save makes it.
        (error: { code?: string }) => error.code === 'ENOENT',
      ),
    close: async () => undefined,
  };
}

async function postgresStores(url: string, key: Buffer, clock: Clock): Promise<Stores> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: QUERY_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS, idleTimeoutMillis: 30_000 });
  // A connection the server drops while idle is not a crash: the next query reconnects.
  pool.on('error', () => undefined);
  // pool.end() resolves before its clients' sockets close; a server that stops meanwhile
  // (FATAL 57P01) must not reach a client nobody listens to any more.
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const login = new PgSingleUseStore(pool, clock);
  const sweeper = setInterval(() => void login.sweep().catch(() => undefined), SWEEP_EVERY_MS);
  sweeper.unref();
  return {
    kind: 'postgres',
    setup: new PgSetupStore(pool, new SecretBox(key)),
    audit: new PgTrail(pool, SIGN_IN_TRAIL, clock),
    adminTrail: new PgTrail(pool, ADMIN_TRAIL, clock),
    refusalTrail: new PgTrail(pool, REFUSAL_TRAIL, clock),
    login,
    settingsCacheMs: REPLICA_SETTINGS_CACHE_MS,
    async exclusive(work) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    reachable: () =>
      pool.query('SELECT 1').then(
        () => true,
        () => false,
      ),
    async close() {
      clearInterval(sweeper);
      await pool.end();
    },
  };
}

export function openStores(choice: StoreChoice, clock: Clock): Promise<Stores> {
  return choice.kind === 'files' ? Promise.resolve(filesStores(choice.dataDir, clock)) : postgresStores(choice.url, choice.encryptionKey, clock);
}
