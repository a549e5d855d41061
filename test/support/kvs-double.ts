import type { Kvs } from '../../src/forge/kvs-storage';

/**
 * A stand-in for @forge/kvs (Atlassian's storage cannot run here) that holds to its
 * documented semantics: keys of 1-500 characters matching /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/,
 * JSON values of at most 240 KiB (secrets 128 KiB), TTLs, `keyPolicy`/`returnValue` on set,
 * secrets kept apart and never returned by queries, values stored as JSON (copies out).
 * It counts round trips, and can be told to fail.
 */
type Entry = { json: string; expiresAt?: number };
type Ttl = { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };

const KEY = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;

export class KvsDouble {
  readonly plain = new Map<string, Entry>();
  readonly secrets = new Map<string, Entry>();
  roundTrips = 0;
  /** Makes every call fail until cleared (fault injection). */
  failing: Error | undefined;
  now: () => number = () => Date.now();

  private call(key?: string): void {
    this.roundTrips += 1;
    if (this.failing !== undefined) throw this.failing;
    if (key !== undefined && (key.length < 1 || key.length > 500 || !KEY.test(key))) throw new Error(`INVALID_KEY: ${key}`);
  }

  private read(map: Map<string, Entry>, key: string): unknown {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return JSON.parse(entry.json) as unknown;
  }

  private write(map: Map<string, Entry>, key: string, value: unknown, maxBytes: number, ttl?: Ttl): void {
    const json = JSON.stringify(value);
    if (Buffer.byteLength(json, 'utf8') > maxBytes) throw new Error(`VALUE_TOO_LARGE: ${key}`);
    map.set(key, ttl === undefined ? { json } : { json, expiresAt: this.now() + ttl.value * UNIT_MS[ttl.unit] });
  }

  readonly api = {
    get: async (key: string) => {
      this.call(key);
      return this.read(this.plain, key);
    },
    set: async (key: string, value: unknown, options?: { ttl?: Ttl; keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS'; returnValue?: 'PREVIOUS' | 'LATEST' }) => {
      this.call(key);
      const previous = this.read(this.plain, key);
      if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous !== undefined) throw new Error(`KEY_EXISTS: ${key}`);
      this.write(this.plain, key, value, 240 * 1024, options?.ttl);
      if (options?.returnValue === 'PREVIOUS') return previous === undefined ? undefined : { key, value: previous };
      if (options?.returnValue === 'LATEST') return { key, value: this.read(this.plain, key) };
      return undefined;
    },
    delete: async (key: string) => {
      this.call(key);
      this.plain.delete(key);
    },
    deleteSecret: async (key: string) => {
      this.call(key);
      this.secrets.delete(key);
    },
    getSecret: async (key: string) => {
      this.call(key);
      return this.read(this.secrets, key);
    },
    setSecret: async (key: string, value: unknown) => {
      this.call(key);
      this.write(this.secrets, key, value, 128 * 1024);
    },
    query: () => {
      let prefix = '';
      let limit = 10;
      const builder = {
        where: (_field: 'key', condition: { condition: string; values: unknown[] }) => {
          prefix = String(condition.values[0]);
          return builder;
        },
        limit: (n: number) => {
          limit = n;
          return builder;
        },
        getMany: async () => {
          this.call();
          const keys = [...this.plain.keys()].filter((key) => key.startsWith(prefix)).sort();
          const results = keys
            .map((key) => ({ key, value: this.read(this.plain, key) }))
            .filter((result) => result.value !== undefined)
            .slice(0, limit);
          return { results };
        },
      };
      return builder;
    },
  } as unknown as Kvs;
}
