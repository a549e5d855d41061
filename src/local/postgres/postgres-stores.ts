import type { Pool } from 'pg';
import type { Trail, TrailKind } from '../../core/audit/trail';
import type { Clock, SingleUseStore, TakeResult } from '../../core/kernel/ports';
import { storedConfigSchema, storedSecretsSchema, type SetupStore, type StoredConfig, type StoredSecrets } from '../../core/setup/stored-setup';
import type { SecretBox } from './encryption';

/**
 * The setup in PostgreSQL: the configuration is one row (writing it is the commit point of
 * a save, one statement), each secrets version a row sealed with AES-256-GCM.
 */
export class PgSetupStore implements SetupStore {
  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox,
  ) {}

  async readConfig(): Promise<StoredConfig | undefined> {
    const { rows } = await this.pool.query<{ value: unknown }>('SELECT value FROM bridge_config WHERE id = 1');
    return rows[0] === undefined ? undefined : (storedConfigSchema.parse(rows[0].value) as StoredConfig);
  }

  async writeConfig(config: StoredConfig): Promise<void> {
    await this.pool.query('INSERT INTO bridge_config (id, value, updated_at) VALUES (1, $1, now()) ON CONFLICT (id) DO UPDATE SET value = excluded.value, updated_at = now()', [JSON.stringify(config)]);
  }

  async readSecrets(version: string): Promise<StoredSecrets | undefined> {
    const { rows } = await this.pool.query<{ sealed: Buffer }>('SELECT sealed FROM bridge_secrets WHERE version = $1', [version]);
    if (rows[0] === undefined) return undefined;
    return storedSecretsSchema.parse(JSON.parse(this.box.open(rows[0].sealed, version)) as unknown);
  }

  async writeSecrets(version: string, secrets: StoredSecrets): Promise<void> {
    await this.pool.query('INSERT INTO bridge_secrets (version, sealed) VALUES ($1, $2)', [version, this.box.seal(JSON.stringify(secrets), version)]);
  }

  async deleteSecrets(version: string): Promise<void> {
    await this.pool.query('DELETE FROM bridge_secrets WHERE version = $1', [version]);
  }

  async readSnapshot(version: string): Promise<StoredConfig | undefined> {
    const { rows } = await this.pool.query<{ value: unknown }>('SELECT value FROM bridge_config_snapshots WHERE version = $1', [version]);
    return rows[0] === undefined ? undefined : (storedConfigSchema.parse(rows[0].value) as StoredConfig);
  }

  async writeSnapshot(version: string, config: StoredConfig): Promise<void> {
    await this.pool.query('INSERT INTO bridge_config_snapshots (version, value) VALUES ($1, $2) ON CONFLICT (version) DO UPDATE SET value = excluded.value', [version, JSON.stringify(config)]);
  }

  async deleteSnapshot(version: string): Promise<void> {
    await this.pool.query('DELETE FROM bridge_config_snapshots WHERE version = $1', [version]);
  }
}

/** Single-use rows kept at most (live records and used markers): what a flood of starts can fill, and no more. */
export const MAX_SINGLE_USE_ROWS = 100_000;

/**
 * Single-use records shared by every replica. `take` is one statement: the row is locked
 * (FOR UPDATE), marked used and emptied only if it is live and unused, so of two replicas
 * taking the same key at once exactly one gets the value; the other, after the first
 * commits, reads the marker and is told "used". Expiry is checked on every read; expired
 * rows are swept.
 *
 * Strangers write here (every sign-in start is a row), so the table is bounded: a counter
 * row holds the number of rows, and a put that finds it at `maxRows` removes the rows that
 * expire first, down to the bound, in the same statement. As in the memory store, a flood
 * can push out only records older than itself, never grow the table past the bound (plus
 * the puts racing each other at that instant, which may pick the same victims: the counter
 * stays exact, and the next put trims to the bound again).
 */
