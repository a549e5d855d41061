import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalServer } from '../../src/local/server';
import { tokenFromFragment } from '../../static/wizard/src/admin-token';
import { launchChromium } from '../../testkit/browser';
import { freePort } from '../../testkit/free-port';

/**
 * The local admin token travels in the URL fragment. Start-up suggests `openssl rand
 * -base64 32` for one of your own, whose `+`, `/` and `=` the wizard once cut off.
 */
const BASE64_TOKEN = 'q+7/Xk9b2/Zt+aaV1Jm0cQh4rV0s5dX6W8yB2n+Lm0o=';

describe('the admin token in the URL fragment', () => {
  it('is read whole: base64 and base64url, percent-encoded or not, with other fragment parts', () => {
    expect(tokenFromFragment(`#token=${BASE64_TOKEN}`)).toBe(BASE64_TOKEN);
    expect(tokenFromFragment(`#token=${encodeURIComponent(BASE64_TOKEN)}`)).toBe(BASE64_TOKEN);
    expect(tokenFromFragment('#step=2&token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenFromFragment(`#token=${BASE64_TOKEN}&step=2`)).toBe(BASE64_TOKEN);
    expect(tokenFromFragment('#token=%E0%A4%A')).toBe('%E0%A4%A');
    expect(tokenFromFragment('#token=')).toBeUndefined();
    expect(tokenFromFragment('#step=2')).toBeUndefined();
    expect(tokenFromFragment('')).toBeUndefined();
  });

  it('opens the wizard in Chromium with a token made by openssl rand -base64 32', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bridge-admin-token-'));
    const server = await startLocalServer({ host: '127.0.0.1', port: await freePort(), dataDir, adminToken: BASE64_TOKEN });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/admin/#token=${BASE64_TOKEN}`);
      await page.getByRole('heading', { name: /Entra ID app/ }).first().waitFor({ timeout: 15_000 });
      await expect(page.getByText('Ask a Jira administrator').count()).resolves.toBe(0);
    } finally {
      await browser.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
