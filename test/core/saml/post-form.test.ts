import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePostForm } from '../../../src/core/saml/post-form';
import { launchChromium } from '../../../testkit/browser';
import { startTestServer, type TestServer } from '../../../testkit/http-server';
import { readPostForm } from '../../../testkit/post-form';

const HOSTILE_RELAY_STATE = `"><script>alert(1)</script>'&amp;`;
const RESPONSE_XML = '<samlp:Response ID="_1">é &amp; "</samlp:Response>';

describe('the POST form', () => {
  const page = writePostForm({
    acsUrl: 'https://acs.example/callback?connection=saml-1&x="<y>"',
    responseXml: RESPONSE_XML,
    relayState: HOSTILE_RELAY_STATE,
  });

  it('escapes every value, so an HTML parser reads them back unchanged', () => {
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('"<y>"');
    const form = readPostForm(page.body);
    expect(form.action).toBe('https://acs.example/callback?connection=saml-1&x="<y>"');
    expect(form.fields['RelayState']).toBe(HOSTILE_RELAY_STATE);
    expect(Buffer.from(form.fields['SAMLResponse'] ?? '', 'base64').toString('utf8')).toBe(RESPONSE_XML);
  });

  it('leaves RelayState out when there is none', () => {
    expect(readPostForm(writePostForm({ acsUrl: 'https://acs.example/', responseXml: '<x/>' }).body).fields).not.toHaveProperty('RelayState');
  });

  it('is sent with a strict CSP (only its own hashed script and style), no caching and no framing', () => {
    expect(page.status).toBe(200);
    expect(page.headers['Content-Security-Policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; script-src 'sha256-[A-Za-z0-9+/]{43}='; base-uri 'none'; frame-ancestors 'none'$/,
    );
    expect(page.headers['Cache-Control']).toBe('no-store');
    expect(page.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(page.headers['X-Frame-Options']).toBe('DENY');
    expect(page.headers['Referrer-Policy']).toBe('no-referrer');
    // Nothing is loaded from elsewhere: no src or href anywhere in the page.
    expect(page.body).not.toMatch(/\s(src|href)=/i);
  });
});

describe('the POST form in Chromium', () => {
  let server: TestServer;
  const received: string[] = [];
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer((request, response, body) => {
      if (request.method === 'GET' && request.url === '/form') {
        const acsUrl = `http://127.0.0.1:${request.socket.localPort}/acs?connection=saml-1`;
        const form = writePostForm({ acsUrl, responseXml: RESPONSE_XML, relayState: HOSTILE_RELAY_STATE });
        response.writeHead(form.status, form.headers).end(form.body);
      } else if (request.method === 'POST' && request.url === '/acs?connection=saml-1') {
        received.push(body);
        response.writeHead(200, { 'Content-Type': 'text/plain' }).end('received');
      } else {
        // The ACS page (no CSP of ours) makes Chromium ask for a favicon.
        response.writeHead(request.url === '/favicon.ico' ? 204 : 404).end();
      }
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([
    ['submits itself, with its script allowed by the CSP', true],
    ['can be sent with its button when JavaScript is off', false],
  ])('%s', async (_name, javaScriptEnabled) => {
    received.length = 0;
    const context = await browser.newContext({ javaScriptEnabled });
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    tab.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await tab.goto(`${server.origin}/form`);
    if (!javaScriptEnabled) {
      await expect(tab.getByRole('button', { name: 'Continue' }).isVisible()).resolves.toBe(true);
      await tab.getByRole('button', { name: 'Continue' }).click();
    }
    await tab.waitForURL(`${server.origin}/acs?connection=saml-1`);
    await expect(tab.textContent('body')).resolves.toBe('received');
    await context.close();

    expect(problems, problems.join("\n")).toEqual([]);
    expect(received).toHaveLength(1);
    const fields = new URLSearchParams(received[0]);
    expect(Buffer.from(fields.get('SAMLResponse') ?? '', 'base64').toString('utf8')).toBe(RESPONSE_XML);
    expect(fields.get('RelayState')).toBe(HOSTILE_RELAY_STATE);
  });
});
