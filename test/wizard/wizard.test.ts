import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { startEntraServer } from '../../testkit/entra-server';
import { freePort } from '../../testkit/free-port';
import { startGuardSignIn } from '../../testkit/guard-sign-in';
import { USERS } from '../../testkit/login-harness';
import { readPostForm } from '../../testkit/post-form';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from '../../testkit/constants';
import { expectNoAxeViolations, openBrowser, openStep, screenshot, type WizardPage } from '../../testkit/wizard-page';
import { GUARD_CONNECTION_ID, GUARD_SP } from '../../testkit/constants';

/** The wizard end to end in Chromium, as a new Jira admin meets it, from an empty data folder. */
const GUARD_ID = GUARD_CONNECTION_ID;
const SP_ENTITY_ID = GUARD_SP.entityId;
const ACS_URL = GUARD_SP.acsUrl;

let server: LocalServer;
let entra: Awaited<ReturnType<typeof startEntraServer>>;
let chromium: WizardPage;
let page: Page;
let dataDir: string;
const apiResponses: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-wizard-'));
  const port = await freePort();
  // localhost, as npm start prints it; the stand-in on 127.0.0.1 is another site, as Entra ID is.
  const publicUrl = `http://localhost:${port}`;
  entra = await startEntraServer({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `${publicUrl}/oidc/callback`, users: Object.values(USERS) });
  server = await startLocalServer({ host: '127.0.0.1', port, publicUrl, dataDir });
  chromium = await openBrowser({ width: 1280 });
  page = chromium.page;
  await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: publicUrl });
  page.on('response', (response) => {
    if (response.url().endsWith('/api/invoke')) void response.text().then((text) => apiResponses.push(text), () => undefined);
  });
  await page.goto(server.adminUrl);
});
afterAll(async () => {
  await chromium?.close();
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

/** The configuration sign-ins use, as the data folder holds it (the wizard shows a prepared change's settings instead). */
async function inForce(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;
}

function clipboard(): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** What the page says about a field: its hint, warning and error, as a screen reader reaches them. */
async function describedText(label: string): Promise<string> {
  const described = (await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(described.split(' ').filter(Boolean).map((id) => page.locator(`[id="${id}"]`).allTextContents()));
  return texts.flat().join(' ');
}

const status = (step: 1 | 2 | 3) => page.locator('.progress-summary li').nth(step - 1).textContent();

describe('the admin wizard in Chromium', () => {
  it('step 1: copies the callback URL; every wrong field says so under itself at once; nothing saved', async () => {
    await expect(page.locator('#step-heading').textContent()).resolves.toBe('Step 1: Entra ID app');
    await expect(status(1)).resolves.toMatch(/To do/);
    await page.getByRole('button', { name: 'Copy Callback URL' }).click();
    expect(await clipboard()).toBe(`${server.url}/oidc/callback`);
    // The button says it worked, then offers to copy again; its name follows what it says.
    await page.getByRole('button', { name: 'Copied Callback URL' }).waitFor();
    await page.getByRole('button', { name: 'Copy Callback URL' }).waitFor({ timeout: 4000 });

    await expect(page.getByLabel(/^Certificate \(recommended\)/).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Client secret Value').count()).resolves.toBe(0);
    await page.getByLabel(/^Client secret: you create one/).check();
    await page.getByLabel('Directory (tenant) ID').fill('contoso');
    await page.getByLabel('Application (client) ID').fill('1234');
    await expect(describedText('Directory (tenant) ID')).resolves.toMatch(/looks like 9122040d/);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => describedText('Directory (tenant) ID')).toMatch(/The Directory \(tenant\) ID is a GUID/);
    await expect(describedText('Application (client) ID')).resolves.toMatch(/The Application \(client\) ID is a GUID/);
    // One message per field, under the field's own name: the bridge's refusal replaces the warning.
    await expect(describedText('Directory (tenant) ID')).resolves.not.toMatch(/looks like/);
    await expect(describedText('Client secret Value')).resolves.toMatch(/Paste the client secret’s Value/);
    // Field messages, not the API's code for them.
    await expect(page.getByText('SETUP_INVALID').count()).resolves.toBe(0);
    expect(await savedSetup()).not.toHaveProperty('entra');
    await expectNoAxeViolations(page, 'step 1 with field errors');
    await screenshot(page, 'wizard-step-1-errors');
  });

  it('step 1: saves, is Saved until Test connection passes, then Verified', async () => {
    await page.getByLabel('A stand-in on this machine (testing)').check();
    await page.getByLabel('Authority URL').fill(entra.entra.authority);
    await page.getByLabel('Directory (tenant) ID').fill(TENANT_ID);
    await page.getByLabel('Application (client) ID').fill(CLIENT_ID);
    await page.getByLabel('Client secret Value').fill('6731de76-14a6-49ae-97bc-6eba6914391e');
    await expect(describedText('Client secret Value')).resolves.toMatch(/looks like the Secret ID/);
    await page.getByLabel('Client secret Value').fill(CLIENT_SECRET);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    await expect(status(1)).resolves.toMatch(/Saved/);
    await expect(page.getByText(/A secret is saved/).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Client secret Value').inputValue()).resolves.toBe('');

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connected: the tenant was found and the client secret was accepted.').waitFor();
    await expect.poll(() => status(1)).toMatch(/Connection tested/);
    await expectNoAxeViolations(page, 'step 1 verified');
    await screenshot(page, 'wizard-step-1');
  });

  it('keeps the client secret out of the page, the answers and the browser storage', async () => {
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    expect(apiResponses.length).toBeGreaterThan(3);
    for (const body of apiResponses) expect(body).not.toContain(CLIENT_SECRET);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(CLIENT_SECRET);
  });

  it('asks before leaving a step with unsaved edits: keep editing, or discard', async () => {
    await page.getByLabel('Application (client) ID').fill('11111111-2222-4333-8444-555555555555');
    await page.getByRole('button', { name: 'Go to step 2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave this step without saving?' });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'the unsaved-edits dialog');
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    await expect(page.getByLabel('Application (client) ID').inputValue()).resolves.toBe('11111111-2222-4333-8444-555555555555');
    await page.getByRole('button', { name: 'Go to step 2' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Discard the changes' }).click();
    await expect(page.locator('#step-heading').textContent()).resolves.toBe('Step 2: Atlassian Guard');
    expect(await savedSetup()).toMatchObject({ entra: { clientId: CLIENT_ID } });
  });

  it('step 2: creates the signing key, copies and downloads what Guard needs, names every wrong field, saves and continues', async () => {
    await page.getByRole('button', { name: 'Create signing key' }).click();
    await page.getByText('Signing key created.').waitFor();
    const setup = (await savedSetup()) as { signing: { certificatePem: string; fingerprintSha256: string }; endpoints: { idpEntityId: string; ssoUrl: string } };
    await expect(page.locator('#fingerprint').textContent()).resolves.toBe(setup.signing.fingerprintSha256);

    await page.getByRole('button', { name: 'Copy Identity provider Entity ID' }).click();
    expect(await clipboard()).toBe(setup.endpoints.idpEntityId);
    await page.getByRole('button', { name: 'Copy Identity provider SSO URL' }).click();
    expect(await clipboard()).toBe(setup.endpoints.ssoUrl);
    await page.getByRole('button', { name: 'Copy Public x509 certificate' }).click();
    expect(await clipboard()).toBe(setup.signing.certificatePem);
    const [certificate] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download certificate (.pem)' }).click()]);
    expect(certificate.suggestedFilename()).toBe('entra-sso-bridge.pem');
    expect(await readFile((await certificate.path()) ?? '', 'utf8')).toBe(setup.signing.certificatePem);
    const [metadata] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download metadata (.xml)' }).click()]);
    const metadataXml = await readFile((await metadata.path()) ?? '', 'utf8');
    expect(metadataXml).toContain(`entityID="${setup.endpoints.idpEntityId}"`);
    expect(metadataXml).toContain(`Location="${setup.endpoints.ssoUrl}"`);

    await page.getByLabel('Service provider entity URL').fill(SP_ENTITY_ID);
    await page.getByLabel('Service provider assertion consumer service URL').fill(ACS_URL.replace('saml-0f8e', 'saml-1f8e'));
    await page.getByLabel('Allowed email domains').fill('@Contoso.com, fab rikam');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // The entry at fault is named; "@Contoso.com" is taken as contoso.com.
    await expect.poll(() => describedText('Allowed email domains')).toMatch(/“fab” is not a domain|“rikam” is not a domain/);
    await page.getByLabel('Allowed email domains').fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => describedText('Service provider assertion consumer service URL')).toMatch(/different Guard connections/);
    await expect(describedText('Allowed email domains')).resolves.toMatch(/at least one/);
    expect(await savedSetup()).not.toHaveProperty('guard');
    await expectNoAxeViolations(page, 'step 2 with field errors');

    await page.getByLabel('Paste Guard’s SAML details (optional)').fill(`Service provider entity URL\n${SP_ENTITY_ID}\nService provider assertion consumer service URL\n${ACS_URL}\n`);
    await expect(page.getByLabel('Service provider entity URL').inputValue()).resolves.toBe(SP_ENTITY_ID);
    await expect(page.getByLabel('Service provider assertion consumer service URL').inputValue()).resolves.toBe(ACS_URL);
    await page.getByLabel('Allowed email domains').fill('contoso.com');
    await screenshot(page, 'wizard-step-2');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect.poll(() => page.locator('#step-heading').textContent()).toBe('Step 3: Enforce');
    expect(await savedSetup()).toMatchObject({ guard: { spEntityId: SP_ENTITY_ID, acsUrl: ACS_URL, allowedDomains: ['contoso.com'] } });
    // Saved, not verified: only a sign-in from Guard can prove Guard holds the certificate.
    await expect(status(2)).resolves.toMatch(/No sign-in from Guard yet/);
  });

  it('step 3: the checklist is saved as it is ticked; a test sign-in shows what Guard would get; Verified only with both', async () => {
    await page.getByRole('checkbox', { name: /add the people who sign in/ }).check();
    await expect.poll(async () => ((await savedSetup()) as { progress: { checklist: Record<string, boolean> } }).progress.checklist['members']).toBe(true);
    await expect.poll(() => status(3)).toMatch(/Under way/);

    const [popup] = await Promise.all([chromium.context.waitForEvent('page'), page.getByRole('button', { name: 'Test sign-in' }).click()]);
    await popup.getByRole('button', { name: 'Alice Anders' }).click();
    await popup.getByText('Test sign-in passed').waitFor();
    await expectNoAxeViolations(popup, 'the test window’s report');
    await popup.close();
    await page.getByText('Test sign-in passed.').waitFor();
    await expect(page.locator('#test-name-id').textContent()).resolves.toBe('alice.anders@contoso.com');
    // The checks the callback made, as it recorded them: this directory's client and credential.
    await expect(page.locator('#test-checks').textContent()).resolves.toMatch(/The ID token’s signature \(RS256, key [^)]+\) verified with a key the issuer publishes/);
    await expect(page.locator('#test-directory').textContent()).resolves.toContain(CLIENT_ID);
    await expect(page.locator('#test-directory').textContent()).resolves.toContain('the client secret');
    await page.locator('#recent-sign-ins').getByText('alice.anders@contoso.com').first().waitFor();
    await expect(status(3)).resolves.toMatch(/Under way/);
    for (const name of [/break-glass organization admin/, /Sign in once as a member/, /^Enforce single sign-on/]) await page.getByRole('checkbox', { name }).check();
    await expect.poll(() => status(3)).toMatch(/Tested and checked/);
    await expectNoAxeViolations(page, 'step 3 with a test report and recent sign-ins');
    await screenshot(page, 'wizard-step-3');
  });

  it('rotates the signing key without lockout, asking before Activate and Roll back', async () => {
    await openStep(page, 2);
    const before = await page.locator('#fingerprint').textContent();
    // The rotation's steps appear once a rotation is under way.
    await expect(page.locator('#signing-rotation-steps').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Prepare the next key' }).click();
    await page.getByText('Next key prepared').waitFor();
    await page.locator('#signing-rotation-steps').waitFor();
    await expect(page.getByLabel('Next x509 certificate', { exact: true }).inputValue()).resolves.toMatch(/BEGIN CERTIFICATE/);
    expect(await page.locator('#fingerprint').textContent()).toBe(before);
    await page.getByRole('button', { name: 'Activate the next key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Activate the next signing key?' });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'the activate-key dialog');
    await screenshot(page, 'wizard-activate-key');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('#fingerprint').textContent()).toBe(before);
    await page.getByRole('button', { name: 'Activate the next key' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Activate now' }).click();
    await page.getByText('The next key now signs.').waitFor();
    expect(await page.locator('#fingerprint').textContent()).not.toBe(before);
    await page.getByRole('button', { name: 'Roll back to the previous key' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('The previous key signs again.', { exact: true }).waitFor();
    expect(await page.locator('#fingerprint').textContent()).toBe(before);
    expect(chromium.cspViolations).toEqual([]);
  });

  it('prepares a change of trust, sign-ins going on with the key in force, then activates it; the admin trail says who did what', async () => {
    await openStep(page, 2);
    await expect(page.locator('#vouches-for').textContent()).resolves.toContain('contoso.com');
    const before = await page.locator('#fingerprint').textContent();
    await page.getByLabel('Allowed email domains').fill('contoso.com, fabrikam.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as a prepared change: not in force until you activate it (above the steps).').waitFor();
    const prepared = page.getByRole('region', { name: 'Prepared change' });
    await expect(prepared.textContent()).resolves.toMatch(/Allowed email domains: contoso\.com → contoso\.com, fabrikam\.com/);
    // Nothing in force changed: the domains sign-ins route and the certificate Guard holds.
    expect(await inForce()).toMatchObject({ guard: { allowedDomains: ['contoso.com'] } });
    expect(await page.locator('#fingerprint').textContent()).toBe(before);
    await expectNoAxeViolations(page, 'a prepared change of trust');
    await screenshot(page, 'wizard-trust-change');
    await prepared.getByRole('button', { name: 'Activate the change' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Activate now' }).click();
    await page.getByText('The change is in force: the new key signs.', { exact: true }).waitFor();
    expect(await inForce()).toMatchObject({ guard: { allowedDomains: ['contoso.com', 'fabrikam.com'] } });
    expect(await page.locator('#fingerprint').textContent()).not.toBe(before);
    await page.getByRole('region', { name: 'Last activated change' }).getByRole('button', { name: 'Roll back the change' }).waitFor();
    await openStep(page, 3);
    const trail = page.locator('#admin-trail');
    await trail.waitFor();
    // In words, with the fields on demand.
    const latest = trail.locator('tbody tr').first();
    await expect(latest.textContent()).resolves.toContain('local admin token activated the prepared change (now in force)');
    await expect(latest.locator('li').first().textContent()).resolves.toBe('changed the allowed email domains: added fabrikam.com');
    await expect(trail.locator('tbody tr').first().locator('details').textContent()).resolves.toMatch(/activateTrustChange.*guard\.allowedDomains/s);
    // A new key: the test sign-in was with the old one, so step 3 is no longer verified.
    await expect(status(3)).resolves.toMatch(/Under way/);
    await screenshot(page, 'wizard-admin-trail');
  });

  it('after a reload, shows each step as the bridge judges it, and opens at the first not verified', async () => {
    await page.reload();
    await page.getByRole('navigation', { name: 'Setup progress' }).waitFor();
    await expect(status(1)).resolves.toMatch(/Connection tested|Signing people in/);
    await expect(status(2)).resolves.toMatch(/No sign-in from Guard yet/);
    await expect(status(3)).resolves.toMatch(/Under way/);
    await expect(page.locator('#step-heading').textContent()).resolves.toBe('Step 2: Atlassian Guard');
  });

  it('step 2: says what it saw of Guard and what it cannot see, and explains Atlassian’s error pages', async () => {
    // A sign-in from Guard (an independent SAML SP), answered with the key in force.
    const signing = (await savedSetup()) as { signing: { certificatePem: string; fingerprintSha256: string } };
    const signIn = await startGuardSignIn({ ssoUrl: `${server.url}/saml/sso`, certificatePem: signing.signing.certificatePem, oid: USERS.alice.oid });
    expect(readPostForm(await signIn.finish()).fields['SAMLResponse']).toBeDefined();
    await page.reload();
    await openStep(page, 2);
    await expect(status(2)).resolves.toMatch(/Guard sends sign-ins here/);
    await expect(page.locator('#step-evidence').textContent()).resolves.toMatch(/^Last sign-in from Guard: .*, answered with the key [0-9a-f]+\. Whether Guard accepted the answer cannot be seen from here\.$/);
    await expect(page.locator('#guard-should-hold').textContent()).resolves.toBe(await page.locator('#fingerprint').textContent());

    const explainer = page.getByRole('form', { name: 'Explain Atlassian’s error page' });
    const explain = async (address: string) => {
      await explainer.getByLabel('Address of Atlassian’s error page').fill(address);
      await explainer.getByRole('button', { name: 'Explain' }).click();
      await page.locator('#guard-error-explanation').waitFor();
      const text = (await page.locator('#guard-error-explanation').textContent()) ?? '';
      return text;
    };
    expect(await explain('https://id.atlassian.com/error?error=access_denied&error_description=Invalid%20thumbprint')).toContain(signing.signing.fingerprintSha256);
    await expectNoAxeViolations(page, 'step 2 with an explained error page');
    await screenshot(page, 'wizard-guard-error');
    expect(await explain('https://id.atlassian.com/error?error=access_denied&error_description=authentication-policy-strategy-mismatch')).toContain('NameID');
    expect(await explain('https://id.atlassian.com/error?error=access_denied&error_description=assertion+has+expired')).toMatch(/clock said \d{4}-/);
    expect(await explain('https://id.atlassian.com/error?error=access_denied&error_description=%3Cb%3Esomething%20else%3C%2Fb%3E')).toContain('does not know');
    await expect(page.getByText('Atlassian says: “<b>something else</b>”').count()).resolves.toBe(1);
    expect(await explain('https://id.atlassian.com/login')).toContain('no error_description');
  });

  it('can be used with the keyboard: labelled fields, focus moves to the step heading', async () => {
    await page.locator('nav[aria-label="Setup progress"]').getByRole('button', { name: '1 Entra ID app' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Step 1: Entra ID app');
    for (const label of ['Directory (tenant) ID', 'Application (client) ID', 'Client secret Value']) {
      await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1);
    }
    // Focus order follows the page: the value to copy, then its copy button.
    await page.getByLabel('Callback URL', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe('Copy Callback URL');
    expect(chromium.cspViolations).toEqual([]);
  });
});
