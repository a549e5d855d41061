import { describe, expect, it } from 'vitest';
import { createForgeBridge } from '../../testkit/forge-bridge';
import { KvsAuditLog, KvsSingleUseStore, type Kvs } from '../../src/forge/kvs-storage';
import type { TakeResult } from '../../src/core/kernel/ports';
import type { SignInRecord } from '../../src/core/audit/sign-in-record';
import { KvsDouble } from '../../testkit/kvs-double';

// Within the trail's 30 days whatever day the suite runs: a fixed date would age out of it.
const START = Date.now() - 86_400_000;

function record(i: number): SignInRecord {
  return { at: new Date(START + i * 60_000).toISOString(), kind: 'sp', outcome: 'signed-in', email: `user${i}@contoso.com` };
}

describe('the sign-in trail on @forge/kvs', () => {
  it('lists newest first, and keeps at most 500 records', async () => {
    const kvs = new KvsDouble();
    const log = new KvsAuditLog(kvs.api);
    for (let i = 0; i < 520; i++) await log.append(record(i));
    const recent = await log.recent(3);
    expect(recent.map((r) => r.email)).toEqual(['user519@contoso.com', 'user518@contoso.com', 'user517@contoso.com']);
    expect([...kvs.plain.keys()].filter((key) => key.startsWith('signin:'))).toHaveLength(500);
    expect((await log.recent(500)).at(-1)?.email).toBe('user20@contoso.com');
  });

  it('leaves out records past their 30 days that the platform has not deleted yet', async () => {
    const kvs = new KvsDouble();
    const now = Date.UTC(2026, 10, 1) + 31 * 86_400_000;
    kvs.now = () => Date.UTC(2026, 10, 1);
    const log = new KvsAuditLog(kvs.api, () => now);
    await log.append({ ...record(0), at: new Date(Date.UTC(2026, 10, 1)).toISOString() });
    await log.append({ ...record(0), at: new Date(now - 60_000).toISOString(), email: 'fresh@contoso.com' });
    kvs.now = () => now;
    expect((await log.recent(10)).map((r) => r.email)).toEqual(['fresh@contoso.com']);
  });
});

describe('single use on @forge/kvs', () => {
  it('takes a record once; a second take is a replay; an unknown key costs no write', async () => {
    const kvs = new KvsDouble();
    const store = new KvsSingleUseStore(kvs.api);
    await store.put('login-state:abc', { n: 1 }, 600);
    expect(await store.take('login-state:abc')).toEqual({ status: 'taken', value: { n: 1 } });
    expect(await store.take('login-state:abc')).toEqual({ status: 'used' });
    const before = kvs.roundTrips;
    expect(await store.take('login-state:never-written')).toEqual({ status: 'absent' });
    expect(kvs.roundTrips - before).toBe(1);
    expect([...kvs.plain.keys()].filter((key) => key.includes('never-written'))).toEqual([]);
  });

  it('refuses a record past its expiry even while the platform still returns it (deletion is asynchronous)', async () => {
    const kvs = new KvsDouble();
    let now = Date.now();
    kvs.now = () => now;
    const store = new KvsSingleUseStore(kvs.api, () => now);
    await store.put('login-state:late', { n: 1 }, 60);
    now += 61_000;
    expect(await kvs.api.get('login-state:late')).toBeDefined();
    expect(await store.take('login-state:late')).toEqual({ status: 'absent' });
  });

  it('gives a record to exactly one of two concurrent takers, every time', async () => {
    const kvs = new KvsDouble();
    kvs.interleave = true;
    const store = new KvsSingleUseStore(kvs.api);
    for (let round = 0; round < 200; round++) {
      await store.put(`login-state:r${round}`, { round }, 600);
      const results = await Promise.all([store.take(`login-state:r${round}`), store.take(`login-state:r${round}`)]);
      expect(results.map((result) => result.status).sort()).toEqual(['taken', 'used']);
    }
  });

  it('would give one record to two takers with OVERRIDE + returnValue PREVIOUS, whose atomicity is not documented', async () => {
    const kvs = new KvsDouble();
    kvs.interleave = true;
    // The previous implementation: overwrite with a "used" marker and look at what was there.
    const overrideTake = async (api: Kvs, key: string): Promise<TakeResult<unknown>['status']> => {
      const previous = await api.set<{ used?: boolean }, { used: boolean }>(key, { used: true }, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
      return previous?.value?.used === true ? 'used' : 'taken';
    };
    let doubleTakes = 0;
    for (let round = 0; round < 200; round++) {
      await kvs.api.set(`login-state:o${round}`, { used: false });
      const results = await Promise.all([overrideTake(kvs.api, `login-state:o${round}`), overrideTake(kvs.api, `login-state:o${round}`)]);
      if (results.every((status) => status === 'taken')) doubleTakes += 1;
    }
    expect(doubleTakes).toBeGreaterThan(0);
  });
});

describe('storage that does not answer', () => {
  it('costs a sign-in at most the storage time bound, with a clear page, and then recovers', async () => {
    const kvs = new KvsDouble();
    const bridge = createForgeBridge(
      { kvs: kvs.platformApi, installation: () => "installation-a", webTriggerUrl: async (key) => `https://bridge.example.net/${key}`, requestJiraAsUser: async () => ({ ok: false, status: 500, json: async () => ({}) }) },
      { storageTimeoutMs: 200, settingsCacheMs: 0 },
    );
    kvs.hanging = true;
    const started = performance.now();
    const response = await bridge.sso({ method: 'GET', path: '/', body: '', headers: {}, queryParameters: { SAMLRequest: ['x'] } });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('STORE_UNAVAILABLE');
    kvs.hanging = false;
    const after = await bridge.sso({ method: 'GET', path: '/', body: '', headers: {}, queryParameters: { SAMLRequest: ['x'] } });
    // Storage answers again: the bridge reads it (nothing configured here, so it says so).
    expect(after.body).toContain('LOGIN_NOT_CONFIGURED');
  });
});
