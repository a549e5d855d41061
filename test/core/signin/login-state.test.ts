import { describe, expect, it } from 'vitest';
import { bridgeConfigSchema } from '../../../src/core/config/schema';
import { largestConfig } from '../../../testkit/largest-config';
import { connectionsOf } from '../../../src/core/signin/connections';
import { MAX_LOGIN_STATE_BYTES, loginStateSchema, readLoginState, settingsDigestOf } from '../../../src/core/signin/login-state';

// The callback reads login states by hand (readLoginState), for speed; loginStateSchema says
// what a login state is. Every record here gets the same answer from both, or the test fails.

const valid = {
  version: 2,
  kind: 'sp',
  testTicket: 'ticket-1',
  requestId: '_guard-1',
  connectionId: 'primary',
  settingsDigest: 'd'.repeat(43),
  secretsVersion: 'v1',
  relayState: 'https://contoso.atlassian.net/',
  forceAuthn: true,
  isPassive: false,
  startedAt: 1_764_547_200_000,
  codeVerifier: 'v'.repeat(43),
  nonce: 'n'.repeat(16),
  browserBindingHash: 'h'.repeat(43),
  expiresAt: 1_764_547_800_000,
};

const FIELDS = Object.keys(valid) as (keyof typeof valid)[];
/** Values of every JSON kind and the edges the schema draws. */
const ODD_VALUES: unknown[] = [undefined, null, true, false, 0, 1, 2, -1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Infinity, '', 'sp', 'idp', 'test', 'other', 'x'.repeat(15), 'x'.repeat(16), 'x'.repeat(42), 'x'.repeat(43), 'x'.repeat(128), 'x'.repeat(129), [], ['sp'], {}, { kind: 'sp' }];

function records(): unknown[] {
  const out: unknown[] = [valid, null, undefined, 'login', 7, [], [valid], {}, { ...valid, extra: 'dropped' }, { ...valid, version: 1 }];
  for (const field of FIELDS) {
    const { [field]: _dropped, ...without } = valid;
    out.push(without);
    for (const value of ODD_VALUES) out.push({ ...valid, [field]: value });
  }
  return out;
}

describe('a login state read back from the store', () => {
  it('gets the same answer by hand as from loginStateSchema, for every field made odd or left out', () => {
    const all = records();
    expect(all.length).toBeGreaterThan(400);
    let accepted = 0;
    for (const record of all) {
      const bySchema = loginStateSchema.safeParse(record);
      const byHand = readLoginState(record);
      expect({ record, read: byHand }).toEqual({ record, read: bySchema.success ? bySchema.data : undefined });
      if (byHand !== undefined) accepted++;
    }
    // Both sides of the line are exercised.
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(all.length - 200);
  });

  it('holds a digest of the settings, not the settings: its size does not grow with the configuration', () => {
    const config = largestConfig();
    expect(bridgeConfigSchema.safeParse(config).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(config))).toBeGreaterThan(100_000);
    const connection = connectionsOf(config)[19];
    if (connection === undefined) throw new Error('no connection');
    const digest = settingsDigestOf(config, connection);
    expect(digest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Every field at its longest: a 256-character AuthnRequest ID, an 80-byte RelayState of the worst JSON escapes, a 32-character connection name.
    const longest = { ...valid, connectionId: connection.id, settingsDigest: digest, requestId: `_${'i'.repeat(255)}`, relayState: '\u0001'.repeat(80), testTicket: 't'.repeat(43), secretsVersion: 'v'.repeat(16), codeVerifier: 'v'.repeat(128), nonce: 'n'.repeat(43) };
    expect(loginStateSchema.safeParse(longest).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(longest))).toBeLessThan(MAX_LOGIN_STATE_BYTES);
  });

  it('changes its digest with anything of the directory or Guard’s side, and with nothing else', () => {
    const config = largestConfig();
    const [primary, first] = connectionsOf(config);
    if (primary === undefined || first === undefined) throw new Error('no connections');
    const other = { ...config, connections: config.connections?.map((c, i) => (i === 5 ? { ...c, clientId: 'another' } : c)) };
    // Another directory's change leaves this one's sign-ins alone.
    expect(settingsDigestOf(other, connectionsOf(other)[1] ?? first)).toBe(settingsDigestOf(config, first));
    const moved = { ...config, guard: { ...config.guard, acsUrl: `${config.guard.acsUrl}x` } };
    expect(settingsDigestOf(moved, connectionsOf(moved)[1] ?? first)).not.toBe(settingsDigestOf(config, first));
    const reissued = { ...config, connections: config.connections?.map((c, i) => (i === 0 ? { ...c, issuer: 'https://other.example' } : c)) };
    expect(settingsDigestOf(reissued, connectionsOf(reissued)[1] ?? first)).not.toBe(settingsDigestOf(config, first));
  });
});
