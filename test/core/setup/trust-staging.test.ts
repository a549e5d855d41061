import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AdminRecord } from '../../../src/core/audit/admin-record';
import type { RefusalCounts } from '../../../src/core/audit/refusals';
import { createMetadataHandler } from '../../../src/core/endpoints/metadata-handler';
import { createAdminApi, type AdminApi } from '../../../src/core/setup/action-table';
import { loadLoginSettings } from '../../../src/core/setup/settings-loader';
import type { StoredConfig } from '../../../src/core/setup/stored-setup';
import { BRIDGE_ENDPOINTS, CLIENT_ID, CLIENT_SECRET, GUARD_SP, TENANT_ID } from '../../../testkit/constants';
import { useHarness, type Harness } from '../../../testkit/login-harness';
import { MemoryAuditLog, MemoryTrail } from '../../../testkit/memory-audit-log';
import { MemorySetupStore } from '../../../testkit/memory-setup-store';

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});

const GUARD = { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] };
let store: MemorySetupStore;
let trail: MemoryTrail<AdminRecord>;
let api: AdminApi;

/** What sign-ins read: the domains routed, and the certificate that signs. */
async function signInsUse(): Promise<{ domains: readonly string[]; certificate: string | undefined }> {
  const settings = await loadLoginSettings(store, BRIDGE_ENDPOINTS);
  return { domains: settings.ok ? settings.value.config.guard.allowedDomains : [], certificate: (store.config as StoredConfig | undefined)?.signing?.certificatePem };
}

async function published(): Promise<string> {
  return (await createMetadataHandler({ setup: store, endpoints: async () => BRIDGE_ENDPOINTS })({ method: 'GET', query: {}, headers: {}, body: '' })).body;
}

const pemBody = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');

beforeEach(async () => {
  store = new MemorySetupStore();
  trail = new MemoryTrail<AdminRecord>();
  api = createAdminApi({ store, loginStore: h.deps.store, audit: new MemoryAuditLog(), adminTrail: trail, refusalTrail: new MemoryTrail<RefusalCounts>(), actor: 'test admin', endpoints: async () => BRIDGE_ENDPOINTS, clock: h.deps.clock, timeoutSeconds: 2 });
  expect((await api.saveEntraStep({ authority: h.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })).ok).toBe(true);
  expect((await api.saveGuardStep(GUARD)).ok).toBe(true);
  expect((await api.createSigningKey()).ok).toBe(true);
});