export class PgSingleUseStore implements SingleUseStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly maxRows: number = MAX_SINGLE_USE_ROWS,
  ) {}

  async put(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const expiresAt = new Date(this.clock.now().getTime() + ttlSeconds * 1000);
    await this.pool.query(
      `WITH counter AS (SELECT live FROM bridge_single_use_count WHERE id = 1 FOR UPDATE),
            upsert AS (INSERT INTO bridge_single_use (key, value, expires_at, used) VALUES ($1, $2, $3, false)
                       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, used = false
                       RETURNING (xmax = 0) AS inserted),
            evicted AS (DELETE FROM bridge_single_use
                        WHERE key IN (SELECT key FROM bridge_single_use WHERE key <> $1 ORDER BY expires_at
                                      LIMIT greatest(0, (SELECT live FROM counter) + 1 - $4))
                          AND (SELECT inserted FROM upsert)
                        RETURNING 1)
       UPDATE bridge_single_use_count SET live = live + (CASE WHEN (SELECT inserted FROM upsert) THEN 1 ELSE 0 END) - (SELECT count(*) FROM evicted) WHERE id = 1`,
      [key, JSON.stringify(value ?? null), expiresAt, this.maxRows],
    );
  }

  async take(key: string, admit?: (value: unknown) => boolean): Promise<TakeResult<unknown>> {
    const now = this.clock.now();
    if (admit !== undefined) {
      // The caller judges the record before it is spent; the take below stays the one atomic step.
      const { rows } = await this.pool.query<{ value: unknown; used: boolean }>('SELECT value, used FROM bridge_single_use WHERE key = $1 AND expires_at > $2', [key, now]);
      const row = rows[0];
      if (row === undefined) return { status: 'absent' };
      if (row.used) return { status: 'used' };
      if (!admit(row.value)) return { status: 'kept', value: row.value };
    }
    const { rows } = await this.pool.query<{ value: unknown; taken: boolean; used: boolean | null }>(
      `WITH old AS (SELECT key, value, used, expires_at FROM bridge_single_use WHERE key = $1 FOR UPDATE),
            taken AS (UPDATE bridge_single_use s SET used = true, value = NULL FROM old
                      WHERE s.key = old.key AND NOT old.used AND old.expires_at > $2 RETURNING old.value)
       SELECT (SELECT value FROM taken) AS value, EXISTS (SELECT 1 FROM taken) AS taken, (SELECT used AND expires_at > $2 FROM old) AS used`,
      [key, now],
    );
    const row = rows[0];
    if (row?.taken === true) return { status: 'taken', value: row.value };
    return row?.used === true ? { status: 'used' } : { status: 'absent' };
  }

  async read(key: string): Promise<unknown> {
    const { rows } = await this.pool.query<{ value: unknown }>('SELECT value FROM bridge_single_use WHERE key = $1 AND NOT used AND expires_at > $2', [key, this.clock.now()]);
    return rows[0]?.value;
  }

  /**
   * Deletes what has expired (markers included) and counts the rows again, so the counter
   * is exact even after a bridge of an older version wrote rows without it; every replica
   * runs it now and then.
   */
  async sweep(): Promise<number> {
    const { rows } = await this.pool.query<{ deleted: number }>(
      `WITH gone AS (DELETE FROM bridge_single_use WHERE expires_at <= $1 RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [this.clock.now()],
    );
    await this.pool.query('UPDATE bridge_single_use_count SET live = (SELECT count(*) FROM bridge_single_use) WHERE id = 1');
    return rows[0]?.deleted ?? 0;
  }
}

/**
 * A trail in one table shared by every trail kind: rows carry their kind, and each append
 * trims only its own kind's rows (past its capacity or its age), so no trail's writes push
 * another's records out.
 */
export class PgTrail<T> implements Trail<T> {
  constructor(
    private readonly pool: Pool,
    private readonly kind: TrailKind<T>,
    private readonly clock: Clock,
  ) {}

  async append(record: T): Promise<void> {
    const oldest = new Date(this.clock.now().getTime() - this.kind.ttlSeconds * 1000);
    await this.pool.query(
      `WITH added AS (INSERT INTO bridge_trail (kind, at, value) VALUES ($1, $2, $3) RETURNING id)
       DELETE FROM bridge_trail WHERE kind = $1 AND (at < $4 OR id IN (SELECT id FROM bridge_trail WHERE kind = $1 ORDER BY id DESC OFFSET $5))`,
      [this.kind.prefix, new Date(this.kind.at(record)), JSON.stringify(record), oldest, this.kind.capacity - 1],
    );
  }

  async recent(limit: number): Promise<T[]> {
    const oldest = new Date(this.clock.now().getTime() - this.kind.ttlSeconds * 1000);
    const { rows } = await this.pool.query<{ value: unknown }>('SELECT value FROM bridge_trail WHERE kind = $1 AND at >= $2 ORDER BY id DESC LIMIT $3', [this.kind.prefix, oldest, limit]);
    return rows.flatMap((row) => {
      const record = this.kind.schema.safeParse(row.value);
      return record.success ? [record.data] : [];
    });
  }
}
