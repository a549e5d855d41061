import { describeError } from '../errors/catalogue';
import type { BridgeError } from '../result';
import { escapeHtml, htmlResponse } from './html';
import type { HttpResponse } from './types';

/**
 * The one place an error becomes a page: what happened, what the admin can do, and the
 * stable code to quote. Only catalogue text and the bridge's own detail appear, escaped;
 * never a stack trace, never raw request input.
 */
export function renderErrorPage(error: BridgeError): HttpResponse {
  const description = describeError(error.code);
  const detail = error.detail === undefined ? '' : `<p class="muted">Detail: ${escapeHtml(error.detail)}</p>`;
  return htmlResponse({
    status: description.status,
    title: 'Sign-in failed',
    body:
      `<h1>Sign-in failed</h1><p>${escapeHtml(description.title)}</p>` +
      `<p><strong>What to do:</strong> ${escapeHtml(description.remedy)}</p>${detail}` +
      `<p class="muted">Error code: <code>${escapeHtml(error.code)}</code></p>`,
  });
}
