import { describe, expect, it } from 'vitest';
import { CheckedSnapshots, loginStateSchema, readLoginState } from '../../../src/core/login/login-state';

// The callback reads login states by hand (readLoginState), for speed; loginStateSchema says
// what a login state is. Every record here gets the same answer from both, or the test fails.

const config = {
  entra: { authority: 'https://login.microsoftonline.com', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', clientId: '6731de76-14a6-49ae-97bc-6eba6914391e', nameIdClaim: 'email', requireXmsEdov: true },
  guard: {
    spEntityId: 'https://auth.atlassian.com/saml/0c3a9f1e-2b4d-4e6f-8a9b-1c2d3e4f5a6b',
    acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-0c3a9f1e-2b4d-4e6f-8a9b-1c2d3e4f5a6b',
    allowedDomains: ['contoso.com'],
  },
};

const valid = {
  version: 1,
  kind: 'sp',
  testTicket: 'ticket-1',
  requestId: '_guard-1',
  connectionId: 'primary',
  config,
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
  const out: unknown[] = [valid, null, undefined, 'login', 7, [], [valid], {}, { ...valid, extra: 'dropped' }];
  for (const field of FIELDS) {
    const { [field]: _dropped, ...without } = valid;
    out.push(without);
    for (const value of ODD_VALUES) out.push({ ...valid, [field]: value });
  }
  // The configuration: the schema's own checks apply, each snapshot once.
  out.push({ ...valid, config: { ...config, guard: { ...config.guard, acsUrl: 'https://evil.example/acs' } } });
  out.push({ ...valid, config: { ...config, entra: { ...config.entra, tenantId: 'not-a-guid' } } });
  out.push({ ...valid, config: { ...config, entra: { ...config.entra, tenantId: ' 72F988BF-86F1-41AF-91AB-2D7CD011DB47 ' } } });
  return out;
}

describe('a login state read back from the store', () => {
  it('gets the same answer by hand as from loginStateSchema, for every field made odd or left out', () => {
    const snapshots = new CheckedSnapshots();
    const all = records();
    expect(all.length).toBeGreaterThan(400);
    let accepted = 0;
    for (const record of all) {
      const bySchema = loginStateSchema.safeParse(record);
      const byHand = readLoginState(record, snapshots);
      expect({ record, read: byHand }).toEqual({ record, read: bySchema.success ? bySchema.data : undefined });
      if (byHand !== undefined) accepted++;
    }
    // Both sides of the line are exercised.
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(all.length - 200);
  });

  it('checks a configuration snapshot once, and a changed one again', () => {
    const snapshots = new CheckedSnapshots();
    const first = readLoginState(valid, snapshots);
    const again = readLoginState(JSON.parse(JSON.stringify(valid)) as unknown, snapshots);
    expect(again?.config).toBe(first?.config);
    // The same snapshot altered to fail the schema is refused, not served from memory.
    const altered = { ...valid, config: { ...config, guard: { ...config.guard, acsUrl: 'https://evil.example/acs' } } };
    expect(readLoginState(altered, snapshots)).toBeUndefined();
    expect(readLoginState(valid, snapshots)?.config).toEqual(first?.config);
  });

  it('hands out a configuration no sign-in can change for the next one', () => {
    const snapshots = new CheckedSnapshots();
    const read = readLoginState(valid, snapshots);
    expect(Object.isFrozen(read?.config.guard.allowedDomains)).toBe(true);
    expect(() => (read?.config.guard.allowedDomains as string[]).push('evil.example')).toThrow();
  });
});
