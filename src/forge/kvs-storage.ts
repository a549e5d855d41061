import type { kvs as forgeKvs } from '@forge/kvs';
import { WhereConditions } from '@forge/kvs';
import { createHash, randomBytes } from 'node:crypto';
import { SIGN_IN_TRAIL, type SignInRecord } from '../core/audit/sign-in-record';
import type { Trail, TrailKind } from '../core/audit/trail';
import { METADATA_LIFETIME_MS, type DiscoveryStore, type StoredDiscovery } from '../core/oidc/discovery-store';
import type { SingleUseStore, TakeResult } from '../core/kernel/ports';
import type { SetupStore, StoredConfig, StoredSecrets } from '../core/setup/stored-setup';
import { KVS_SECRET_MAX_BYTES, KVS_VALUE_MAX_BYTES, checkKey, checkValue } from './kvs-limits';

/** The part of @forge/kvs the bridge uses (tests pass a double with the documented semantics). */
export type Kvs = Pick<typeof forgeKvs, 'get' | 'set' | 'delete' | 'getSecret' | 'setSecret' | 'deleteSecret' | 'query'>;

/** A single-use record as stored: its own expiry, since the platform may return expired values. */
interface Slot {
  readonly value: unknown;
  readonly expiresAt: number;
}

/**
 * How long a claim on a single-use record is remembered: longer than any such record lives
 * (login state and test tickets live 10 minutes), so a replay within a record's life is
 * always told apart from a record that never existed.
 */
export const CLAIM_TTL_SECONDS = 60 * 60;

/** The claim written by whoever takes a record first. */
export function claimKey(key: string): string {
  return `claimed:${key}`;
}

/**
 * Login state and test tickets on the Key-Value Store. `take` rests only on what Forge
 * documents: `set(claim, …, { keyPolicy: 'FAIL_IF_EXISTS' })` fails when the key exists, so
 * of two callbacks with the same state exactly one creates the claim and owns the record.
 * Whether `OVERRIDE` with `returnValue: 'PREVIOUS'` is atomic is not documented, so it is
 * not used. Forge deletes expired values asynchronously (up to 48 hours later) and reads
 * may still return them, so each record carries its own expiry and is checked here.
 */
export class KvsSingleUseStore implements SingleUseStore {
  constructor(
    private readonly kvs: Kvs,
    private readonly now: () => number = Date.now,
  ) {}

  async put(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const slot: Slot = { value, expiresAt: this.now() + ttlSeconds * 1000 };
    await this.kvs.set(checkKey(key), checkValue(slot, KVS_VALUE_MAX_BYTES), { ttl: { value: ttlSeconds, unit: 'SECONDS' } });
  }

  /** The record under `key` while it lives; expired values the platform still returns are not. */
  private async live(key: string): Promise<Slot | undefined> {
    const slot = (await this.kvs.get<Slot>(checkKey(key))) as Slot | undefined | null;
    return slot === undefined || slot === null || typeof slot.expiresAt !== 'number' || slot.expiresAt <= this.now() ? undefined : slot;
  }

  async read(key: string): Promise<unknown> {
    return (await this.live(key))?.value;
  }

  async take(key: string, admit?: (value: unknown) => boolean): Promise<TakeResult<unknown>> {
    // Read first: a key that holds nothing (an unknown state, a test result not ready yet),
    // or a record its caller may not spend, is never claimed: no write, and it can still be
    // taken by its owner.
    const slot = await this.live(key);
    if (slot === undefined) return { status: 'absent' };
    // Records stay after a claim here: `kept` may be one already taken, refused all the same.
    if (admit !== undefined && !admit(slot.value)) return { status: 'kept', value: slot.value };
    const claim = checkKey(claimKey(key));
    try {
      await this.kvs.set(claim, { at: this.now() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: CLAIM_TTL_SECONDS, unit: 'SECONDS' } });
    } catch (error) {
      // Refused because another taker claimed it first, or storage failed: the claim says which.
      if ((await this.kvs.get(claim)) !== undefined) return { status: 'used' };
      throw error;
    }
    // Records are written once, so the value read above is the one now owned.
    return { status: 'taken', value: slot.value };
  }
}

const CONFIG_KEY = 'setup:config';
const secretsKey = (version: string) => `setup:secrets:${version}`;
const snapshotKey = (version: string) => `setup:snapshot:${version}`;

/** Configuration as a plain value; the client secret and signing key through the secret API only. */
export class KvsSetupStore implements SetupStore {
  constructor(private readonly kvs: Kvs) {}

