import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { launchChromium } from '../support/browser';
import { startEntraServer } from '../support/entra-server';
import { freePort } from '../support/free-port';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID, USERS } from '../support/login-harness';

const GUARD_ID = '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const SP_ENTITY_ID = `https://auth.atlassian.com/saml/${GUARD_ID}`;
const ACS_URL = `https://auth.atlassian.com/login/callback?connection=saml-${GUARD_ID}`;
const OUTPUT = join(process.cwd(), 'test-output');

let server: LocalServer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dataDir: string;
const apiResponses: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-wizard-'));
  const port = await freePort();
  // localhost, as npm start prints it; the stand-in on 127.0.0.1 is another site, as Entra ID is.
  const publicUrl = `http://localhost:${port}`;
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `${publicUrl}/oidc/callback`, users: Object.values(USERS) });
  server = await startLocalServer({ host: '127.0.0.1', port, publicUrl, dataDir, demo: false });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: publicUrl });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('response', (response) => {
    if (response.url().endsWith('/api/invoke')) void response.text().then((text) => apiResponses.push(text), () => undefined);
  });
  await mkdir(OUTPUT, { recursive: true });
  await page.goto(server.adminUrl);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await entra?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function savedSetup(): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}/api/invoke`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'getSetup' }),
  });
  return ((await response.json()) as { value: Record<string, unknown> }).value;
}

async function clipboard(): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

async function errorFor(label: string): Promise<string | null> {
  const input = page.getByLabel(label, { exact: true });
  const described = (await input.getAttribute('aria-describedby')) ?? '';
  const errorId = described.split(' ').find((id) => id.endsWith('-error'));
  return errorId === undefined ? null : page.locator(`[id="${errorId}"]`).textContent();
}

describe('the admin wizard in Chromium', () => {
  it('step 1: copies the callback URL, refuses wrong IDs, saves, and tests the connection', async () => {
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Step 1: Entra ID app');
    await page.getByRole('button', { name: 'Copy Callback URL' }).click();
    expect(await clipboard()).toBe(`${server.url}/oidc/callback`);

    await page.getByLabel('Tenant ID (Directory ID)').fill('contoso');
    await page.getByLabel('Client ID (Application ID)').fill('1234');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Some fields need attention; nothing was saved.').waitFor();
    expect(await errorFor('Tenant ID (Directory ID)')).toMatch(/Tenant ID is a GUID/);
    expect(await errorFor('Client ID (Application ID)')).toMatch(/Client ID is a GUID/);
    expect(await savedSetup()).not.toHaveProperty('entra');

    await page.getByLabel('Entra ID cloud').selectOption('other');
    await page.getByLabel('Authority URL').fill(entra.entra.authority);
    await page.getByLabel('Tenant ID (Directory ID)').fill(TENANT_ID);
    await page.getByLabel('Client ID (Application ID)').fill(CLIENT_ID);
    // A new setup starts on the certificate, Microsoft's recommendation; this one takes a secret.
    await expect(page.getByLabel(/^Certificate \(recommended\)/).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Client secret (Value)').count()).resolves.toBe(0);
    await page.getByLabel(/^Client secret: you create one/).check();
    await page.getByLabel('Client secret (Value)').fill('6731de76-14a6-49ae-97bc-6eba6914391e');
    await expect(page.getByText('This looks like the Secret ID').isVisible()).resolves.toBe(true);
    await page.getByLabel('Client secret (Value)').fill(CLIENT_SECRET);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await expect(page.getByLabel('Client secret (Value)').inputValue()).resolves.toBe('');
    await expect(page.getByText(/A secret is set \(saved/).isVisible()).resolves.toBe(true);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connected: the tenant was found and the client secret was accepted.').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'wizard-step-1.png'), fullPage: true });
  });

  it('keeps the client secret out of the page, the answers and the browser storage', async () => {
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    expect(apiResponses.length).toBeGreaterThan(3);
    for (const body of apiResponses) expect(body).not.toContain(CLIENT_SECRET);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(CLIENT_SECRET);
  });

  it('step 2: creates the signing key, copies and downloads what Guard needs, refuses mismatched URLs, saves', async () => {
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Step 2: Atlassian Guard');
    await page.getByRole('button', { name: 'Create signing key' }).click();
    await page.getByText('Signing key created.').waitFor();
    const setup = (await savedSetup()) as { signing: { certificatePem: string; fingerprintSha256: string }; endpoints: { idpEntityId: string; ssoUrl: string } };
    await expect(page.locator('#fingerprint').textContent()).resolves.toBe(setup.signing.fingerprintSha256);

    await page.getByRole('button', { name: 'Copy IdP Entity ID' }).click();
    expect(await clipboard()).toBe(setup.endpoints.idpEntityId);
    await page.getByRole('button', { name: 'Copy IdP SSO URL' }).click();
    expect(await clipboard()).toBe(setup.endpoints.ssoUrl);
    await page.getByRole('button', { name: 'Copy Public X.509 certificate' }).click();
    expect(await clipboard()).toBe(setup.signing.certificatePem);

    const [certificate] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download certificate (.pem)' }).click()]);
    expect(certificate.suggestedFilename()).toBe('entra-sso-bridge.pem');
    expect(await readFile((await certificate.path()) ?? '', 'utf8')).toBe(setup.signing.certificatePem);
    const [metadata] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download metadata (.xml)' }).click()]);
    const metadataXml = await readFile((await metadata.path()) ?? '', 'utf8');
    expect(metadataXml).toContain(`entityID="${setup.endpoints.idpEntityId}"`);
    expect(metadataXml).toContain(`Location="${setup.endpoints.ssoUrl}"`);

    await page.getByLabel('SP Entity ID').fill(SP_ENTITY_ID);
    await page.getByLabel('SP Assertion Consumer Service URL').fill(ACS_URL.replace('saml-0f8e', 'saml-1f8e'));
    await page.getByLabel('Allowed email domains').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Some fields need attention; nothing was saved.').waitFor();
    expect(await errorFor('SP Assertion Consumer Service URL')).toMatch(/different Guard connections/);
    expect(await errorFor('Allowed email domains')).toMatch(/at least one/);
    expect(await savedSetup()).not.toHaveProperty('guard');

    await page.getByLabel('Paste Guard’s SAML details (optional)').fill(`Entity ID\n${SP_ENTITY_ID}\nAssertion consumer service URL\n${ACS_URL}\n`);
    await expect(page.getByLabel('SP Entity ID').inputValue()).resolves.toBe(SP_ENTITY_ID);
    await expect(page.getByLabel('SP Assertion Consumer Service URL').inputValue()).resolves.toBe(ACS_URL);
    await page.getByLabel('Allowed email domains').fill('contoso.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await savedSetup()).toMatchObject({ guard: { spEntityId: SP_ENTITY_ID, acsUrl: ACS_URL, allowedDomains: ['contoso.com'] } });
    await page.screenshot({ path: join(OUTPUT, 'wizard-step-2.png'), fullPage: true });
  });

  it('step 3: a test sign-in through the Entra ID stand-in shows what Guard would get', async () => {
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Step 3: Enforce');
    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Test sign-in' }).click()]);
    await popup.getByRole('button', { name: 'Alice Anders' }).click();
    await popup.getByText('Test sign-in passed').waitFor();
    await popup.close();
    await page.getByText('Test sign-in passed.').waitFor();
    await expect(page.locator('#test-name-id').textContent()).resolves.toBe('alice.anders@contoso.com');
    await expect(page.getByText('ID token signature verified with a key of the tenant (RS256)').isVisible()).resolves.toBe(true);
    await page.locator('#recent-sign-ins').getByText('alice.anders@contoso.com').first().waitFor();
    await page.screenshot({ path: join(OUTPUT, 'wizard-step-3.png'), fullPage: true });
  });

  it('rotates the signing key without lockout: both certificates shown, then the next one signs', async () => {
    await page.getByRole('button', { name: /2\s*Atlassian Guard/ }).click();
    const before = await page.locator('#fingerprint').textContent();
    await page.getByRole('button', { name: 'Prepare the next key' }).click();
    await page.getByText('Next key prepared').waitFor();
    await expect(page.getByLabel('Public X.509 certificate', { exact: true }).inputValue()).resolves.toMatch(/BEGIN CERTIFICATE/);
    await expect(page.getByLabel('Next X.509 certificate', { exact: true }).inputValue()).resolves.toMatch(/BEGIN CERTIFICATE/);
    expect(await page.locator('#fingerprint').textContent()).toBe(before);
    await page.getByRole('button', { name: 'Activate the next key' }).click();
    await page.getByText('The next key now signs.').waitFor();
    expect(await page.locator('#fingerprint').textContent()).not.toBe(before);
    await page.getByRole('button', { name: 'Roll back to the previous key' }).click();
    await page.getByText('The previous key signs again.').waitFor();
    expect(await page.locator('#fingerprint').textContent()).toBe(before);
  });

  it('asks before a change of trust, then replaces the certificate, and the admin trail says who did what', async () => {
    await page.getByRole('button', { name: /2\s*Atlassian Guard/ }).click();
    await expect(page.locator('#vouches-for').textContent()).resolves.toContain('contoso.com');
    const before = await page.locator('#fingerprint').textContent();
    await page.getByLabel('Allowed email domains').fill('contoso.com, fabrikam.com');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Changing the tenant or the domains replaces the signing certificate. An organization admin must paste the new certificate into Atlassian Guard before anyone can sign in again.');
    await page.screenshot({ path: join(OUTPUT, 'wizard-trust-change.png'), fullPage: true });
    // Cancel: nothing saved, the same certificate.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await savedSetup()).toMatchObject({ guard: { allowedDomains: ['contoso.com'] } });
    expect(await page.locator('#fingerprint').textContent()).toBe(before);
    // Confirmed: saved, with a new certificate.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Replace the certificate and save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await savedSetup()).toMatchObject({ guard: { allowedDomains: ['contoso.com', 'fabrikam.com'] } });
    expect(await page.locator('#fingerprint').textContent()).not.toBe(before);
    await page.getByRole('button', { name: /3\s*Enforce/ }).click();
    const trail = page.locator('#admin-trail');
    await trail.waitFor();
    await expect(trail.locator('tbody tr').first().textContent()).resolves.toMatch(/local admin token.*saveGuardStep.*key replaced.*guard\.allowedDomains/s);
    await page.screenshot({ path: join(OUTPUT, 'wizard-admin-trail.png'), fullPage: true });
  });

  it('after a reload, shows every step done', async () => {
    await page.reload();
    await page.getByRole('navigation', { name: 'Setup progress' }).waitFor();
    const lozenges = await page.locator('.progress .lozenge').allTextContents();
    expect(lozenges.map((text) => text.toLowerCase())).toEqual(['done', 'done', 'done']);
  });

  it('can be used with the keyboard: labelled fields, focus moves to the step heading', async () => {
    await page.getByRole('button', { name: /1\s*Entra ID app/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Step 1: Entra ID app');
    for (const label of ['Entra ID cloud', 'Tenant ID (Directory ID)', 'Client ID (Application ID)', 'Client secret (Value)']) {
      await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1);
    }
    // Focus order follows the page: the value to copy, then its copy button.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).resolves.toBe(`${server.url}/oidc/callback`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe('Copy Callback URL');
  });
});
