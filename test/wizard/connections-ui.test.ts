import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../src/local/server';
import { configuredBridge } from '../../testkit/configured-bridge';
import { launchChromium } from '../../testkit/browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { GUARD_SP } from '../../testkit/constants';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { openStep } from '../../testkit/wizard-page';

/** Step 1's further directories in Chromium: add one (confirming the change of trust), then test a sign-in through it. */
const OUTPUT = join(process.cwd(), 'test-output');
const FRANK = { oid: 'f4a2c0de-0000-4000-8000-00000000f4a2', email: 'frank@fabrikam.org', givenName: 'Frank', familyName: 'Fab', emailVerified: true };
let server: LocalServer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let generic: Awaited<ReturnType<typeof startEntraServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-connections-ui-'));
  const port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `${publicUrl}/oidc/callback`, users: Object.values(USERS) });
  // The directory knows its own Redirect URI only: the callback URL and the directory's name.
  generic = await startEntraServer({ tenantId: '0000fab0-0000-4000-8000-000000000fab', clientId: 'fabrikam-bridge', clientSecret: 'generic-provider-secret-0123456789', redirectUri: `${publicUrl}/oidc/callback/fabrikam`, users: [FRANK] });
  server = await configuredBridge({ port, publicUrl, dataDir, authority: entra.entra.authority });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await mkdir(OUTPUT, { recursive: true });
  await page.goto(server.adminUrl);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await entra?.close();
  await generic?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('further directories in the wizard', () => {
  it('adds a generic OpenID provider as a prepared change, activated, and a test sign-in goes through it', async () => {
    await openStep(page, 1);
    // Closed until asked for, and no kind of directory chosen for the admin.
    await expect(page.getByRole('form', { name: 'Add a directory' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Add a directory' }).click();
    const form = page.getByRole('form', { name: 'Add a directory' });
    await expect(form.getByRole('radio', { checked: true }).count()).resolves.toBe(0);
    await expect(form.getByLabel('Issuer URL').count()).resolves.toBe(0);
    await form.getByRole('button', { name: 'Add directory' }).click();
    await form.getByText('Choose the kind of directory').waitFor();
    await form.getByLabel('Another OpenID provider').check();
    await form.getByLabel('Name', { exact: true }).fill('fabrikam');
    await form.getByLabel('Issuer URL').fill(generic.entra.issuer);
    await form.getByLabel('Client ID').fill('fabrikam-bridge');
    await form.getByLabel('Client secret').fill('generic-provider-secret-0123456789');
    await form.getByLabel('Email domains of this directory').fill('fabrikam.org');
    await form.getByRole('button', { name: 'Add directory' }).click();
    // A directory added to a live setup is a change of trust: prepared, then activated.
    await page.getByText('Directory saved as a prepared change: not in force until you activate it (above the steps).').waitFor();
    await page.getByRole('region', { name: 'Prepared change' }).getByRole('button', { name: 'Activate the change' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Activate now' }).click();
    await page.getByText('The change is in force: the new key signs.', { exact: true }).waitFor();
    await expect(page.locator('#connections').textContent()).resolves.toContain('fabrikam.org');
    // Its own Redirect URI, to register at the provider: the callback URL and the directory's name.
    await expect(page.locator('[data-redirect-uri="fabrikam"]').textContent()).resolves.toBe(`${server.url}/oidc/callback/fabrikam`);
    await page.getByRole('button', { name: 'Test fabrikam' }).click();
    await page.getByText('and the client secret was accepted.').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'wizard-connections.png'), fullPage: true });

    await openStep(page, 3);
    await page.getByRole('radiogroup', { name: 'Directory to test' }).getByLabel('fabrikam').check();
    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Test sign-in' }).click()]);
    await popup.getByRole('button', { name: 'Frank Fab' }).click();
    await popup.getByText('Test sign-in passed').waitFor();
    await popup.close();
    await page.getByText('Test sign-in passed.').waitFor();
    await expect(page.locator('#test-name-id').textContent()).resolves.toBe('frank@fabrikam.org');
    // The report names the directory tested, its issuer and client, as the callback recorded them.
    const tested = (await page.locator('#test-directory').textContent()) ?? '';
    expect(tested).toContain('the directory “fabrikam”');
    expect(tested).toContain(generic.entra.issuer);
    expect(tested).toContain('fabrikam-bridge');
    const checks = (await page.locator('#test-checks').textContent()) ?? '';
    expect(checks).toContain('/oidc/callback/fabrikam');
    expect(checks).not.toContain('xms_edov');
    await expect(page.locator('#recent-sign-ins').textContent()).resolves.toContain('fabrikam');
  });

  it('makes a client certificate for upload, shows its thumbprint, and switches the credential back to the secret', async () => {
    await openStep(page, 1);
    await page.getByRole('button', { name: 'Create client certificate' }).click();
    await page.getByText('Client certificate created').waitFor();
    await expect(page.locator('#client-certificate-thumbprint').textContent()).resolves.toMatch(/^[0-9A-F]{40}$/);
    await expect(page.locator('#credential-in-use').textContent()).resolves.toContain('the client certificate');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download certificate (.cer)' }).click()]);
    expect(download.suggestedFilename()).toBe('entra-sso-bridge-client.cer');
    await page.screenshot({ path: join(OUTPUT, 'wizard-client-certificate.png'), fullPage: true });
    await page.getByRole('button', { name: 'Prepare the next certificate' }).click();
    await expect(page.locator('#next-client-certificate-thumbprint').textContent()).resolves.toMatch(/^[0-9A-F]{40}$/);
    await page.getByRole('button', { name: 'Use the client secret instead' }).click();
    await page.getByText('Sign-ins now present the client secret.').waitFor();
    await expect(page.locator('#credential-in-use').textContent()).resolves.toContain('the client secret');
  });
});
