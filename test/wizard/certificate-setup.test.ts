import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { launchChromium } from '../../testkit/browser';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { USERS } from '../../testkit/login-harness';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';

/**
 * Step 1 as a new admin meets it: the certificate is already chosen, no secret is asked for,
 * Save makes the certificate, and what the page offers for download is what Entra ID needs.
 */
let server: LocalServer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let browser: Browser;
let page: Page;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-wizard-certificate-'));
  const port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `${publicUrl}/oidc/callback`, users: Object.values(USERS) });
  server = await startLocalServer({ host: '127.0.0.1', port, publicUrl, dataDir });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(server.adminUrl);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await entra?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('step 1 with the certificate, in Chromium', () => {
  it('saves with no secret, offers the certificate for upload, and Test connection proves it once Entra ID holds it', async () => {
    await page.getByLabel('A stand-in on this machine (testing)').check();
    await page.getByLabel('Authority URL').fill(entra.entra.authority);
    await page.getByLabel('Directory (tenant) ID').fill(TENANT_ID);
    await page.getByLabel('Application (client) ID').fill(CLIENT_ID);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    await expect(page.locator('#credential-in-use').textContent()).resolves.toContain('the client certificate');
    const thumbprint = await page.locator('#client-certificate-thumbprint').textContent();
    expect(thumbprint).toMatch(/^[0-9A-F]{40}$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download certificate (.cer)' }).click()]);
    const certificatePem = await readFile((await download.path()) ?? '', 'utf8');
    expect(certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(certificatePem).not.toContain('PRIVATE KEY');

    // Not uploaded yet: Entra ID refuses the assertion, and the page says what to do.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('ENTRA_CLIENT_CERTIFICATE_INVALID').waitFor();
    entra.entra.uploadClientCertificate(CLIENT_ID, certificatePem);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connected: the tenant was found and the client certificate was accepted.').waitFor();
  });
});
