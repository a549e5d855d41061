import type { Kvs } from '../src/forge/kvs-storage';

/**
 * A stand-in for @forge/kvs (Atlassian's storage cannot run here) that holds to its
 * documented semantics: keys of 1-500 characters matching /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/,
 * JSON values of at most 240 KiB (secrets 128 KiB), TTLs, `keyPolicy`/`returnValue` on set,
 * secrets kept apart and never returned by queries, values stored as JSON (copies out).
 *
 * Where the documentation promises less, the double gives less:
 * - expired values are deleted asynchronously, up to 48 hours after expiry, and reads may
 *   still return them (here: until 48 hours have passed or `purgeExpired()` runs);
 * - `keyPolicy: 'FAIL_IF_EXISTS'` fails when the key exists (atomic: documented);
 * - `OVERRIDE` with `returnValue: 'PREVIOUS'` is not documented as atomic: with `interleave`
 *   on, its read and its write are two steps another call can run between.
 * It counts round trips, and can be told to fail.
 */
type Entry = { json: string; expiresAt?: number };

/** Thrown inside the double to turn a call into one that never settles. */
class HangSignal extends Error {}
type Ttl = { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };

const KEY = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
/** Forge deletes expired values up to 48 hours after they expire. */
const LATE_DELETION_MS = 48 * 3_600_000;
const UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;

export class KvsDouble {
  readonly plain = new Map<string, Entry>();
  readonly secrets = new Map<string, Entry>();
  roundTrips = 0;
  /** Makes every call fail until cleared (fault injection). */
  failing: Error | undefined;
  /** Makes every call hang until cleared (fault injection: a storage time-out). */
  hanging = false;
  /** Makes the call with this round-trip number fail (or hang, with `faultIsHang`). */
  faultAtCall: number | undefined;
  faultIsHang = false;
  now: () => number = () => Date.now();
  /** Lets other calls run between the steps of a call, as concurrent requests to a real store would. */
  interleave = false;

  private call(key?: string): void {
    this.roundTrips += 1;
    if (this.faultAtCall === this.roundTrips) {
      if (this.faultIsHang) throw new HangSignal();
      throw new Error('KVS unavailable (injected)');
    }
    if (this.hanging) throw new HangSignal();
    if (this.failing !== undefined) throw this.failing;
    if (key !== undefined && (key.length < 1 || key.length > 500 || !KEY.test(key))) throw new Error(`INVALID_KEY: ${key}`);
  }

  private read(map: Map<string, Entry>, key: string): unknown {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    // Deletion of expired values is asynchronous: until it happens, reads still see them.
    if (entry.expiresAt !== undefined && entry.expiresAt + LATE_DELETION_MS <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return JSON.parse(entry.json) as unknown;
  }

  /** Runs the platform's asynchronous deletion of expired values now. */
  purgeExpired(): void {
    for (const map of [this.plain, this.secrets]) {
      for (const [key, entry] of map) if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) map.delete(key);
    }
  }

  private async pause(): Promise<void> {
    if (!this.interleave) return;
    const turns = Math.floor(Math.random() * 3);
    for (let i = 0; i <= turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private write(map: Map<string, Entry>, key: string, value: unknown, maxBytes: number, ttl?: Ttl): void {
    const json = JSON.stringify(value);
    if (Buffer.byteLength(json, 'utf8') > maxBytes) throw new Error(`VALUE_TOO_LARGE: ${key}`);
    map.set(key, ttl === undefined ? { json } : { json, expiresAt: this.now() + ttl.value * UNIT_MS[ttl.unit] });
  }

  readonly api = {
    get: async (key: string) => {
      this.call(key);
      await this.pause();
      return this.read(this.plain, key);
    },
    set: async (key: string, value: unknown, options?: { ttl?: Ttl; keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS'; returnValue?: 'PREVIOUS' | 'LATEST' }) => {
      this.call(key);
      await this.pause();
      const previous = this.read(this.plain, key);
      if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous !== undefined) throw new Error(`KEY_EXISTS: ${key}`);
      // Not documented as atomic: another call may write between this read and the write below.
      if (options?.returnValue === 'PREVIOUS') await this.pause();
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
      let start = 0;
      const builder = {
        cursor: (cursor: string) => {
          start = Number(cursor);
          return builder;
        },
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
          const live = keys.map((key) => ({ key, value: this.read(this.plain, key) })).filter((result) => result.value !== undefined);
          const results = live.slice(start, start + limit);
          return start + limit < live.length ? { results, nextCursor: String(start + limit) } : { results };
        },
      };
      return builder;
    },
  } as unknown as Kvs;

  /** The API as the bridge sees it: a hanging call never settles. */
  get platformApi(): Kvs {
    const api = this.api as unknown as Record<string, unknown>;
    const wrap = (fn: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
      try {
        const result = fn(...args);
        return result instanceof Promise ? result.catch((error: unknown) => (error instanceof HangSignal ? new Promise(() => undefined) : Promise.reject(error))) : result;
      } catch (error) {
        if (error instanceof HangSignal) return new Promise(() => undefined);
        throw error;
      }
    };
    return Object.fromEntries(Object.entries(api).map(([name, fn]) => [name, wrap(fn as (...args: unknown[]) => unknown)])) as unknown as Kvs;
  }
}
