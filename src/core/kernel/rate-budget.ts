import type { Clock } from './ports';

/**
 * A token bucket: at most `perSecond` on average, with bursts up to `burst`. For work an
 * unauthenticated request can make the bridge do that costs more than answering (an RSA
 * signature): past the budget, the cheap answer is given instead. One per set of handlers
 * (per installation on Forge), never module-level.
 */
export class RateBudget {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
    this.updatedAt = clock.now().getTime();
  }

  /** Spends one unit if there is one. */
  take(): boolean {
    const now = this.clock.now().getTime();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
