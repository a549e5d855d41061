import { describe, expect, it } from 'vitest';
import { createForgeBridge } from '../../src/forge/bridge-runtime';
import { KvsAuditLog } from '../../src/forge/kvs-storage';
import type { SignInRecord } from '../../src/core/audit/sign-in-record';
import { KvsDouble } from '../support/kvs-double';

function record(i: number): SignInRecord {
  return { at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(), kind: 'sp', outcome: 'signed-in', email: `user${i}@contoso.com` };
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