describe('a change of trust in stages', () => {
  it('prepares a domain added: sign-ins go on with the settings and key in force, and metadata lists the new certificate', async () => {
    const before = await signInsUse();
    const prepared = await api.saveGuardStep({ ...GUARD, allowedDomains: ['contoso.com', 'fabrikam.org'] });
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    // The wizard shows the settings the change makes, and what it changes.
    expect(prepared.value.guard?.allowedDomains).toEqual(['contoso.com', 'fabrikam.org']);
    expect(prepared.value.staged?.changes).toEqual([{ field: 'guard.allowedDomains', before: 'contoso.com', after: 'contoso.com, fabrikam.org' }]);
    // Guard still holds the key that signs; the new one is shown, not used.
    expect(prepared.value.signing?.certificatePem).toBe(before.certificate);
    const next = prepared.value.staged?.certificate.certificatePem ?? '';
    expect(next).not.toBe(before.certificate);
    expect(await signInsUse()).toEqual(before);
    const metadata = await published();
    expect(metadata).toContain(pemBody(before.certificate ?? ''));
    expect(metadata).toContain(pemBody(next));
    expect((await trail.recent(1))[0]).toMatchObject({ action: 'saveGuardStep', stage: 'prepared' });
  });

  it('adds later saves to the prepared change and keeps its key, so a certificate already in Guard stays right', async () => {
    const first = await api.saveGuardStep({ ...GUARD, allowedDomains: ['contoso.com', 'fabrikam.org'] });
    const second = await api.saveGuardStep({ ...GUARD, allowedDomains: ['contoso.com', 'fabrikam.org', 'northwind.example'] });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.value.staged?.certificate.certificatePem).toBe(first.value.staged?.certificate.certificatePem);
    expect(second.value.staged?.changes[0]?.after).toBe('contoso.com, fabrikam.org, northwind.example');
    // One snapshot and one extra secrets version: the first one's are gone.
    expect(store.snapshots.size).toBe(1);
    expect((await signInsUse()).domains).toEqual(['contoso.com']);
  });

  it('activates settings and key at once, rolls back both, and can activate again', async () => {
    const before = await signInsUse();
    const prepared = await api.saveGuardStep({ ...GUARD, allowedDomains: ['contoso.com', 'fabrikam.org'] });
    const next = prepared.ok ? prepared.value.staged?.certificate.certificatePem : undefined;
    const activated = await api.activateTrustChange();
    expect(activated).toMatchObject({ ok: true, value: { rollback: { changes: [{ field: 'guard.allowedDomains' }] } } });
    expect(activated.ok && activated.value.staged).toBeUndefined();
    expect(await signInsUse()).toEqual({ domains: ['contoso.com', 'fabrikam.org'], certificate: next });
    // The secrets in force sign with the new key: it is the one the certificate names.
    expect(store.current()?.signing?.certificatePem).toBe(next);

    const rolledBack = await api.rollBackTrustChange();
    expect(rolledBack.ok).toBe(true);
    expect(await signInsUse()).toEqual(before);
    expect(store.current()?.signing?.certificatePem).toBe(before.certificate);
    // The change it undid is prepared again, with its key.
    expect(rolledBack.ok && rolledBack.value.staged?.certificate.certificatePem).toBe(next);
    expect(rolledBack.ok && rolledBack.value.guard?.allowedDomains).toEqual(['contoso.com', 'fabrikam.org']);

    expect((await api.activateTrustChange()).ok).toBe(true);
    expect(await signInsUse()).toEqual({ domains: ['contoso.com', 'fabrikam.org'], certificate: next });
    expect((await trail.recent(3)).map((record) => record.stage)).toEqual(['activated', 'rolled-back', 'activated']);
  });

  it('discards a prepared change with its key: nothing in force changed, nothing of it is left', async () => {
    const before = await signInsUse();
    const secretsBefore = store.secrets.size;
    await api.saveConnection({ id: 'fabrikam', kind: 'oidc', preset: 'generic', issuer: 'https://idp.fabrikam.example', clientId: 'bridge', allowedDomains: ['fabrikam.org'], clientSecret: 'fabrikam-secret' });
    expect(store.snapshots.size).toBe(1);
    const discarded = await api.discardTrustChange();
    expect(discarded.ok && discarded.value.staged).toBeUndefined();
    expect(discarded.ok && discarded.value.connections).toBeUndefined();
    expect(await signInsUse()).toEqual(before);
    expect(store.snapshots.size).toBe(0);
    expect(store.secrets.size).toBe(secretsBefore);
    expect(JSON.stringify([...store.secrets.values()])).not.toContain('fabrikam-secret');
    expect((await trail.recent(1))[0]).toMatchObject({ action: 'discardTrustChange', stage: 'discarded' });
  });

  it('ends the prepared change when a save brings the settings back to those in force', async () => {
    const before = await signInsUse();
    await api.saveGuardStep({ ...GUARD, allowedDomains: ['contoso.com', 'fabrikam.org'] });
    const back = await api.saveGuardStep(GUARD);
    expect(back.ok && back.value.staged).toBeUndefined();
    expect(await signInsUse()).toEqual(before);
    expect(store.current()?.signing?.certificatePem).toBe(before.certificate);
    expect(store.snapshots.size).toBe(0);
  });

  it('applies a change at once, with a new key, when the operator confirms it (a configuration file at start)', async () => {
    const before = await signInsUse();
    const applied = await api.saveGuardStep({ ...GUARD, allowedDomains: ['contoso.com', 'fabrikam.org'], confirmTrustChange: true });
    expect(applied.ok && applied.value.staged).toBeUndefined();
    const now = await signInsUse();
    expect(now.domains).toEqual(['contoso.com', 'fabrikam.org']);
    expect(now.certificate).not.toBe(before.certificate);
  });

  it('keeps the checklist with the setup in force while a change is prepared', async () => {
    await api.saveGuardStep({ ...GUARD, allowedDomains: ['contoso.com', 'fabrikam.org'] });
    const ticked = await api.saveChecklist({ checklist: { members: true } });
    expect(ticked.ok && ticked.value.staged).toBeDefined();
    expect((store.config as StoredConfig).checklist).toEqual({ members: true });
    expect((await api.activateTrustChange()).ok).toBe(true);
    expect((store.config as StoredConfig).checklist).toEqual({ members: true });
  });

  it('refuses a key rotation while a change is prepared, and a stage with nothing to act on', async () => {
    expect(await api.activateTrustChange()).toMatchObject({ ok: false, error: { code: 'SETUP_INCOMPLETE' } });
    expect(await api.rollBackTrustChange()).toMatchObject({ ok: false, error: { code: 'SETUP_INCOMPLETE' } });
    await api.saveGuardStep({ ...GUARD, allowedDomains: ['contoso.com', 'fabrikam.org'] });
    expect(await api.prepareNextSigningKey()).toMatchObject({ ok: false, error: { code: 'SETUP_INCOMPLETE', fields: { signing: expect.stringContaining('change of trust is prepared') } } });
  });

  it('leaves the setup in force whole when the commit of a stage fails', async () => {
    const before = structuredClone(store.config);
    const secrets = store.secrets.size;
    store.writeConfig = async () => {
      throw new Error('storage down');
    };
    expect(await api.saveGuardStep({ ...GUARD, allowedDomains: ['contoso.com', 'fabrikam.org'] })).toMatchObject({ ok: false, error: { code: 'STORE_UNAVAILABLE' } });
    expect(store.config).toEqual(before);
    expect(store.snapshots.size).toBe(0);
    expect(store.secrets.size).toBe(secrets);
  });
});
