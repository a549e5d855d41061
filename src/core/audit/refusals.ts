import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import type { ErrorCode } from '../errors/catalogue';
import type { Clock } from '../kernel/ports';
import type { Trail, TrailKind } from './trail';

/**
 * Refusals before anyone authenticated (a malformed AuthnRequest, an unknown state, a
 * forged token) come from strangers as easily as from Guard. They are kept apart from the
 * sign-in trail, so they can never push a real sign-in out of it, and counted rather than
 * listed: per time window, code and kind, one record per process holding its counts so far.
 */
export const refusalCountsSchema = z.object({
  /** When this record was written. */
  at: z.string(),
  /** Start of the counting window (ISO 8601). */
  window: z.string(),
  /** Which process counted (each writes its own totals; readers add processes up). */
  writer: z.string(),
  /** `kind code` → how many refusals in the window, as this process counted them. */
  counts: z.record(z.string(), z.int().check(z.nonnegative())),
});
export type RefusalCounts = z.infer<typeof refusalCountsSchema>;

export const REFUSAL_WINDOW_MS = 60 * 60 * 1000;
/** A process writes its counts at most this often: unauthenticated traffic costs few writes. */
export const REFUSAL_FLUSH_MS = 60 * 1000;
/** Distinct codes a process counts per window; beyond it, one catch-all. */
const MAX_KEYS = 64;

export const REFUSAL_TRAIL: TrailKind<RefusalCounts> = {
  prefix: 'refusals',
  schema: refusalCountsSchema,
  ttlSeconds: 30 * 24 * 60 * 60,
  capacity: 500,
  at: (record) => record.at,
};

export type RefusalKind = 'sp' | 'idp' | 'test';

/**
 * Counts refusals in memory and writes the window's counts when the process's total for the
 * window reaches a power of two (1, 2, 4, … 512, …) or a minute has passed since the last
 * write: a flood of N refusals costs about log2(N) writes plus one a minute per process,
 * whatever its rate, and the stored total is never below half the true one. (A process that
 * ends between writes loses what it counted since: the totals are "at least".) One per
 * installation on Forge.
 */
export class RefusalTally {
  private window = '';
  private counts: Record<string, number> = {};
  private lastWrite = 0;
  private total = 0;
  private readonly writer = randomBytes(6).toString('base64url');

  constructor(
    private readonly trail: Trail<RefusalCounts>,
    private readonly clock: Clock,
  ) {}

  async record(kind: RefusalKind, code: ErrorCode): Promise<void> {
    const now = this.clock.now().getTime();
    const window = new Date(now - (now % REFUSAL_WINDOW_MS)).toISOString();
    const fresh = window !== this.window;
    if (fresh) {
      this.window = window;
      this.counts = {};
    }
    const key = Object.keys(this.counts).length < MAX_KEYS || `${kind} ${code}` in this.counts ? `${kind} ${code}` : 'other';
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    this.total = fresh ? 1 : this.total + 1;
    const doubled = (this.total & (this.total - 1)) === 0;
    if (!fresh && !doubled && now - this.lastWrite < REFUSAL_FLUSH_MS) return;
    this.lastWrite = now;
    await this.trail.append({ at: new Date(now).toISOString(), window, writer: this.writer, counts: { ...this.counts } });
  }
}

export interface RefusalSummary {
  readonly window: string;
  readonly kind: string;
  readonly code: string;
  readonly count: number;
}

/** Totals per window, kind and code: each writer's latest record, added up across writers. */
export function summarizeRefusals(records: readonly RefusalCounts[]): RefusalSummary[] {
  const latest = new Map<string, RefusalCounts>();
  for (const record of records) {
    const key = `${record.window} ${record.writer}`;
    const seen = latest.get(key);
    if (seen === undefined || seen.at < record.at) latest.set(key, record);
  }
  const totals = new Map<string, RefusalSummary>();
  for (const record of latest.values()) {
    for (const [name, count] of Object.entries(record.counts)) {
      const [kind = '', code = ''] = name.split(' ');
      const key = `${record.window} ${name}`;
      const previous = totals.get(key);
      totals.set(key, { window: record.window, kind, code, count: (previous?.count ?? 0) + count });
    }
  }
  return [...totals.values()].sort((a, b) => (a.window === b.window ? b.count - a.count : a.window < b.window ? 1 : -1));
}
