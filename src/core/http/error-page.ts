import { describeError } from '../errors/catalogue';
import type { BridgeError } from '../result';
import { escapeHtml, htmlResponse } from './html';
import type { HttpResponse } from './types';

/** How long a person is asked to wait after a rate limit. */
export const RETRY_AFTER_SECONDS = 60;

/**
 * The one place an error becomes a page: what happened, what the admin can do, and the
 * stable code to quote. Only catalogue text and the bridge's own detail appear, escaped;
 * never a stack trace, never raw request input.
 */
export function renderErrorPage(error: BridgeError): HttpResponse {
  const description = describeError(error.code);
  const detail = error.detail === undefined ? '' : `<p class="muted">Detail: ${escapeHtml(error.detail)}</p>`;
  const page = htmlResponse({
    status: description.status,
    title: 'Sign-in failed',
    body:
      `<h1>Sign-in failed</h1><p>${escapeHtml(description.title)}</p>` +
      `<p><strong>What to do:</strong> ${escapeHtml(description.remedy)}</p>${detail}` +
      `<p class="muted">Error code: <code>${escapeHtml(error.code)}</code></p>`,
  });
  // A rate limit passes: say when to try again (RFC 9110 §10.2.3), as the page does in words.
  return description.status === 429 ? { ...page, headers: { ...page.headers, 'Retry-After': String(RETRY_AFTER_SECONDS) } } : page;
}
