import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdminApi, invokeAdminAction, type AdminApi } from '../../../src/core/setup/action-table';
import type { BridgeEndpoints } from '../../../src/core/setup/stored-setup';
import type { AdminRecord } from '../../../src/core/audit/admin-record';
import type { RefusalCounts } from '../../../src/core/audit/refusals';
import { MemoryAuditLog, MemoryTrail } from '../../../testkit/memory-audit-log';
import { MemorySetupStore } from '../../../testkit/memory-setup-store';
import { useHarness, type Harness } from '../../../testkit/login-harness';
import { BRIDGE_ENDPOINTS, CLIENT_ID, CLIENT_SECRET, GUARD_SP, TENANT_ID } from '../../../testkit/constants';

const harness = useHarness();
let h: Harness;
beforeAll(() => {
  h = harness();
});

const ENDPOINTS: BridgeEndpoints = BRIDGE_ENDPOINTS;
const GUARD = { spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] };

let store: MemorySetupStore;
let api: AdminApi;
beforeEach(() => {
  store = new MemorySetupStore();
  api = createAdminApi({ store, loginStore: h.deps.store, audit: new MemoryAuditLog(), adminTrail: new MemoryTrail<AdminRecord>(), refusalTrail: new MemoryTrail<RefusalCounts>(), actor: "test admin", endpoints: async () => ENDPOINTS, clock: h.deps.clock, timeoutSeconds: 2 });
});

function entraStep(overrides: Record<string, unknown> = {}) {
  return { authority: h.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...overrides };
}

