import { describe, expect, it } from 'vitest';
import type { StoredConfig } from '../../../src/core/setup/stored-setup';
import { boundFingerprint, decideTrust, isComplete } from '../../../src/core/setup/trust-binding';
import { fingerprintOf } from '../../../src/core/setup/trust';
import { CLIENT_ID, GUARD_SP, TENANT_ID } from '../../../testkit/constants';

const AT = '2026-12-04T20:00:00.000Z';
const certificate = (boundTo?: string) => ({ certificatePem: 'PEM', createdAt: AT, ...(boundTo !== undefined && { boundTo }) });
const entra = { authority: 'https://login.microsoftonline.com', tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email', requireXmsEdov: true } as const;
const guard = { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] };
const EMPTY: StoredConfig = { version: 1, updatedAt: AT };
const complete: StoredConfig = { ...EMPTY, entra, guard, clientSecretSavedAt: AT, signing: certificate() };

describe('decideTrust: what a save does to the signing key', () => {
  it('keeps an incomplete setup unbound: the admin edits freely until it first becomes complete', () => {
    const partial: StoredConfig = { ...EMPTY, entra, signing: certificate() };
    expect(isComplete(partial)).toBe(false);
    expect(decideTrust(EMPTY, partial)).toEqual({ kind: 'keep' });
    expect(decideTrust(partial, { ...partial, entra: { ...entra, tenantId: '11111111-2222-3333-4444-555555555555' } })).toEqual({ kind: 'keep' });
  });

  it('binds the key when the setup first becomes complete', () => {
    const before: StoredConfig = { ...EMPTY, entra, clientSecretSavedAt: AT, signing: certificate() };
    expect(decideTrust(before, complete)).toEqual({ kind: 'bind', fingerprint: fingerprintOf(complete) });
  });

  it('keeps a bound key through a save that changes nothing of trust (the secret, the domain hint, the order of domains)', () => {
    const fingerprint = fingerprintOf(complete) ?? '';
    const bound: StoredConfig = { ...complete, signing: certificate(fingerprint) };
    expect(decideTrust(bound, { ...bound, clientSecretSavedAt: '2026-12-05T00:00:00.000Z' })).toEqual({ kind: 'keep' });
    expect(decideTrust(bound, { ...bound, entra: { ...entra, domainHint: 'contoso.com' } })).toEqual({ kind: 'keep' });
    const twoDomains: StoredConfig = { ...bound, guard: { ...guard, allowedDomains: ['contoso.com', 'fabrikam.com'] } };
    const twoBound: StoredConfig = { ...twoDomains, signing: certificate(fingerprintOf(twoDomains)) };
    expect(decideTrust(twoBound, { ...twoBound, guard: { ...guard, allowedDomains: ['fabrikam.com', 'contoso.com'] } })).toEqual({ kind: 'keep' });
  });

  it('replaces a bound key when trust changes, naming what changed', () => {
    const bound: StoredConfig = { ...complete, signing: certificate(fingerprintOf(complete)) };
    const next: StoredConfig = { ...bound, guard: { ...guard, allowedDomains: ['contoso.com', 'fabrikam.com'] } };
    expect(decideTrust(bound, next)).toEqual({ kind: 'replace-key', fingerprint: fingerprintOf(next), changed: ['guard.allowedDomains'] });
    const otherTenant: StoredConfig = { ...bound, entra: { ...entra, tenantId: '11111111-2222-3333-4444-555555555555' } };
    expect(decideTrust(bound, otherTenant)).toMatchObject({ kind: 'replace-key', changed: ['entra.tenantId'] });
  });

  it('counts a complete setup saved before keys were bound as bound to what it holds', () => {
    expect(boundFingerprint(complete)).toBe(fingerprintOf(complete));
    const next: StoredConfig = { ...complete, guard: { ...guard, acsUrl: `${GUARD_SP.acsUrl}x` } };
    expect(decideTrust(complete, next)).toMatchObject({ kind: 'replace-key', changed: ['guard.acsUrl'] });
  });

  it('replaces the key when a bound setup loses a piece: it vouches for no one it vouched for', () => {
    const bound: StoredConfig = { ...complete, signing: certificate(fingerprintOf(complete)) };
    const { guard: _guard, ...withoutGuard } = bound;
    expect(decideTrust(bound, withoutGuard)).toMatchObject({ kind: 'replace-key', fingerprint: '' });
  });
});
