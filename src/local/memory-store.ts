import type { Clock, SingleUseStore, TakeResult } from '../core/ports';

interface Entry {
  value: unknown;
  used: boolean;
  expiresAt: number;
}

/**
 * A single-use store in process memory, with TTLs. A taken key stays as a "used" marker
 * until its TTL ends, so a replay is told apart from a key that never existed. JavaScript
 * runs one callback at a time, so take is atomic here.
 */
export class MemorySingleUseStore implements SingleUseStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  async put(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    this.sweep();
    this.entries.set(key, { value: structuredClone(value), used: false, expiresAt: this.clock.now().getTime() + ttlSeconds * 1000 });
  }

  async take(key: string): Promise<TakeResult<unknown>> {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expiresAt <= this.clock.now().getTime()) return { status: 'absent' };
    if (entry.used) return { status: 'used' };
    entry.used = true;
    const value = entry.value;
    entry.value = undefined;
    return { status: 'taken', value };
  }

  async read(key: string): Promise<unknown> {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.used || entry.expiresAt <= this.clock.now().getTime()) return undefined;
    return structuredClone(entry.value);
  }

  /** How many keys are held (live or used markers); for leak checks. */
  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