describe('the admin API', () => {
  it('starts empty, with the URLs to copy', async () => {
    const setup = await api.getSetup();
    expect(setup).toMatchObject({
      ok: true,
      value: {
        endpoints: { ...ENDPOINTS, idpEntityId: ENDPOINTS.metadataUrl },
        clientSecret: { set: false },
        steps: { entra: false, guard: false, signingKey: false },
      },
    });
  });

  it('saves the Entra ID step; the secret is write-only', async () => {
    const saved = await api.saveEntraStep(entraStep());
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.value.clientSecret).toEqual({ set: true, savedAt: expect.any(String) });
    expect(saved.value.steps.entra).toBe(true);
    expect(JSON.stringify(saved)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(await api.getSetup())).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(store.config)).not.toContain(CLIENT_SECRET);
    // The secret is kept with the client it was saved for: it is sent to that client only.
    const owner = { issuer: `${h.entra.authority}/${TENANT_ID}/v2.0`, clientId: CLIENT_ID };
    expect(store.current()).toEqual({ clientSecret: CLIENT_SECRET, clientSecretFor: owner });
    // Saving again without a secret keeps the one saved; a new secret replaces the old version.
    expect((await api.saveEntraStep(entraStep({ clientSecret: undefined }))).ok).toBe(true);
    expect(store.current()).toEqual({ clientSecret: CLIENT_SECRET, clientSecretFor: owner });
    // The same secret given again (a --config file at each start): no new version, nothing on the trail as replaced.
    expect((await api.saveEntraStep(entraStep())).ok).toBe(true);
    expect(store.secrets.size).toBe(1);
    await api.saveEntraStep(entraStep({ clientSecret: 'another-secret-value' }));
    expect(store.current()).toEqual({ clientSecret: 'another-secret-value', clientSecretFor: owner });
    // The replaced version stays while sign-ins started with it may still finish, then goes.
    expect(store.secrets.size).toBe(2);
    h.deps.clock.offsetMs = 601_000;
    await api.saveEntraStep(entraStep({ clientSecret: 'a-third-secret-value' }));
    h.deps.clock.offsetMs = 0;
    expect(store.secrets.size).toBe(2);
    expect([...store.secrets.values()]).not.toContainEqual({ clientSecret: CLIENT_SECRET, clientSecretFor: owner });
  });

  it('answers field-level messages and saves nothing when a field is wrong', async () => {
    const answer = await api.saveEntraStep(entraStep({ tenantId: 'contoso', clientId: 42, clientSecret: '6731de76-14a6-49ae-97bc-6eba6914391e' }));
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('SETUP_INVALID');
    expect(Object.keys(answer.error.fields ?? {}).sort()).toEqual(['clientId', 'clientSecret', 'tenantId']);
    expect(answer.error.fields?.['clientSecret']).toMatch(/Secret ID/);
    expect(store.config).toBeUndefined();
    expect(store.secrets.size).toBe(0);
  });

  it('asks for a secret the first time', async () => {
    const answer = await api.saveEntraStep(entraStep({ clientSecret: undefined }));
    expect(!answer.ok && answer.error.fields).toEqual({ clientSecret: expect.stringMatching(/Value/) });
    // With another field wrong as well: both messages in the one answer.
    const both = await api.saveEntraStep(entraStep({ clientSecret: undefined, tenantId: 'contoso' }));
    expect(!both.ok && Object.keys(both.error.fields ?? {}).sort()).toEqual(['clientSecret', 'tenantId']);
  });

  it('takes the certificate as step 1’s credential with no secret at all: the certificate is made in the same save, and kept by later saves', async () => {
    const saved = await api.saveEntraStep(entraStep({ clientSecret: undefined, clientCredential: 'certificate' }));
    expect(saved).toMatchObject({ ok: true, value: { clientCredential: 'certificate', clientSecret: { set: false }, steps: { entra: true } } });
    if (!saved.ok) return;
    const made = saved.value.clientCertificate;
    expect(made?.thumbprintSha1).toMatch(/^[0-9A-F]{40}$/);
    expect(made?.expiresSoon).toBe(false);
    expect(store.current()).toMatchObject({ clientCredential: 'certificate', clientCertificate: { certificatePem: made?.certificatePem } });
    expect(JSON.stringify(saved)).not.toContain('PRIVATE KEY');
    // Saved again (either with the choice or without it): the same certificate, no new upload.
    for (const again of [entraStep({ clientSecret: undefined, clientCredential: 'certificate' }), entraStep({ clientSecret: undefined })]) {
      const answer = await api.saveEntraStep(again);
      expect(answer.ok && answer.value.clientCertificate?.thumbprintSha1).toBe(made?.thumbprintSha1);
    }
    // The secret chosen, without one saved: asked for, nothing changed.
    expect(await api.saveEntraStep(entraStep({ clientSecret: undefined, clientCredential: 'secret' }))).toMatchObject({ ok: false, error: { fields: { clientSecret: expect.any(String) } } });
    // With one: the secret is in use, the certificate stays for a switch back.
    expect(await api.saveEntraStep(entraStep({ clientCredential: 'secret' }))).toMatchObject({ ok: true, value: { clientCredential: 'secret', clientSecret: { set: true } } });
    expect(store.current()).toMatchObject({ clientSecret: CLIENT_SECRET, clientCredential: 'secret', clientCertificate: { certificatePem: made?.certificatePem } });
  });

  it('saves the Guard step and refuses mismatched Guard URLs', async () => {
    expect((await api.saveGuardStep(GUARD)).ok).toBe(true);
    const wrong = await api.saveGuardStep({ ...GUARD, acsUrl: GUARD.acsUrl.replace('saml-0f8e', 'saml-1f8e') });
    expect(!wrong.ok && wrong.error.fields).toHaveProperty('acsUrl');
    const view = await api.getSetup();
    expect(view.ok && view.value.guard?.acsUrl).toBe(GUARD.acsUrl);
  });

  it('creates a signing key: certificate, fingerprint, expiry and metadata shown; the key never', async () => {
    const created = await api.createSigningKey();
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.signing).toMatchObject({
      certificatePem: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/),
      fingerprintSha256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
      expiresSoon: false,
      metadataXml: expect.stringContaining(`entityID="${ENDPOINTS.metadataUrl}"`),
    });
    expect(created.value.signing?.expiresInDays).toBeGreaterThan(1800);
    expect(JSON.stringify(created)).not.toMatch(/PRIVATE KEY/);
    expect(JSON.stringify(store.config)).not.toMatch(/PRIVATE KEY/);
    expect(JSON.stringify(store.current())).toMatch(/PRIVATE KEY/);
  });

  it('rotates the signing key in steps: prepare, activate, roll back; the client secret stays', async () => {
    await api.saveEntraStep(entraStep());
    const first = await api.createSigningKey();
    if (!first.ok) throw new Error(first.error.code);
    const original = first.value.signing?.fingerprintSha256;
    expect(await api.createSigningKey()).toMatchObject({ ok: false, error: { code: 'SETUP_INCOMPLETE' } });
    expect(await api.activateNextSigningKey()).toMatchObject({ ok: false, error: { code: 'SETUP_INCOMPLETE' } });

    const prepared = await api.prepareNextSigningKey();
    if (!prepared.ok) throw new Error(prepared.error.code);
    // The current key keeps signing; metadata lists both certificates.
    expect(prepared.value.signing?.fingerprintSha256).toBe(original);
    const next = prepared.value.nextSigning?.fingerprintSha256;
    expect(next).toBeDefined();
    expect(next).not.toBe(original);
    expect(prepared.value.signing?.metadataXml.match(/<md:KeyDescriptor /g)).toHaveLength(2);

    const activated = await api.activateNextSigningKey();
    if (!activated.ok) throw new Error(activated.error.code);
    expect(activated.value.signing?.fingerprintSha256).toBe(next);
    expect(activated.value.previousSigning?.fingerprintSha256).toBe(original);
    expect(activated.value.nextSigning).toBeUndefined();
    expect(activated.value.signing?.metadataXml.match(/<md:KeyDescriptor /g)).toHaveLength(1);

    const rolledBack = await api.rollBackSigningKey();
    if (!rolledBack.ok) throw new Error(rolledBack.error.code);
    expect(rolledBack.value.signing?.fingerprintSha256).toBe(original);
    expect(rolledBack.value.nextSigning?.fingerprintSha256).toBe(next);
    expect(rolledBack.value.previousSigning).toBeUndefined();
    expect(store.current()).toMatchObject({ clientSecret: CLIENT_SECRET });
    expect(JSON.stringify([activated, rolledBack, prepared])).not.toMatch(/PRIVATE KEY/);
  });

  it('exports the configuration without secrets, and imports it whole or not at all', async () => {
    await api.saveEntraStep(entraStep());
    await api.saveGuardStep(GUARD);
    await api.createSigningKey();
    const exported = await api.exportConfiguration();
    if (!exported.ok) throw new Error(exported.error.code);
    expect(exported.value).toEqual({
      format: 'entra-guard-sso-bridge/configuration@2',
      entra: { authority: h.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email', requireXmsEdov: true },
      guard: GUARD,
      connections: [],
    });
    expect(JSON.stringify(exported)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(exported)).not.toMatch(/CERTIFICATE|PRIVATE KEY/);

    // Another site: nothing saved yet.
    const other = createAdminApi({ store: new MemorySetupStore(), loginStore: h.deps.store, audit: new MemoryAuditLog(), adminTrail: new MemoryTrail<AdminRecord>(), refusalTrail: new MemoryTrail<RefusalCounts>(), actor: "test admin", endpoints: async () => ENDPOINTS, clock: h.deps.clock });
    for (const bad of [{ ...exported.value, format: 'x' }, { ...exported.value, guard: { ...GUARD, allowedDomains: [] } }, { ...exported.value, extra: 1 }, JSON.parse(`{"__proto__": {"x": 1}, "format": "entra-guard-sso-bridge/configuration@1"}`) as unknown]) {
      expect((await other.importConfiguration(bad)).ok).toBe(false);
    }
    expect(await other.getSetup()).toMatchObject({ ok: true, value: { steps: { entra: false, guard: false } } });
    const imported = await other.importConfiguration(JSON.parse(JSON.stringify(exported.value)));
    expect(imported).toMatchObject({ ok: true, value: { guard: GUARD, clientSecret: { set: false }, steps: { entra: false } } });
  });

  it('keeps the client secret’s expiry date as Entra shows it, and warns 30 days ahead', async () => {
    const inDays = (days: number) => new Date(h.deps.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
    const soon = await api.saveEntraStep(entraStep({ clientSecretExpiresOn: inDays(20) }));
    expect(soon.ok && soon.value.clientSecret).toMatchObject({ expiresOn: inDays(20), expiresSoon: true });
    const later = await api.saveEntraStep(entraStep({ clientSecretExpiresOn: inDays(200) }));
    expect(later.ok && later.value.clientSecret).toMatchObject({ expiresSoon: false });
    const wrong = await api.saveEntraStep(entraStep({ clientSecretExpiresOn: '31/05/2027' }));
    expect(!wrong.ok && wrong.error.fields).toMatchObject({ clientSecretExpiresOn: expect.stringContaining('2027-05-31') });
  });

  it('exports sign-ins as CSV', async () => {
    const audit = new MemoryAuditLog();
    await audit.append({ at: '2026-11-28T12:00:00.000Z', kind: 'sp', outcome: 'signed-in', email: 'alice@contoso.com' });
    const withTrail = createAdminApi({ store, loginStore: h.deps.store, audit, adminTrail: new MemoryTrail<AdminRecord>(), refusalTrail: new MemoryTrail<RefusalCounts>(), actor: "test admin", endpoints: async () => ENDPOINTS, clock: h.deps.clock });
    expect(await withTrail.exportSignIns()).toEqual({ ok: true, value: { csv: 'time,kind,outcome,user,claimed_email,claimed_by,error_code,reference,service_provider\r\n2026-11-28T12:00:00.000Z,sp,signed-in,alice@contoso.com,,,,,\r\n' } });
  });

  it('tests the Entra ID connection: the tenant is found and the secret accepted', async () => {
    await api.saveEntraStep(entraStep());
    expect(await api.testEntraConnection()).toEqual({ ok: true, value: { issuer: h.entra.issuer } });
  });

  it('explains a refused secret, and a tenant that does not exist', async () => {
    await api.saveEntraStep(entraStep({ clientSecret: 'a-wrong-secret-value' }));
    const refused = await api.testEntraConnection();
    expect(!refused.ok && refused.error.code).toBe('ENTRA_CLIENT_SECRET_INVALID');
    expect(!refused.ok && refused.error.remedy).toMatch(/Value/);
    await api.saveEntraStep(entraStep({ tenantId: '11111111-2222-3333-4444-555555555555' }));
    const unknown = await api.testEntraConnection();
    expect(!unknown.ok && unknown.error.code).toBe('ENTRA_TENANT_NOT_FOUND');
    expect(!unknown.ok && unknown.error.message).toMatch(/no tenant with this Directory \(tenant\) ID/);
  });

  it('marks step 1 verified when Test connection passes, and only for the settings it tested', async () => {
    const progress = async () => ((await api.getSetup()) as { value: { progress: { entra: { status: string } } } }).value.progress.entra.status;
    await api.saveEntraStep(entraStep());
    expect(await progress()).toBe('saved');
    expect((await api.testEntraConnection()).ok).toBe(true);
    expect(await progress()).toBe('done');
    // A wrong secret saved: no longer verified, and a failing test does not verify it.
    await api.saveEntraStep(entraStep({ clientSecret: 'a-wrong-secret-value' }));
    expect(await progress()).toBe('saved');
    expect((await api.testEntraConnection()).ok).toBe(false);
    expect(await progress()).toBe('saved');
  });

  it('saves the checklist (known items, booleans only) and puts it on the admin trail', async () => {
    expect(await api.saveChecklist({ checklist: { members: true, enforce: 'yes' } })).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID' } });
    expect(await api.saveChecklist({ checklist: { members: true, unknown: true } })).toMatchObject({ ok: false });
    const saved = await api.saveChecklist({ checklist: { members: true, breakGlass: true } });
    expect(saved).toMatchObject({ ok: true, value: { progress: { checklist: { members: true, breakGlass: true, privateWindow: false, enforce: false } } } });
    const trail = await api.listAdminTrail();
    expect(trail.ok && trail.value[0]).toMatchObject({ action: 'saveChecklist', changes: [{ field: 'checklist', after: 'breakGlass, members' }] });
  });

  it('cannot test before step 1 is saved', async () => {
    const answer = await api.testEntraConnection();
    expect(!answer.ok && answer.error.code).toBe('SETUP_INCOMPLETE');
  });

  it('refuses unknown actions and hostile payloads without changing anything', async () => {
    expect(await invokeAdminAction(api, 'deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'SETUP_UNKNOWN_ACTION' } });
    expect(await invokeAdminAction(api, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'SETUP_UNKNOWN_ACTION' } });
    const polluted = JSON.parse(`{"__proto__": {"admin": true}, "spEntityId": "${GUARD.spEntityId}", "acsUrl": "${GUARD.acsUrl}", "allowedDomains": ["contoso.com"], "constructor": {"prototype": {"x": 1}}}`) as unknown;
    await api.saveGuardStep(GUARD);
    const saved = await invokeAdminAction(api, 'saveGuardStep', polluted);
    // Unknown keys, __proto__ among them, are refused rather than silently dropped.
    expect(saved).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID' } });
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    expect(JSON.stringify(store.config)).not.toContain('admin');
    for (const payload of [null, 'text', 42, [], { allowedDomains: 'contoso.com' }, { spEntityId: 'x'.repeat(100_000) }]) {
      const answer = await invokeAdminAction(api, 'saveGuardStep', payload);
      expect(answer.ok).toBe(false);
    }
    const view = await api.getSetup();
    expect(view.ok && view.value.guard).toEqual(GUARD);
  });

  it('reports a bug of its own as INTERNAL_ERROR under a logged reference, never as a storage fault', async () => {
    const logged: { event: string; fields?: Record<string, unknown> }[] = [];
    const logger = { info: () => undefined, warn: (event: string, fields?: Record<string, unknown>) => void logged.push({ event, fields }) };
    const broken = createAdminApi({
      store,
      loginStore: h.deps.store,
      audit: new MemoryAuditLog(),
      adminTrail: new MemoryTrail<AdminRecord>(),
      refusalTrail: new MemoryTrail<RefusalCounts>(),
      actor: 'test admin',
      endpoints: async () => ENDPOINTS,
      logger,
      // Not a store: a fault here is the bridge's own.
      clock: { now: () => { throw new TypeError('clock broke'); } },
    });
    const answer = await broken.saveGuardStep(GUARD);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('INTERNAL_ERROR');
    expect(answer.error.reference).toMatch(/^[0-9a-f]{8}$/);
    expect(answer.error.message).toContain(answer.error.reference);
    expect(logged).toEqual([{ event: 'internal-error', fields: { where: 'admin action saveGuardStep', reference: answer.error.reference, error: 'TypeError: clock broke' } }]);
    expect(store.config).toBeUndefined();
  });

  it('says the storage is unavailable, and keeps what was saved, when a write fails', async () => {
    await api.saveGuardStep(GUARD);
    await api.saveEntraStep(entraStep());
    const before = structuredClone(store.config);
    const secretsBefore = structuredClone(store.current());
    store.writeConfig = async () => {
      throw new Error('storage down');
    };
    const answer = await api.saveGuardStep({ ...GUARD, allowedDomains: ['fabrikam.com'] });
    expect(!answer.ok && answer.error.code).toBe('STORE_UNAVAILABLE');
    // A save with a new secret fails as a whole: the secret in force is the old one.
    const withSecret = await api.saveEntraStep(entraStep({ clientSecret: 'a-new-secret-value' }));
    expect(!withSecret.ok && withSecret.error.code).toBe('STORE_UNAVAILABLE');
    const versionsBefore = store.secrets.size;
    expect(store.config).toEqual(before);
    expect(store.current()).toEqual(secretsBefore);
    // The failed save's new secrets version was removed again.
    expect(store.secrets.size).toBe(versionsBefore);
  });

  it('keeps a secret saved before secrets named their client only for that client: a save or an import re-pointing its directory leaves it behind', async () => {
    await api.saveEntraStep(entraStep());
    await api.saveGuardStep(GUARD);
    await api.createSigningKey();
    const partner = { id: 'partner', kind: 'oidc', preset: 'generic', issuer: 'https://idp.partner.example', clientId: 'bridge', allowedDomains: ['partner.example'] };
    expect((await api.saveConnection({ ...partner, clientSecret: 'partner-secret', confirmTrustChange: true })).ok).toBe(true);
    // As an earlier version stored it: a bare string, naming no client.
    const version = (store.config as { secretsVersion: string }).secretsVersion;
    store.secrets.set(version, { ...store.current(), connectionSecrets: { partner: 'partner-secret' } });
    const repointed = { ...partner, issuer: 'https://idp.attacker.example' };
    expect(await api.saveConnection({ ...repointed, confirmTrustChange: true })).toMatchObject({ ok: false, error: { code: 'SETUP_INVALID', fields: { clientSecret: expect.any(String) } } });
    const exported = await api.exportConfiguration();
    if (!exported.ok) throw new Error('no export');
    expect((await api.importConfiguration({ ...exported.value, connections: [repointed], confirmTrustChange: true })).ok).toBe(true);
    expect(JSON.stringify(store.current())).not.toContain('partner-secret');
  });
});
