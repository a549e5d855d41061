import { beforeEach, describe, expect, it } from 'vitest';
import type { SignInRecord } from '../../../src/core/audit/sign-in-record';
import { createSigningIdentity } from '../../../src/core/saml/certificate-factory';
import { describeProgress, entraVerificationKey, signingKeyId } from '../../../src/core/setup/progress';
import { CHECKLIST_ITEMS, type StoredConfig } from '../../../src/core/setup/stored-setup';
import { CLIENT_ID, TENANT_ID } from '../../../testkit/constants';

/** A step is verified only by its own test, for the settings in force now. */
const first = createSigningIdentity({ commonName: 'first', now: new Date() });
const second = createSigningIdentity({ commonName: 'second', now: new Date() });
const at = new Date().toISOString();
let config: StoredConfig;

beforeEach(() => {
  config = {
    version: 1,
    updatedAt: at,
    entra: { authority: 'https://login.microsoftonline.com', tenantId: TENANT_ID, clientId: CLIENT_ID, nameIdClaim: 'email', requireXmsEdov: true },
    clientSecretSavedAt: at,
    guard: { spEntityId: 'https://sp.example.org', acsUrl: 'https://sp.example.org/acs', allowedDomains: ['contoso.com'] },
    signing: { certificatePem: first.certificatePem, createdAt: at },
  };
});

const signIn = (kind: SignInRecord['kind'], key: string | undefined): SignInRecord => ({ at, kind, outcome: 'signed-in', ...(key !== undefined && { key }) });

describe('the wizard’s progress', () => {
  it('is to do with nothing saved', () => {
    const progress = describeProgress({ version: 1, updatedAt: at }, []);
    expect([progress.entra.status, progress.guard.status, progress.enforce.status]).toEqual(['todo', 'todo', 'todo']);
  });

  it('verifies step 1 by Test connection for exactly these settings: a new secret, tenant or credential undoes it', () => {
    expect(describeProgress(config, []).entra).toMatchObject({ status: 'saved', next: expect.stringMatching(/Test connection/) });
    const verified = { ...config, verified: { entra: entraVerificationKey(config) ?? '' } };
    expect(describeProgress(verified, []).entra).toMatchObject({ status: 'done', summary: 'Connection tested' });
    for (const changed of [
      { ...verified, clientSecretSavedAt: new Date(Date.now() + 1000).toISOString() },
      { ...verified, entra: { ...config.entra!, tenantId: '11111111-2222-4333-8444-555555555555' } },
      { ...verified, clientCredential: 'certificate' as const, clientCertificate: { certificatePem: second.certificatePem, createdAt: at } },
    ]) {
      expect(describeProgress(changed, []).entra.status).toBe('saved');
    }
  });

  it('verifies step 2 only by a sign-in from Guard signed with today’s key', () => {
    expect(describeProgress(config, [signIn('test', signingKeyId(config))]).guard.status).toBe('saved');
    expect(describeProgress(config, [{ ...signIn('sp', signingKeyId(config)), outcome: 'refused' }]).guard.status).toBe('saved');
    expect(describeProgress(config, [signIn('sp', signingKeyId(config))]).guard.status).toBe('done');
    // After a rotation, that sign-in was with the old key: Guard may not hold the new certificate yet.
    const rotated = { ...config, signing: { certificatePem: second.certificatePem, createdAt: at } };
    expect(describeProgress(rotated, [signIn('sp', signingKeyId(config))]).guard.status).toBe('saved');
  });

  it('counts a sign-in through step 1’s directory since its settings last changed as proof of step 1, and no other', () => {
    const later = new Date(Date.parse(at) + 60_000).toISOString();
    const changed = { ...config, entraChangedAt: later };
    const before = { ...signIn('sp', signingKeyId(config)), at };
    const after = { ...signIn('sp', signingKeyId(config)), at: new Date(Date.parse(later) + 1000).toISOString() };
    expect(describeProgress(changed, [before]).entra.status).toBe('saved');
    expect(describeProgress(changed, [{ ...after, outcome: 'refused' }]).entra.status).toBe('saved');
    expect(describeProgress(changed, [{ ...after, connection: 'fabrikam' }]).entra.status).toBe('saved');
    expect(describeProgress(changed, [after]).entra).toEqual({ status: 'done', summary: 'Signing people in', evidence: `Last sign-in through this directory: ${after.at}.` });
  });

  it('says of step 2 what the bridge saw, and that it cannot see whether Guard accepted it', () => {
    expect(describeProgress(config, []).guard).toMatchObject({ status: 'saved', summary: 'No sign-in from Guard yet' });
    const seen = describeProgress(config, [signIn('sp', signingKeyId(config))]).guard;
    expect(seen.summary).toBe('Guard sends sign-ins here');
    expect(seen.evidence).toBe(`Last sign-in from Guard: ${at}, answered with the key ${signingKeyId(config) ?? ''}. Whether Guard accepted the answer cannot be seen from here.`);
    expect(JSON.stringify(describeProgress(config, [signIn('sp', signingKeyId(config))]))).not.toMatch(/[Vv]erified/);
  });

  it('verifies step 3 by a test sign-in with today’s key and the whole checklist, not by one of them', () => {
    const tested = [signIn('test', signingKeyId(config))];
    expect(describeProgress(config, tested).enforce).toMatchObject({ status: 'saved', next: 'Checklist: 0 of 4 done.' });
    const ticked = { ...config, checklist: Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, true])) };
    expect(describeProgress(ticked, []).enforce).toMatchObject({ status: 'saved', next: expect.stringMatching(/test sign-in/) });
    expect(describeProgress(ticked, tested).enforce).toMatchObject({ status: 'done' });
    expect(describeProgress({ ...ticked, checklist: { ...ticked.checklist, enforce: false } }, tested).enforce.status).toBe('saved');
    expect(describeProgress(ticked, tested).checklist).toEqual({ members: true, breakGlass: true, privateWindow: true, enforce: true });
  });
});
