import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { freePort } from '../../testkit/free-port';
import { expectNoAxeViolations, expectNoHorizontalScroll, openBrowser, openStep, screenshot } from '../../testkit/wizard-page';
import { demoStandIns } from '../../src/demo/stand-ins';

/**
 * axe-core at zero violations, and no sideways scrolling, on every step and state of the
 * wizard and on the bridge's own pages: light and dark, 1280 and 600 px wide. The demo
 * setup has everything on screen at once (a client certificate, a further directory, a
 * signing key, sign-ins in the trail).
 */
let server: LocalServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-a11y-'));
  const port = await freePort();
  server = await startLocalServer({ host: '127.0.0.1', port, publicUrl: `http://localhost:${port}`, dataDir, demo: demoStandIns });
});
afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function check(page: Page, state: string): Promise<void> {
  await expectNoAxeViolations(page, state);
  await expectNoHorizontalScroll(page, state);
}

describe.each([
  ['light', 1280],
  ['dark', 1280],
  ['light', 600],
  ['dark', 600],
] as const)('accessibility in the %s theme at %i px', (theme, width) => {
  const name = (state: string) => `${state} (${theme}, ${width} px)`;

  it('the wizard: each step, a refused save, a dialog, the trails', async () => {
    const chromium = await openBrowser({ width, colorScheme: theme });
    const { page } = chromium;
    try {
      await page.goto(server.adminUrl);
      await page.locator('#step-heading').waitFor();
      await openStep(page, 1);
      await page.getByText('Client certificate', { exact: true }).waitFor();
      await check(page, name('step 1'));
      await screenshot(page, `a11y-step-1-${theme}-${width}`);

      await page.getByLabel(/^Client secret: you create one/).check();
      await page.getByLabel('Directory (tenant) ID').fill('not-a-guid');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('The Directory (tenant) ID is a GUID', { exact: false }).waitFor();
      await check(page, name('step 1 with a field error'));
      await page.getByRole('button', { name: 'Go to step 2' }).click();
      await page.getByRole('dialog').waitFor();
      await check(page, name('the unsaved-edits dialog'));
      await page.getByRole('dialog').getByRole('button', { name: 'Discard the changes' }).click();

      await page.getByRole('heading', { name: 'Step 2: Atlassian Guard' }).waitFor();
      await check(page, name('step 2'));
      await screenshot(page, `a11y-step-2-${theme}-${width}`);

      await openStep(page, 3);
      await page.locator('#admin-trail').waitFor();
      await check(page, name('step 3'));
      await screenshot(page, `a11y-step-3-${theme}-${width}`);
      // Nothing logged an error on the way: no Atlaskit warning, no uncaught exception.
      expect(chromium.consoleErrors).toEqual([]);
    } finally {
      await chromium.close();
    }
  });

  it('the bridge’s own pages: the landing page, an error page, the discovery page', async () => {
    const chromium = await openBrowser({ width, colorScheme: theme });
    const { page } = chromium;
    try {
      await page.goto(`${server.url}/`);
      await check(page, name('the landing page'));
      await page.goto(`${server.url}/oidc/callback?state=unknown&code=x`);
      await page.getByText('We could not sign you in').waitFor();
      await check(page, name('an error page'));
      await page.locator('summary').click();
      await check(page, name('an error page with the administrator’s details open'));
      await screenshot(page, `a11y-error-page-${theme}-${width}`);
      await page.goto(`${server.url}/saml/login`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await check(page, name('the discovery page'));
    } finally {
      await chromium.close();
    }
  });
});
