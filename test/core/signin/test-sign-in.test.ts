import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminApi, type AdminApi } from '../../../src/core/setup/action-table';
import type { AdminRecord } from '../../../src/core/audit/admin-record';
import type { RefusalCounts } from '../../../src/core/audit/refusals';
import { MemoryTrail } from '../../../testkit/memory-audit-log';
import { MemorySetupStore } from '../../../testkit/memory-setup-store';
import { CookieBrowser } from '../../../testkit/cookie-browser';
import { BRIDGE_ENDPOINTS, GUARD_SP } from '../../../testkit/constants';
import { startIdpInitiatedLogin } from '../../../src/core/signin/start';
import { USERS, bridgeRequest, postCallback, receiveAtBrowser, signInAtEntra, useHarness, type Harness } from '../../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../../testkit/constants';
import { expectRefusal } from '../../../testkit/refusal';
import { readRequest } from '../../../src/core/http/request';

const harness = useHarness();
let h: Harness;
let api: AdminApi;
beforeAll(async () => {
  h = harness();
  api = createAdminApi({
    store: new MemorySetupStore(),
    loginStore: h.deps.store,
    audit: h.deps.audit,
    adminTrail: new MemoryTrail<AdminRecord>(),
    refusalTrail: new MemoryTrail<RefusalCounts>(),
    actor: 'test admin',
    endpoints: async () => BRIDGE_ENDPOINTS,
    clock: h.deps.clock,
  });
  await api.saveEntraStep({ authority: h.entra.authority, tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  await api.saveGuardStep({ spEntityId: GUARD_SP.entityId, acsUrl: GUARD_SP.acsUrl, allowedDomains: ['contoso.com'] });
  await api.createSigningKey();
});

async function runTest(oid: string) {
  const started = await api.startTestSignIn();
  if (!started.ok) throw new Error(started.error.code);
  const { ticket } = started.value;
  expect(started.value.url).toBe(`https://bridge.example.net/saml/login?test=${ticket}`);
  expect(await api.getTestSignInResult({ ticket })).toEqual({ ok: true, value: { status: 'pending' } });
  const browser = new CookieBrowser();
  const toEntraForTest = await startIdpInitiatedLogin(readRequest(bridgeRequest(browser, 'GET', started.value.url)), h.settings, h.deps);
  receiveAtBrowser(browser, toEntraForTest, started.value.url);
  expect(new URL(toEntraForTest.headers['Location'] ?? '').searchParams.get('prompt')).toBe('login');
  const fields = await signInAtEntra(browser, toEntraForTest.headers['Location'] ?? '', oid);
  const page = await postCallback(h, browser, fields);
  return { ticket, page, url: started.value.url, browser };
}

describe('the wizard’s test sign-in', () => {
  it('reports what would be sent to Guard, and sends nothing', async () => {
    const { ticket, page } = await runTest(USERS.alice.oid);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Test sign-in passed');
    expect(page.body).not.toContain('SAMLResponse');
    const result = await api.getTestSignInResult({ ticket });
    expect(result).toMatchObject({
      ok: true,
      value: {
        status: 'passed',
        nameId: 'alice.anders@contoso.com',
        attributes: expect.arrayContaining([{ name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', values: ['Alice'] }]),
        directory: { connection: 'step 1’s directory', clientId: CLIENT_ID, credential: 'the client secret' },
        checks: expect.arrayContaining([
          expect.stringMatching(/^The ID token’s signature \(RS256, key [^)]+\) verified with a key the issuer publishes$/),
          `The token’s tenant (tid) is the directory’s tenant ${TENANT_ID}`,
          'The email claim is in contoso.com, one of this directory’s allowed domains',
          expect.stringMatching(/^Signed in afresh at .* \(auth_time\), after the test started$/),
        ]),
      },
    });
    // What the report names is what the callback recorded: the claims this token carried.
    const report = result.ok ? (result.value as { claims?: string[]; checks: string[] }) : undefined;
    expect(report?.claims).toEqual(expect.arrayContaining(['aud', 'email', 'iss', 'oid', 'tid']));
    const edov = report?.claims?.includes('xms_edov') === true ? 'Entra ID says the email domain’s owner verified it (xms_edov)' : expect.stringContaining('carries no xms_edov');
    expect(report?.checks).toContainEqual(edov);
    // Taken once.
    expect(await api.getTestSignInResult({ ticket })).toEqual({ ok: true, value: { status: 'pending' } });
    expect((await h.deps.audit.recent(1))[0]).toMatchObject({ kind: 'test', outcome: 'signed-in', email: 'alice.anders@contoso.com' });
  });

  it('reports a refusal with its code', async () => {
    const { ticket, page } = await runTest(USERS.outsider.oid);
    expect(page.status).toBe(403);
    expect(page.body).toContain('CLAIMS_DOMAIN_NOT_ALLOWED');
    const refused = await api.getTestSignInResult({ ticket });
    expect(refused).toMatchObject({ ok: true, value: { status: 'failed', code: 'CLAIMS_DOMAIN_NOT_ALLOWED' } });
    // The checks that held before the refusal, and no rule the token did not pass.
    const checks = refused.ok && 'checks' in refused.value ? refused.value.checks : [];
    expect(checks.some((check) => check.includes('verified with a key the issuer publishes'))).toBe(true);
    expect(checks.some((check) => check.includes('allowed domains'))).toBe(false);
  });

  it('reports a test that cannot even start (the tenant is not found) to the wizard, not only to the trail', async () => {
    const started = await api.startTestSignIn();
    if (!started.ok) throw new Error(started.error.code);
    const unknownTenant = { ...h.settings, config: { ...h.settings.config, entra: { ...h.settings.config.entra, tenantId: '00000000-0000-4000-8000-000000000000' } } };
    const page = await startIdpInitiatedLogin(readRequest(bridgeRequest(new CookieBrowser(), 'GET', started.value.url)), unknownTenant, h.deps);
    expect(page.status).toBeGreaterThanOrEqual(400);
    const result = await api.getTestSignInResult({ ticket: started.value.ticket });
    expect(result).toMatchObject({ ok: true, value: { status: 'failed', code: 'ENTRA_TENANT_NOT_FOUND' } });
  });

  it('accepts a ticket once, and no forged ticket', async () => {
    const { url, browser } = await runTest(USERS.alice.oid);
    expectRefusal(await startIdpInitiatedLogin(readRequest(bridgeRequest(browser, 'GET', url)), h.settings, h.deps), 'TEST_TICKET_INVALID');
    expectRefusal(await startIdpInitiatedLogin(readRequest(bridgeRequest(browser, 'GET', `${url.slice(0, -4)}AAAA`)), h.settings, h.deps), 'TEST_TICKET_INVALID');
    expectRefusal(await startIdpInitiatedLogin(readRequest(bridgeRequest(browser, 'GET', 'https://bridge.example.net/saml/login?test=<x>')), h.settings, h.deps), 'TEST_TICKET_INVALID');
  });
});
