import type { Clock, SingleUseStore, TakeResult } from '../core/kernel/ports';

interface Live {
  /** The value as JSON: compact, and a copy no caller can change. */
  readonly json: string;
  readonly expiresAt: number;
  readonly ttlMs: number;
}

export interface MemoryStoreLimits {
  /** Live records (sign-ins in progress, tickets) kept at most; the oldest go first. */
  readonly maxEntries: number;
  /** Bytes of live values kept at most (their JSON, one byte a character as V8 keeps ASCII, plus a per-record overhead). */
  readonly maxBytes: number;
  /** "Used" markers kept at most (a taken key remembered, to tell a replay apart). */
  readonly maxUsedMarkers: number;
}

/**
 * Room for a morning rush and then some: 100,000 sign-ins in progress (at about 1 KB each,
 * under 64 MiB), far more than a flood of strangers' starts can fill in a record's 10-minute
 * life from one address, and a bound on what any flood can take.
 */
/** What a record costs: its JSON (ASCII, one byte a character in V8) and the map entry around it. */
const RECORD_OVERHEAD_BYTES = 96;
const costOf = (json: string) => json.length + RECORD_OVERHEAD_BYTES;

export const DEFAULT_MEMORY_STORE_LIMITS: MemoryStoreLimits = { maxEntries: 100_000, maxBytes: 64 * 1024 * 1024, maxUsedMarkers: 100_000 };

/**
 * A single-use store in process memory, bounded in entries and bytes, with TTLs.
 *
 * Every operation is O(1) amortised: records live in one insertion-ordered queue per TTL
 * (every record of a queue expires in the order it was put), so expiry only ever looks at
 * the heads. When a bound is reached, the oldest unfinished records go first: a flood of
 * starts can push out only records older than itself, never more than the bound. A taken
 * key stays as a small "used" marker until its TTL ends (bounded too), so a replay is told
 * apart from a key that never existed. JavaScript runs one callback at a time, so take is
 * atomic here.
 */
export class MemorySingleUseStore implements SingleUseStore {
  /** One insertion-ordered queue per TTL; a key is in at most one. */
  private readonly queues = new Map<number, Map<string, Live>>();
  private readonly queueOf = new Map<string, number>();
  private readonly used = new Map<string, number>();
  private bytes = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: MemoryStoreLimits = DEFAULT_MEMORY_STORE_LIMITS,
  ) {}

  async put(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const now = this.clock.now().getTime();
    this.sweep(now);
    this.remove(key);
    const ttlMs = ttlSeconds * 1000;
    const json = JSON.stringify(value) ?? 'null';
    let queue = this.queues.get(ttlMs);
    if (queue === undefined) {
      queue = new Map();
      this.queues.set(ttlMs, queue);
    }
    queue.set(key, { json, expiresAt: now + ttlMs, ttlMs });
    this.queueOf.set(key, ttlMs);
    this.bytes += costOf(json);
    while (this.queueOf.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) this.evictOldest();
  }

  async take(key: string, admit?: (value: unknown) => boolean): Promise<TakeResult<unknown>> {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const usedUntil = this.used.get(key);
    if (usedUntil !== undefined && usedUntil > now) return { status: 'used' };
    const entry = this.live(key, now);
    if (entry === undefined) return { status: 'absent' };
    const value = JSON.parse(entry.json) as unknown;
    if (admit !== undefined && !admit(value)) return { status: 'kept', value };
    this.remove(key);
    this.used.set(key, entry.expiresAt);
    while (this.used.size > this.limits.maxUsedMarkers) this.used.delete(this.used.keys().next().value as string);
    return { status: 'taken', value };
  }

  async read(key: string): Promise<unknown> {
    const entry = this.live(key, this.clock.now().getTime());
    return entry === undefined ? undefined : (JSON.parse(entry.json) as unknown);
  }

  /** How many keys are held (live records and used markers); for leak checks. */
  get size(): number {
    return this.queueOf.size + this.used.size;
  }

  /** Bytes of live values held. */
  get liveBytes(): number {
    return this.bytes;
  }

  private live(key: string, now: number): Live | undefined {
    const ttl = this.queueOf.get(key);
    const entry = ttl === undefined ? undefined : this.queues.get(ttl)?.get(key);
    return entry !== undefined && entry.expiresAt > now ? entry : undefined;
  }

  private remove(key: string): void {
    const ttl = this.queueOf.get(key);
    if (ttl === undefined) return;
    const queue = this.queues.get(ttl);
    const entry = queue?.get(key);
    if (entry !== undefined) this.bytes -= costOf(entry.json);
    queue?.delete(key);
    this.queueOf.delete(key);
  }

  /** Drops what has expired: only queue heads are looked at. */
  private sweep(now: number): void {
    for (const queue of this.queues.values()) {
      for (const [key, entry] of queue) {
        if (entry.expiresAt > now) break;
        this.remove(key);
      }
    }
    for (const [key, until] of this.used) {
      if (until > now) break;
      this.used.delete(key);
    }
  }

  /** The oldest unfinished record of all queues: the one put longest ago. */
  private evictOldest(): void {
    let oldest: { key: string; putAt: number } | undefined;
    for (const queue of this.queues.values()) {
      const head = queue.entries().next();
      if (head.done === true) continue;
      const [key, entry] = head.value;
      const putAt = entry.expiresAt - entry.ttlMs;
      if (oldest === undefined || putAt < oldest.putAt) oldest = { key, putAt };
    }
    if (oldest === undefined) return;
    this.remove(oldest.key);
  }
}
