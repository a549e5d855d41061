import type * as z from 'zod/mini';

/** A bounded, newest-first record of events: the sign-in trail, the admin trail. */
export interface Trail<T> {
  append(record: T): Promise<void>;
  /** Newest first. */
  recent(limit: number): Promise<T[]>;
}

/**
 * What a trail keeps and for how long; each store (Forge, files, memory) holds to it.
 * `prefix` names the trail in a shared key space: trails never share keys, so no trail's
 * writes can push another's records out.
 */
export interface TrailKind<T> {
  readonly prefix: string;
  readonly schema: z.ZodMiniType<T>;
  /** Records older than this are dropped (and expire in stores with TTLs). */
  readonly ttlSeconds: number;
  /** How many records are kept at most, and exported. */
  readonly capacity: number;
  /** The record's time, ISO 8601. */
  at(record: T): string;
}
