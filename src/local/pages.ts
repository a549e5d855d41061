import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml, htmlResponse } from '../core/http/html';
import type { HttpResponse } from '../core/http/types';

/** `/`: where to go, for a newcomer. */
export function landingPage(demoLinks: string | undefined): HttpResponse {
  const demo = demoLinks !== undefined;
  return htmlResponse({
    status: 200,
    title: 'Entra ID SSO bridge',
    body:
      `<h1>Entra ID → Atlassian Guard SSO bridge</h1><p>${demo ? 'Demo mode: stand-ins for Entra ID and Atlassian Guard run on this server.' : 'Running with your configuration.'}</p>` +
      `<ul>${demoLinks ?? ''}<li><a href="/admin/">Admin wizard</a> (open the link with the token printed at start-up)</li>` +
      '<li><a href="/saml/metadata">IdP metadata</a></li><li><a href="/healthz">Health</a></li></ul>',
  });
}

export function notFoundPage(): HttpResponse {
  return htmlResponse({ status: 404, title: 'Not found', body: '<h1>Not found</h1><p>This address is not served here. Start at <a href="/">the home page</a>.</p>' });
}

const ADMIN_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const ASSET_TYPES: Readonly<Record<string, string>> = { 'wizard.js': 'text/javascript; charset=utf-8', 'wizard.css': 'text/css; charset=utf-8', 'tokens.css': 'text/css; charset=utf-8' };

/**
 * The admin wizard, the same build as inside Jira. A meta tag tells it to use the local
 * transport (POST /api/invoke); the admin token travels in the URL fragment, never to the server in a page.
 */
export async function adminAsset(buildDirectory: string, name: string): Promise<HttpResponse> {
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': ADMIN_CSP, 'Referrer-Policy': 'no-referrer' };
  try {
    if (name === '' || name === 'index.html') {
      const html = (await readFile(join(buildDirectory, 'index.html'), 'utf8')).replace('</head>', '<meta name="bridge-transport" content="local" /></head>');
      return { status: 200, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' }, body: html };
    }
    const type = ASSET_TYPES[name];
    if (type === undefined) return notFoundPage();
    return { status: 200, headers: { ...headers, 'Content-Type': type }, body: await readFile(join(buildDirectory, name), 'utf8') };
  } catch {
    return htmlResponse({
      status: 503,
      title: 'Admin wizard not built',
      body: `<h1>The admin wizard is not built</h1><p>Run <code>${escapeHtml('npm run build')}</code> (npm start does it for you).</p>`,
    });
  }
}
