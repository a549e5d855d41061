import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupView } from '../../src/core/setup/setup-view';
import type { AdminRecord } from '../../src/core/audit/admin-record';
import { createEntraStandIn, type EntraStandIn } from '../../src/demo/entra-stand-in';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { invokeAdmin } from '../../testkit/admin-invoke';
import { CLIENT_ID, TENANT_ID } from '../../testkit/constants';
import { freePort } from '../../testkit/free-port';
import { USERS } from '../../testkit/login-harness';
import { expectNoAxeViolations, expectNoHorizontalScroll, openBrowser, screenshot, type WizardPage } from '../../testkit/wizard-page';

/**
 * The recommended path of step 1 in Chromium, light and dark: with the certificate as the
 * credential, *Save and continue* stops at the upload instruction, and step 2 stays closed
 * until Test connection proves the upload (light) or the admin confirms it (dark).
 */
for (const colorScheme of ['light', 'dark'] as const) {
  describe(`step 1 with the certificate, in ${colorScheme}`, () => {
    let standInServer: Server;
    let standIn: EntraStandIn | undefined;
    let origin = '';
    let server: LocalServer;
    let chromium: WizardPage;
    let page: Page;
    let dataDir: string;

    beforeAll(async () => {
      standInServer = createServer((request, response) => {
        if (standIn?.handle(request, response) !== true) response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => standInServer.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(standInServer.address() as AddressInfo).port}`;
      dataDir = await mkdtemp(join(tmpdir(), 'bridge-certificate-path-'));
      const port = await freePort();
      server = await startLocalServer({ host: '127.0.0.1', port, dataDir });
      // The app registration holds no certificate yet: it takes nothing the bridge has.
      standIn = createEntraStandIn({ origin, basePath: '/cert', tenantId: TENANT_ID, clients: [{ clientId: CLIENT_ID, clientSecret: 'not-the-bridges', redirectUris: [`${server.url}/oidc/callback`] }], users: Object.values(USERS) });
      // Light at 1280 px, dark at 600 px: the page must not scroll sideways at the narrow width.
      chromium = await openBrowser({ width: colorScheme === 'light' ? 1280 : 600, colorScheme });
      page = chromium.page;
      await page.goto(server.adminUrl);
    });
    afterAll(async () => {
      await chromium?.close();
      await server?.close();
      standInServer?.closeAllConnections();
      await new Promise<void>((resolve) => standInServer.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    });

    it('stops Save and continue at the upload instruction, and keeps step 2 closed while the upload is pending', async () => {
      await page.getByLabel('A stand-in on this machine (testing)').check();
      await page.getByLabel('Authority URL').fill(`${origin}/cert`);
      await page.getByLabel('Directory (tenant) ID').fill(TENANT_ID);
      await page.getByLabel('Application (client) ID').fill(CLIENT_ID);
      await expect(page.getByLabel(/^Certificate \(recommended\)/).isChecked()).resolves.toBe(true);
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByText('Saved. One more instruction before step 2: upload the certificate (below).').waitFor();
      await expect(page.locator('#step-heading').textContent()).resolves.toBe('Step 1: Entra ID app');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('certificate-upload-heading');
      const view = (await invokeAdmin<SetupView>(server, 'getSetup')).value;
      await expect(page.locator('#upload-thumbprint').textContent()).resolves.toBe(view?.clientCertificate?.thumbprintSha1);
      await expect(page.locator('#certificate-upload-status').textContent()).resolves.toMatch(/^Not uploaded yet/);
      await expectNoAxeViolations(page, `the upload instruction (${colorScheme})`);
      await expectNoHorizontalScroll(page, `the upload instruction (${colorScheme})`);
      await screenshot(page, `wizard-certificate-upload-${colorScheme}`);

      // Step 2 by the tracker or the button: closed, with the way back.
      await page.getByRole('button', { name: 'Go to step 2' }).click();
      await page.getByText('Step 1 is not finished: Entra ID does not have the bridge’s certificate yet.').waitFor();
      await expect(page.getByLabel('Service provider entity URL').count()).resolves.toBe(0);
      await expectNoAxeViolations(page, `step 2 closed (${colorScheme})`);
      await expectNoHorizontalScroll(page, `step 2 closed (${colorScheme})`);
      await page.getByRole('button', { name: 'Upload it in step 1' }).click();

      // Test connection without the upload fails, and the step stays where it is.
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/ENTRA_CLIENT_/).first().waitFor();
      await expect(page.locator('#certificate-upload-status').textContent()).resolves.toMatch(/^Not uploaded yet/);
    });

    if (colorScheme === 'light') {
      it('opens step 2 once Test connection proves the certificate', async () => {
        const view = (await invokeAdmin<SetupView>(server, 'getSetup')).value;
        // The admin uploads the certificate to the app registration.
        standIn = createEntraStandIn({ origin, basePath: '/cert', tenantId: TENANT_ID, clients: [{ clientId: CLIENT_ID, clientSecret: 'not-the-bridges', redirectUris: [`${server.url}/oidc/callback`], certificatePem: view?.clientCertificate?.certificatePem ?? '' }], users: Object.values(USERS) });
        await page.getByRole('button', { name: 'Test connection' }).click();
        await page.getByText('Connected: the tenant was found and the client certificate was accepted.').waitFor();
        await expect.poll(() => page.locator('#certificate-upload-status').textContent()).toBe('Entra ID accepted this certificate (Test connection passed).');
        await page.getByRole('button', { name: 'Go to step 2' }).click();
        await page.getByLabel('Service provider entity URL').waitFor();
      });
    } else {
      it('opens step 2 once the admin confirms the upload, and the trail records who said so', async () => {
        await page.getByRole('button', { name: 'I have uploaded it' }).click();
        await page.getByText('Recorded: you uploaded the certificate. Test connection will prove it.').waitFor();
        await expect(page.locator('#certificate-upload-status').textContent()).resolves.toBe('You said this certificate is uploaded. Test connection has not proven it yet.');
        await page.getByRole('button', { name: 'Go to step 2' }).click();
        await page.getByLabel('Service provider entity URL').waitFor();
        const trail = (await invokeAdmin<AdminRecord[]>(server, 'listAdminTrail')).value ?? [];
        expect(trail[0]).toMatchObject({ action: 'acknowledgeCertificateUpload', changes: [{ field: 'entra.clientCertificateUploaded' }] });
        await expectNoAxeViolations(page, `step 2 after the upload (${colorScheme})`);
        await expectNoHorizontalScroll(page, `step 2 after the upload (${colorScheme})`);
        expect(chromium.consoleErrors).toEqual([]);
      });
    }
  });
}
