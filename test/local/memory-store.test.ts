import { describe, expect, it } from 'vitest';
import { MemorySingleUseStore } from '../../src/local/memory-store';

class ManualClock {
  ms = Date.UTC(2026, 10, 29);
  now(): Date {
    return new Date(this.ms);
  }
}

describe('the local runtime’s single-use store', () => {
  it('takes once, remembers the take, and forgets everything at its TTL', async () => {
    const clock = new ManualClock();
    const store = new MemorySingleUseStore(clock);
    await store.put('a', { n: 1 }, 600);
    expect(await store.read('a')).toEqual({ n: 1 });
    expect(await store.take('a')).toEqual({ status: 'taken', value: { n: 1 } });
    expect(await store.take('a')).toEqual({ status: 'used' });
    expect(await store.read('a')).toBeUndefined();
    clock.ms += 601_000;
    await store.put('b', {}, 600);
    expect(await store.take('a')).toEqual({ status: 'absent' });
    expect(store.size).toBe(1);
  });

  it('is bounded in records: the oldest unfinished go first, newer ones stay', async () => {
    const clock = new ManualClock();
    const store = new MemorySingleUseStore(clock, { maxEntries: 1000, maxBytes: 64 * 1024 * 1024, maxUsedMarkers: 1000 });
    for (let i = 0; i < 5000; i++) {
      clock.ms += 1;
      await store.put(`flood-${i}`, { i }, 600);
    }
    expect(store.size).toBe(1000);
    expect(await store.take('flood-0')).toEqual({ status: 'absent' });
    expect(await store.take('flood-4999')).toEqual({ status: 'taken', value: { i: 4999 } });
  });

  it('is bounded in bytes', async () => {
    const store = new MemorySingleUseStore(new ManualClock(), { maxEntries: 1_000_000, maxBytes: 1024 * 1024, maxUsedMarkers: 1000 });
    for (let i = 0; i < 2000; i++) await store.put(`big-${i}`, 'x'.repeat(10_000), 600);
    expect(store.liveBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(store.size).toBeLessThan(110);
  });
});
