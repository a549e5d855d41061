import type { kvs as forgeKvs } from '@forge/kvs';
import { WhereConditions } from '@forge/kvs';
import { SIGN_IN_EXPORT_LIMIT, SIGN_IN_RECORD_TTL_SECONDS, signInRecordSchema, type AuditLog, type SignInRecord } from '../core/audit/sign-in-record';
import { LOGIN_STATE_TTL_SECONDS } from '../core/login/login-state';
import type { SingleUseStore, TakeResult } from '../core/ports';
import type { SetupStore, StoredConfig, StoredSecrets } from '../core/setup/stored-setup';
import { KVS_SECRET_MAX_BYTES, KVS_VALUE_MAX_BYTES, checkKey, checkValue } from './kvs-limits';

/** The part of @forge/kvs the bridge uses (tests pass a double with the documented semantics). */
export type Kvs = Pick<typeof forgeKvs, 'get' | 'set' | 'delete' | 'getSecret' | 'setSecret' | 'deleteSecret' | 'query'>;

type Slot = { readonly state: 'live'; readonly value: unknown } | { readonly state: 'used' };

/**
 * Login state on the Key-Value Store. `take` is one atomic call: the key is overwritten
 * with a "used" marker and the previous value comes back (keyPolicy OVERRIDE, returnValue
 * PREVIOUS), so two callbacks can never both receive the same state.
 */
export class KvsSingleUseStore implements SingleUseStore {
  constructor(private readonly kvs: Kvs) {}

  async put(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const slot: Slot = { state: 'live', value };
    await this.kvs.set(checkKey(key), checkValue(slot, KVS_VALUE_MAX_BYTES), { ttl: { value: ttlSeconds, unit: 'SECONDS' } });
  }

  async take(key: string): Promise<TakeResult<unknown>> {
    const used: Slot = { state: 'used' };
    const previous = await this.kvs.set<Slot, Slot>(checkKey(key), used, {
      keyPolicy: 'OVERRIDE',
      returnValue: 'PREVIOUS',
      ttl: { value: LOGIN_STATE_TTL_SECONDS, unit: 'SECONDS' },
    });
    const slot = previous?.value;
    if (slot === undefined || slot === null) return { status: 'absent' };
    if (slot.state === 'used') return { status: 'used' };
    return { status: 'taken', value: slot.value };
  }
}

const CONFIG_KEY = 'setup:config';
const secretsKey = (version: string) => `setup:secrets:${version}`;

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
}

const SIGN_IN_PREFIX = 'signin:';
// Keys sort ascending; counting down from a far future time lists the newest first.
const FAR_FUTURE_MS = 9_999_999_999_999;

/**
 * Sign-in records, one key each, listed newest first by key order. Bounded in age by a
 * 30-day TTL, and in count when an admin lists them: keys beyond the newest 500 are deleted.
 */
export class KvsAuditLog implements AuditLog {
  constructor(private readonly kvs: Kvs) {}

  async append(record: SignInRecord): Promise<void> {
    const order = String(FAR_FUTURE_MS - Date.parse(record.at)).padStart(13, '0');
    const key = `${SIGN_IN_PREFIX}${order}:${Math.random().toString(36).slice(2, 10)}`;
    await this.kvs.set(checkKey(key), checkValue(record, KVS_VALUE_MAX_BYTES), {
      ttl: { value: SIGN_IN_RECORD_TTL_SECONDS, unit: 'SECONDS' },
    });
  }

  async recent(limit: number): Promise<SignInRecord[]> {
    const records: SignInRecord[] = [];
    const surplus: string[] = [];
    let cursor: string | undefined;
    do {
      let query = this.kvs.query().where('key', WhereConditions.beginsWith(SIGN_IN_PREFIX)).limit(100);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await query.getMany<unknown>();
      for (const result of page.results) {
        const record = signInRecordSchema.safeParse(result.value);
        if (records.length + surplus.length >= SIGN_IN_EXPORT_LIMIT) surplus.push(result.key);
        else if (record.success) records.push(record.data);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined && records.length + surplus.length < SIGN_IN_EXPORT_LIMIT + 100);
    for (const key of surplus) await this.kvs.delete(key);
    return records.slice(0, limit);
  }
}
