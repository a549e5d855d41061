import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_TRAIL, type SignInRecord } from '../../src/core/audit/sign-in-record';
import { ADMIN_TRAIL, type AdminRecord } from '../../src/core/audit/admin-record';
import { SecretBox, parseEncryptionKey } from '../../src/local/postgres/encryption';
import { MIGRATIONS, migrate } from '../../src/local/postgres/migrations';
import { PgSetupStore, PgSingleUseStore, PgTrail } from '../../src/local/postgres/postgres-stores';
import { openStores } from '../../src/local/stores';
import { TestClock } from '../../testkit/login-harness';
import { startPostgres, type PostgresCluster } from '../../testkit/postgres';

/** The PostgreSQL stores against a real server (Debian's postgresql, a throw-away cluster). */
let cluster: PostgresCluster;
const pools: pg.Pool[] = [];
const key = randomBytes(32);

function pool(url: string): pg.Pool {
  const made = new pg.Pool({ connectionString: url, max: 20 });
  // end() resolves before the clients' sockets close: the cluster's stop must not reach a client nobody listens to.
  // An idle client the server drops is re-emitted by the pool: without a listener, an uncaught exception.
  made.on('error', () => undefined);
  made.on('connect', (client) => client.on('error', () => undefined));
  pools.push(made);
  return made;
}

beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const made of pools) await made.end().catch(() => undefined);
  await cluster?.destroy();
});

