import { createHash } from 'node:crypto';
import type { HttpResponse } from './types';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

// One stylesheet for every page the bridge writes, pinned by hash in the CSP: Atlassian's
// colours (text 12.6:1, secondary text 7.2:1 on white), light or dark as the browser asks.
const STYLE =
  ':root{color-scheme:light dark;--text:#172b4d;--subtle:#44546f;--surface:#fff;--code:#f1f2f4;--link:#0c66e4;--brand:#0c66e4;--on-brand:#fff}' +
  '@media (prefers-color-scheme:dark){:root{--text:#dee4ea;--subtle:#9fadbc;--surface:#1d2125;--code:#2c333a;--link:#579dff;--brand:#579dff;--on-brand:#1d2125}}' +
  'body{font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--surface);' +
  'max-width:40rem;margin:4rem auto;padding:0 1rem;overflow-wrap:anywhere}h1{font-size:1.5rem;font-weight:600}' +
  'a{color:var(--link)}a:focus-visible,button:focus-visible,summary:focus-visible{outline:2px solid var(--brand);outline-offset:2px}' +
  'code{background:var(--code);padding:0 .25rem;border-radius:3px}' +
  'button{font:inherit;background:var(--brand);color:var(--on-brand);border:0;border-radius:3px;padding:.5rem 1rem;cursor:pointer}' +
  'details{margin-top:2rem;border-top:1px solid var(--subtle);padding-top:1rem}summary{cursor:pointer;color:var(--subtle)}' +
  '.muted{color:var(--subtle);font-size:.875rem}';
const STYLE_HASH = cspHash(STYLE);

export interface HtmlPage {
  readonly status: number;
  readonly title: string;
  /** Already-escaped body markup. */
  readonly body: string;
  /** An inline script, allowed by its hash and nothing else. */
  readonly script?: string;
}

/**
 * The Content-Security-Policy of a page: nothing may load, only our own stylesheet and
 * (when given) our own script, pinned by their SHA-256 hashes. `form-action` is left out on
 * purpose: Chromium applies it to the redirects that follow a form POST, and Guard's ACS
 * redirects onwards to Atlassian; the form's target is fixed by saved configuration.
 */
export function contentSecurityPolicy(script?: string): string {
  const directives = ["default-src 'none'", `style-src ${STYLE_HASH}`];
  if (script !== undefined) directives.push(`script-src ${cspHash(script)}`);
  directives.push("base-uri 'none'", "frame-ancestors 'none'");
  return directives.join('; ');
}

/** A complete HTML response with the security headers every page of the bridge carries. */
export function htmlResponse(page: HtmlPage): HttpResponse {
  const script = page.script === undefined ? '' : `<script>${page.script}</script>`;
  const body =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head>` +
    // Every page has its main landmark, for people who jump to it.
    `<body>${page.body.startsWith('<main') ? page.body : `<main>${page.body}</main>`}${script}</body></html>`;
  return {
    status: page.status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(page.script),
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    },
    body,
  };
}
