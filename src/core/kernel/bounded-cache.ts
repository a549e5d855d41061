/**
 * A small in-process cache, bounded in entries and in age. A warm process may serve many
 * sites (Forge reuses one process across installations), so every entry is found only by
 * its own key: an installation for site data, an issuer for public discovery documents.
 * The least recently used entry goes first when the bound is reached.
 *
 * It keeps no clock of its own: each call is told the time (`at`, in ms) by its caller's
 * Clock port, so a test's clock ages entries as it ages everything else.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, at: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until <= at) {
      this.entries.delete(key);
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry as recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, at: number): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, until: at + this.ttlMs });
  }

  /** The cached value, or a new one made (and kept) now. */
  getOrCreate(key: string, at: number, create: () => V): V {
    const cached = this.get(key, at);
    if (cached !== undefined) return cached;
    const value = create();
    this.set(key, value, at);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
