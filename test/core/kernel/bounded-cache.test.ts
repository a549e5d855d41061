import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../../src/core/kernel/bounded-cache';

describe('BoundedCache', () => {
  it('keeps an entry until its age passes, by the time each call is told', () => {
    const cache = new BoundedCache<string>(4, 1_000);
    cache.set('issuer-a', 'document', 10_000);
    expect(cache.get('issuer-a', 10_999)).toBe('document');
    expect(cache.get('issuer-a', 11_000)).toBeUndefined();
    // An expired entry is gone, not just hidden.
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entry at its bound, a read counting as a use', () => {
    const cache = new BoundedCache<number>(2, 60_000);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    expect(cache.get('a', 1)).toBe(1);
    cache.set('c', 3, 2);
    expect(cache.get('b', 3)).toBeUndefined();
    expect(cache.get('a', 3)).toBe(1);
    expect(cache.get('c', 3)).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('makes a value once for a key and hands the same one back; another key never sees it', () => {
    const cache = new BoundedCache<{ site: string }>(8, 60_000);
    let made = 0;
    const make = (site: string) => () => ({ site, made: ++made });
    const first = cache.getOrCreate('site-a', 0, make('site-a'));
    expect(cache.getOrCreate('site-a', 1, make('site-a'))).toBe(first);
    expect(cache.getOrCreate('site-b', 1, make('site-b'))).toEqual({ site: 'site-b', made: 2 });
    // After its age a new one is made.
    expect(cache.getOrCreate('site-a', 60_000, make('site-a'))).not.toBe(first);
    expect(made).toBe(3);
  });

  it('renews an entry set again, and forgets on delete and clear', () => {
    const cache = new BoundedCache<string>(4, 1_000);
    cache.set('k', 'old', 0);
    cache.set('k', 'new', 900);
    expect(cache.get('k', 1_500)).toBe('new');
    cache.delete('k');
    expect(cache.get('k', 1_500)).toBeUndefined();
    cache.set('x', 'y', 0);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