describe('PostgreSQL as the shared store', () => {
  it('migrates once when three replicas start together, and refuses a schema newer than it knows', async () => {
    const url = await cluster.createDatabase('migrations');
    const applied = await Promise.all([migrate(pool(url)), migrate(pool(url)), migrate(pool(url))]);
    expect(applied.flat()).toEqual(MIGRATIONS.map((step) => step.version));
    const { rows } = await pool(url).query('SELECT version FROM bridge_schema_migrations');
    expect(rows).toHaveLength(MIGRATIONS.length);
    await pool(url).query('INSERT INTO bridge_schema_migrations (version) VALUES (999)');
    await expect(openStores({ kind: 'postgres', url, encryptionKey: key }, new TestClock())).rejects.toThrow(/schema version 999, newer than this bridge/);
  });

  it('keeps secrets sealed: nothing readable in the database, not openable with another key or in another row', async () => {
    const url = await cluster.createDatabase('secrets');
    const db = pool(url);
    await migrate(db);
    const store = new PgSetupStore(db, new SecretBox(key));
    const secret = 'Xy8Q~a-client-secret-value-0123456789';
    await store.writeSecrets('v1', { clientSecret: secret, signing: { privateKeyPem: '-----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY-----', certificatePem: 'c' } });
    await store.writeSecrets('v2', { clientSecret: 'another' });
    expect(await store.readSecrets('v1')).toMatchObject({ clientSecret: secret });
    const dump = await db.query("SELECT string_agg(encode(sealed, 'escape'), '') AS everything FROM bridge_secrets");
    expect(String(dump.rows[0].everything)).not.toContain(secret);
    expect(String(dump.rows[0].everything)).not.toContain('PRIVATE KEY');
    await expect(new PgSetupStore(db, new SecretBox(randomBytes(32))).readSecrets('v1')).rejects.toThrow();
    // A sealed value copied under another version's name does not open.
    await db.query("UPDATE bridge_secrets SET sealed = (SELECT sealed FROM bridge_secrets WHERE version = 'v1') WHERE version = 'v2'");
    await expect(store.readSecrets('v2')).rejects.toThrow();
  });

  it('gives a record to exactly one of 300 takers on three connection pools at once', async () => {
    const url = await cluster.createDatabase('single_use');
    const clock = new TestClock();
    const replicas = [pool(url), pool(url), pool(url)];
    await migrate(replicas[0] as pg.Pool);
    const stores = replicas.map((db) => new PgSingleUseStore(db, clock));
    for (let round = 0; round < 5; round++) {
      await stores[0]?.put(`login-state:${round}`, { round }, 600);
      const results = await Promise.all(Array.from({ length: 300 }, (_, i) => stores[i % 3]?.take(`login-state:${round}`)));
      expect(results.filter((r) => r?.status === 'taken')).toEqual([{ status: 'taken', value: { round } }]);
      expect(results.filter((r) => r?.status === 'used')).toHaveLength(299);
    }
    expect(await stores[1]?.take('login-state:never')).toEqual({ status: 'absent' });
  });

  it('checks expiry on every read, and sweeps expired rows', async () => {
    const url = await cluster.createDatabase('expiry');
    const db = pool(url);
    await migrate(db);
    const clock = new TestClock();
    const store = new PgSingleUseStore(db, clock);
    await store.put('ticket:a', { a: 1 }, 60);
    expect(await store.read('ticket:a')).toEqual({ a: 1 });
    clock.offsetMs = 61_000;
    expect(await store.read('ticket:a')).toBeUndefined();
    expect(await store.take('ticket:a')).toEqual({ status: 'absent' });
    expect(await store.sweep()).toBe(1);
    expect((await db.query('SELECT count(*)::int AS n FROM bridge_single_use')).rows[0].n).toBe(0);
  });

  it('keeps the single-use table to its bound: a flood of starts pushes out only what is older, never grows past it', async () => {
    const url = await cluster.createDatabase('single_use_bound');
    const db = pool(url);
    await migrate(db);
    const clock = new TestClock();
    const store = new PgSingleUseStore(db, clock, 50);
    await store.put('login-state:person', { person: true }, 600);
    clock.offsetMs = 1_000;
    // 400 strangers' starts, 8 at a time, as a flood comes.
    for (let batch = 0; batch < 50; batch++) await Promise.all(Array.from({ length: 8 }, (_, i) => store.put(`login-state:flood-${batch}-${i}`, { i }, 600)));
    const rows = async () => (await db.query<{ n: number; live: number }>('SELECT count(*)::int AS n, (SELECT live::int FROM bridge_single_use_count) AS live FROM bridge_single_use')).rows[0];
    const counted = await rows();
    // The bound, give or take the puts racing at one instant; the counter counts what is there.
    expect(counted?.n).toBeLessThanOrEqual(50 + 8);
    expect(counted?.live).toBe(counted?.n);
    // The next put alone trims to the bound exactly.
    await store.put('login-state:one-more', {}, 600);
    expect((await rows())?.n).toBe(50);
    // The oldest went first; the newest are kept.
    expect(await store.read('login-state:person')).toBeUndefined();
    expect(await store.read('login-state:flood-49-7')).toEqual({ i: 7 });
    // Replacing a record, and taking one, add no row.
    await store.put('login-state:flood-49-7', { i: 8 }, 600);
    expect(await store.take('login-state:flood-49-7', (value) => (value as { i: number }).i === 0)).toEqual({ status: 'kept', value: { i: 8 } });
    expect(await store.take('login-state:flood-49-7')).toEqual({ status: 'taken', value: { i: 8 } });
    expect((await rows())?.n).toBe(50);
    // A sweep counts the table again, whatever wrote it.
    await db.query("INSERT INTO bridge_single_use (key, value, expires_at) VALUES ('written-by-an-older-bridge', 'null', now() + interval '1 hour')");
    await store.sweep();
    expect((await rows())?.live).toBe(51);
  });

  it('keeps each trail to its own capacity: a flood of one kind never pushes another’s records out', async () => {
    const url = await cluster.createDatabase('trails');
    const db = pool(url);
    await migrate(db);
    const clock = new TestClock();
    const signIns = new PgTrail<SignInRecord>(db, SIGN_IN_TRAIL, clock);
    const admin = new PgTrail<AdminRecord>(db, ADMIN_TRAIL, clock);
    await admin.append({ at: new Date().toISOString(), actor: 'admin', action: 'saveGuardStep', changes: [] });
    for (let i = 0; i < SIGN_IN_TRAIL.capacity + 20; i++) await signIns.append({ at: new Date(Date.now() + i).toISOString(), kind: 'sp', outcome: 'signed-in', email: `user${i}@contoso.com` });
    const kept = await signIns.recent(1000);
    expect(kept).toHaveLength(SIGN_IN_TRAIL.capacity);
    expect(kept[0]?.email).toBe(`user${SIGN_IN_TRAIL.capacity + 19}@contoso.com`);
    expect(await admin.recent(10)).toHaveLength(1);
  });

  it('takes the encryption key as 64 hex characters or base64 of 32 bytes, and nothing else', () => {
    const bytes = randomBytes(32);
    expect(parseEncryptionKey(bytes.toString('hex'), 'k')).toEqual({ ok: true, key: bytes });
    expect(parseEncryptionKey(bytes.toString('base64'), 'k')).toEqual({ ok: true, key: bytes });
    expect(parseEncryptionKey(bytes.toString('base64url'), 'k')).toEqual({ ok: true, key: bytes });
    for (const wrong of ['', 'password', bytes.toString('hex').slice(2), randomBytes(16).toString('base64')]) expect(parseEncryptionKey(wrong, 'k').ok).toBe(false);
  });
});