  readConfig(): Promise<StoredConfig | undefined> {
    return this.kvs.get<StoredConfig>(CONFIG_KEY);
  }

  async writeConfig(config: StoredConfig): Promise<void> {
    await this.kvs.set(CONFIG_KEY, checkValue(config, KVS_VALUE_MAX_BYTES));
  }

  readSecrets(version: string): Promise<StoredSecrets | undefined> {
    return this.kvs.getSecret<StoredSecrets>(checkKey(secretsKey(version)));
  }

  async writeSecrets(version: string, secrets: StoredSecrets): Promise<void> {
    await this.kvs.setSecret(checkKey(secretsKey(version)), checkValue(secrets, KVS_SECRET_MAX_BYTES));
  }

  async deleteSecrets(version: string): Promise<void> {
    await this.kvs.deleteSecret(checkKey(secretsKey(version)));
  }

  readSnapshot(version: string): Promise<StoredConfig | undefined> {
    return this.kvs.get<StoredConfig>(checkKey(snapshotKey(version)));
  }

  async writeSnapshot(version: string, config: StoredConfig): Promise<void> {
    await this.kvs.set(checkKey(snapshotKey(version)), checkValue(config, KVS_VALUE_MAX_BYTES));
  }

  async deleteSnapshot(version: string): Promise<void> {
    await this.kvs.delete(checkKey(snapshotKey(version)));
  }
}

/** A provider's discovery document, under a key made from its issuer (an issuer URL may hold characters keys may not). */
const discoveryKey = (issuer: string) => `discovery:${createHash('sha256').update(issuer).digest('hex')}`;

/** Discovery documents on the Key-Value Store, each expiring with its lifetime. */
export class KvsDiscoveryStore implements DiscoveryStore {
  constructor(private readonly kvs: Kvs) {}

  read(issuer: string): Promise<unknown> {
    return this.kvs.get(discoveryKey(issuer));
  }

  async write(record: StoredDiscovery): Promise<void> {
    await this.kvs.set(discoveryKey(record.issuer), checkValue(record, KVS_VALUE_MAX_BYTES), { ttl: { value: METADATA_LIFETIME_MS / 1000, unit: 'SECONDS' } });
  }
}

// Keys sort ascending; counting down from a far future time lists the newest first.
const FAR_FUTURE_MS = 9_999_999_999_999;

/**
 * A trail on the Key-Value Store: one key per record under the trail's own prefix, listed
 * newest first by key order. Bounded in age by the trail's TTL, and in count when it is
 * listed: keys beyond the capacity are deleted then. Records the platform has not deleted
 * yet although expired are left out (deletion is asynchronous).
 */
export class KvsTrail<T> implements Trail<T> {
  constructor(
    private readonly kvs: Kvs,
    private readonly kind: TrailKind<T>,
    private readonly now: () => number = Date.now,
  ) {}

  async append(record: T): Promise<void> {
    const order = String(FAR_FUTURE_MS - Date.parse(this.kind.at(record))).padStart(13, '0');
    const key = `${this.kind.prefix}:${order}:${randomBytes(6).toString('base64url')}`;
    await this.kvs.set(checkKey(key), checkValue(record, KVS_VALUE_MAX_BYTES), {
      ttl: { value: this.kind.ttlSeconds, unit: 'SECONDS' },
    });
  }

  async recent(limit: number): Promise<T[]> {
    const records: T[] = [];
    const surplus: string[] = [];
    const { capacity } = this.kind;
    let cursor: string | undefined;
    do {
      let query = this.kvs.query().where('key', WhereConditions.beginsWith(`${this.kind.prefix}:`)).limit(100);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await query.getMany<unknown>();
      for (const result of page.results) {
        const record = this.kind.schema.safeParse(result.value);
        const expired = record.success && Date.parse(this.kind.at(record.data)) + this.kind.ttlSeconds * 1000 <= this.now();
        if (records.length + surplus.length >= capacity || expired) surplus.push(result.key);
        else if (record.success) records.push(record.data);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined && records.length + surplus.length < capacity + 100);
    for (const key of surplus) await this.kvs.delete(key);
    return records.slice(0, limit);
  }
}

/** The sign-in trail on the Key-Value Store. */
export class KvsAuditLog extends KvsTrail<SignInRecord> {
  constructor(kvs: Kvs, now?: () => number) {
    super(kvs, SIGN_IN_TRAIL, now);
  }
}
