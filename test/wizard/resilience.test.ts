import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/server';
import { configuredBridge } from '../../testkit/configured-bridge';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { expectNoAxeViolations, openBrowser, openStep, screenshot, type WizardPage } from '../../testkit/wizard-page';

/**
 * The wizard is never stuck: between the page and the bridge a transport fails, hangs or
 * answers garbage, one action at a time (Playwright stands in the way of /api/invoke), and
 * each action says so where it is, with Retry and Cancel; nothing the page loads blocks the
 * rest; polling never overlaps.
 */
let server: LocalServer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let chromium: WizardPage;
let page: Page;
let dataDir: string;

type Breakage = 'abort' | 'html-502' | 'garbage' | 'hang';
/** Which admin actions break, and how; the rest pass through to the bridge. */
const breaking = new Map<string, Breakage>();

async function intercept(route: Route): Promise<void> {
  const action = (JSON.parse(route.request().postData() ?? '{}') as { action?: string }).action ?? '';
  const breakage = breaking.get(action);
  if (breakage === 'abort') return route.abort('connectionreset');
  if (breakage === 'html-502') return route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' });
  if (breakage === 'garbage') return route.fulfill({ status: 200, contentType: 'application/json', body: '{"ok": "perhaps"}' });
  if (breakage === 'hang') return new Promise<void>(() => undefined);
  return route.continue();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-wizard-resilience-'));
  const port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `${publicUrl}/oidc/callback`, users: Object.values(USERS) });
  server = await configuredBridge({ port, publicUrl, dataDir, authority: entra.entra.authority });
  chromium = await openBrowser({ width: 1280 });
  page = chromium.page;
  await page.route('**/api/invoke', intercept);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
  await entra?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the wizard is never stuck', () => {
  it('says so when the setup cannot load, and loads on Retry', async () => {
    breaking.set('getSetup', 'abort');
    await page.goto(server.adminUrl);
    await page.getByText('The page could not reach the bridge.').waitFor();
    await expect(page.getByText('WIZARD_UNREACHABLE').isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page, 'the setup failing to load');
    breaking.delete('getSetup');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { name: 'Step 1: Entra ID app' }).waitFor();
  });

  it('a save that cannot reach the bridge says so at the form, and Retry saves', async () => {
    breaking.set('saveEntraStep', 'abort');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The page could not reach the bridge.').waitFor();
    // Not left on "Saving…": the buttons work again.
    await expect(page.getByRole('button', { name: 'Save', exact: true }).isEnabled()).resolves.toBe(true);
    breaking.delete('saveEntraStep');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
  });

  it('a 5xx page or an answer that is not the API’s shape ends Test connection with an error, Retry and Cancel', async () => {
    for (const breakage of ['html-502', 'garbage'] as const) {
      breaking.set('testEntraConnection', breakage);
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText('The bridge answered with something the page cannot read.', { exact: false }).waitFor();
      await expect(page.getByText('WIZARD_BAD_ANSWER').isVisible()).resolves.toBe(true);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByText('WIZARD_BAD_ANSWER').count()).resolves.toBe(0);
    }
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('WIZARD_BAD_ANSWER').waitFor();
    breaking.delete('testEntraConnection');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('Connected: the tenant was found and the client secret was accepted.').waitFor();
  });

  it('a list that fails to load shows its own error; the rest of the page works', async () => {
    breaking.set('listRecentSignIns', 'html-502');
    await openStep(page, 3);
    const recent = page.locator('section[aria-labelledby="recent-heading"]');
    await recent.getByText('WIZARD_BAD_ANSWER').waitFor();
    await page.locator('section[aria-labelledby="admin-trail-heading"] #admin-trail').waitFor();
    await page.getByRole('checkbox', { name: /add the people who sign in/ }).check();
    breaking.delete('listRecentSignIns');
    await recent.getByRole('button', { name: 'Retry' }).click();
    await recent.getByText('No sign-ins yet.').waitFor();
    await screenshot(page, 'wizard-list-failed-then-retried');
  });

  it('polls the test sign-in one call at a time, backing off, and Cancel stops it', async () => {
    let inFlight = 0;
    let most = 0;
    const asked: number[] = [];
    await page.route('**/api/invoke', async (route) => {
      const action = (JSON.parse(route.request().postData() ?? '{}') as { action?: string }).action;
      if (action !== 'getTestSignInResult') return route.fallback();
      inFlight += 1;
      most = Math.max(most, inFlight);
      asked.push(Date.now());
      // A slow bridge: each answer takes 1.5 s (an interval timer would pile calls up).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      inFlight -= 1;
      return route.fallback();
    });
    const [popup] = await Promise.all([chromium.context.waitForEvent('page'), page.getByRole('button', { name: 'Test sign-in' }).click()]);
    await page.getByText('Waiting for the test window…').waitFor();
    await page.waitForTimeout(9000);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const calls = asked.length;
    await page.waitForTimeout(4000);
    await popup.close();
    expect(most).toBe(1);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(4);
    expect(asked.length).toBe(calls);
    const gaps = asked.slice(1).map((at, index) => at - (asked[index] ?? at));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2400);
    await page.unroute('**/api/invoke');
    await page.route('**/api/invoke', intercept);
  });

  it('reports a test sign-in that fails at its start (tenant not found) in the test panel, at once', async () => {
    const save = await fetch(`${server.url}/api/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      // Another tenant is another client: its own secret comes with it.
      body: JSON.stringify({ action: 'saveEntraStep', payload: { authority: entra.entra.authority, tenantId: '00000000-0000-4000-8000-00000000dead', clientId: CLIENT_ID, clientSecret: 'Xy8Q~the-dead-tenants-secret-value.12345', confirmTrustChange: true } }),
    });
    expect(((await save.json()) as { ok: boolean }).ok).toBe(true);
    await page.reload();
    await openStep(page, 3);
    const [popup] = await Promise.all([chromium.context.waitForEvent('page'), page.getByRole('button', { name: 'Test sign-in' }).click()]);
    await popup.getByText('We could not sign you in').waitFor();
    await expectNoAxeViolations(popup, 'the bridge’s error page');
    await page.getByText(/Test sign-in failed/).waitFor({ timeout: 8000 });
    await expect(page.getByText('ENTRA_TENANT_NOT_FOUND').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Test sign-in' }).isEnabled()).resolves.toBe(true);
    await popup.close();
  });

  it('an action that gets no answer times out with Retry, instead of waiting forever', async () => {
    const timed = await openBrowser({ width: 1280 });
    try {
      await timed.page.clock.install();
      await timed.page.route('**/api/invoke', intercept);
      await timed.page.goto(server.adminUrl);
      await openStep(timed.page, 1);
      breaking.set('testEntraConnection', 'hang');
      await timed.page.getByRole('button', { name: 'Test connection' }).click();
      await timed.page.getByText('Testing the connection…').waitFor();
      await timed.page.clock.fastForward(31_000);
      await timed.page.getByText('The bridge did not answer in time.').waitFor();
      await expect(timed.page.getByRole('button', { name: 'Retry' }).isVisible()).resolves.toBe(true);
    } finally {
      breaking.delete('testEntraConnection');
      await timed.close();
    }
  });
});
