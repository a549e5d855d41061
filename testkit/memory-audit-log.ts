import type { SignInRecord } from '../src/core/audit/sign-in-record';
import type { Trail } from '../src/core/audit/trail';

/** A trail in process memory, newest first, bounded in count. */
export class MemoryTrail<T> implements Trail<T> {
  private readonly records: T[] = [];

  constructor(private readonly capacity = 500) {}

  async append(record: T): Promise<void> {
    this.records.unshift(record);
    this.records.length = Math.min(this.records.length, this.capacity);
  }

  async recent(limit: number): Promise<T[]> {
    return this.records.slice(0, limit);
  }
}

/** Sign-in records in process memory. */
export class MemoryAuditLog extends MemoryTrail<SignInRecord> {}
