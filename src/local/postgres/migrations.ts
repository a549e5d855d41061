import type { Pool } from 'pg';

/**
 * The schema, one numbered step at a time. A bridge starting applies the steps the
 * database lacks, under a transaction-level advisory lock, so replicas starting together
 * migrate once; a database migrated by a newer bridge is refused rather than misread.
 */
export const MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE bridge_config (id smallint PRIMARY KEY CHECK (id = 1), value jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE bridge_secrets (version text PRIMARY KEY, sealed bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE bridge_single_use (key text PRIMARY KEY, value jsonb, expires_at timestamptz NOT NULL, used boolean NOT NULL DEFAULT false);
      CREATE INDEX bridge_single_use_expires ON bridge_single_use (expires_at);
      CREATE TABLE bridge_trail (id bigserial PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL, value jsonb NOT NULL);
      CREATE INDEX bridge_trail_kind_id ON bridge_trail (kind, id DESC);
    `,
  },
  {
    // The number of single-use rows, so a put can keep the table bounded without counting it.
    version: 2,
    sql: `
      CREATE TABLE bridge_single_use_count (id smallint PRIMARY KEY CHECK (id = 1), live bigint NOT NULL);
      INSERT INTO bridge_single_use_count (id, live) SELECT 1, count(*) FROM bridge_single_use;
    `,
  },
  {
    // Whole configurations beside the one in force: a change of trust prepared, or the setup an activation replaced.
    version: 3,
    sql: `CREATE TABLE bridge_config_snapshots (version text PRIMARY KEY, value jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now());`,
  },
];

/** The advisory lock of migrations (any fixed 64-bit number, unique to this application). */
const MIGRATION_LOCK = 7_340_021_001;

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

/** Applies the missing steps; returns the versions it applied (none when up to date). */
export async function migrate(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS bridge_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM bridge_schema_migrations');
    const done = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...MIGRATIONS.map((step) => step.version));
    const ahead = [...done].filter((version) => version > newest);
    if (ahead.length > 0) throw new SchemaTooNewError(`the database has schema version ${Math.max(...ahead)}, newer than this bridge knows (${newest}): upgrade the bridge`);
    const applied: number[] = [];
    for (const step of MIGRATIONS) {
      if (done.has(step.version)) continue;
      await client.query(step.sql);
      await client.query('INSERT INTO bridge_schema_migrations (version) VALUES ($1)', [step.version]);
      applied.push(step.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
