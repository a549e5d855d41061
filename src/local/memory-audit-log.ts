import type { AuditLog, SignInRecord } from '../core/audit/sign-in-record';

/** Sign-in records in process memory, newest first, bounded in count. */
export class MemoryAuditLog implements AuditLog {
  private readonly records: SignInRecord[] = [];

  constructor(private readonly capacity = 500) {}

  async append(record: SignInRecord): Promise<void> {
    this.records.unshift(record);
    this.records.length = Math.min(this.records.length, this.capacity);
  }

  async recent(limit: number): Promise<SignInRecord[]> {
    return this.records.slice(0, limit);
  }
}
