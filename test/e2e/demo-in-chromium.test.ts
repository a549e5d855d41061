import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { launchChromium } from '../../testkit/browser';
import { demoStandIns } from '../../src/demo/stand-ins';

let server: LocalServer;
let browser: Browser;
let dataDir: string;
const OUTPUT = join(process.cwd(), 'test-output');

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bridge-chromium-'));
  // localhost, as npm start prints it: Chromium keeps Secure cookies for http://localhost.
  const probe = await startLocalServer({ host: '127.0.0.1', port: 0, dataDir, demo: demoStandIns });
  const port = new URL(probe.url).port;
  await probe.close();
  server = await startLocalServer({ host: '127.0.0.1', port: Number(port), publicUrl: `http://localhost:${port}`, dataDir, demo: demoStandIns });
  browser = await launchChromium();
  await mkdir(OUTPUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the demo in Chromium', () => {
  it('signs in with clicks only: the binding cookie, the form_post and the self-submitting POST form all work', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${server.url}/demo/guard/`);
    await page.getByLabel('Email').fill('alice.anders@contoso.com');
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.getByRole('button', { name: 'Alice Anders' }).click();
    await page.waitForSelector('#name-id');
    expect(await page.textContent('#name-id')).toBe('alice.anders@contoso.com');
    await page.screenshot({ path: join(OUTPUT, 'demo-signed-in.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a refusal page with its code for Mallory', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/demo/guard/`);
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    // Nobody named: the bridge asks which directory.
    await page.getByLabel('Work email').fill('someone@contoso.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Mallory Mock' }).click();
    await page.waitForSelector('code');
    expect(await page.textContent('code')).toBe('CLAIMS_DOMAIN_NOT_ALLOWED');
    await page.close();
  });
});
