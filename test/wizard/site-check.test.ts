import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { startBreakingProxy, type Breakage, type BreakingProxy } from '../../testkit/breaking-proxy';
import { launchChromium } from '../../testkit/browser';
import { freePort } from '../../testkit/free-port';
import { TestClock } from '../../testkit/login-harness';
import { SITE_CHECK_STEP_TIMEOUT_MS } from '../../src/core/site-check/site-check';

/**
 * The in-product site check in Chromium: the wizard's button, a new window running the
 * steps against the bridge's URLs, and the verdict per behaviour. The bridge's public URL
 * is a proxy that breaks one behaviour at a time, as a platform might; the check must name
 * the broken one, and only it.
 */
const OUTPUT = join(process.cwd(), 'test-output');
let server: LocalServer;
let proxy: BreakingProxy;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dataDir: string;
/** The bridge's clock: a step that never comes is judged after its silence, which the test makes by moving this clock, not by waiting. */
const clock = new TestClock();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-site-check-'));
  const port = await freePort();
  proxy = await startBreakingProxy(`http://127.0.0.1:${port}`);
  // Browsers reach the bridge's URLs through the proxy; the wizard itself is served directly.
  server = await startLocalServer({ host: '127.0.0.1', port, publicUrl: proxy.url, dataDir, clock });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await mkdir(OUTPUT, { recursive: true });
  await page.goto(`http://127.0.0.1:${port}/admin/#token=${server.adminToken}`);
  // Step 1 opens first, and the check is at its top: before the Callback URL is registered anywhere.
  await page.getByRole('heading', { name: 'Step 1: Entra ID app' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await proxy?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function runCheck(breakage: Breakage): Promise<Record<string, string>> {
  proxy.breakage = breakage;
  const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: /^(Check this site|Check again)$/ }).click()]);
  const done = page.locator('[data-phase="done"]');
  // Once the check window has done all it can (no request for half a second), a step still
  // missing is one that will not come: the bridge's clock is moved past the silence that judges it.
  await popup.waitForLoadState('networkidle');
  if (!(await done.isVisible())) clock.offsetMs += SITE_CHECK_STEP_TIMEOUT_MS + 1_000;
  // The verdict is in when the section says the check is done.
  await done.waitFor({ timeout: 20_000 });
  const statuses = await page.$$eval('#site-check-results [data-behaviour]', (rows) =>
    Object.fromEntries(rows.map((row) => [(row as HTMLElement).dataset['behaviour'] ?? '', (row as HTMLElement).dataset['status'] ?? ''])),
  );
  await page.screenshot({ path: join(OUTPUT, `site-check-${breakage}.png`), fullPage: true });
  await popup.close();
  return statuses;
}

describe('Check this site, in Chromium', () => {
  it('passes every behaviour when the web triggers behave', async () => {
    expect(await runCheck('none')).toEqual({ html: 'passed', redirect: 'passed', cookie: 'passed', 'form-post': 'passed', 'path-suffix': 'passed' });
    await page.getByText('This site carries the sign-in: every behaviour passed.').waitFor();
  }, 60_000);

  it.each([
    ['strip-cookies', { html: 'passed', redirect: 'passed', cookie: 'failed', 'form-post': 'passed', 'path-suffix': 'passed' }],
    ['redirect-as-page', { html: 'passed', redirect: 'failed', cookie: 'passed', 'form-post': 'passed', 'path-suffix': 'passed' }],
    ['base64-body', { html: 'passed', redirect: 'passed', cookie: 'passed', 'form-post': 'failed', 'path-suffix': 'passed' }],
    ['html-as-text', { html: 'failed', redirect: 'passed', cookie: 'passed', 'form-post': 'not-reached', 'path-suffix': 'not-reached' }],
    ['strip-csp', { html: 'failed', redirect: 'passed', cookie: 'passed', 'form-post': 'passed', 'path-suffix': 'passed' }],
    ['refuse-path-suffix', { html: 'passed', redirect: 'passed', cookie: 'passed', 'form-post': 'passed', 'path-suffix': 'failed' }],
  ] as const)('names the broken behaviour when the platform does %s', async (breakage, expected) => {
    expect(await runCheck(breakage)).toEqual(expected);
    await page.getByText('Run the bridge self-hosted', { exact: false }).waitFor();
  }, 60_000);
});
