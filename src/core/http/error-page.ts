import { describeError } from '../errors/catalogue';
import type { BridgeError } from '../kernel/result';
import { escapeHtml, htmlResponse } from './html';
import type { HttpResponse } from './types';

/** How long a person is asked to wait after a rate limit. */
export const RETRY_AFTER_SECONDS = 60;

/** Where a person starts a sign-in to Atlassian Cloud again. */
export const ATLASSIAN_LOGIN_URL = 'https://id.atlassian.com/login';

/** When the bridge refused, and the short reference that finds the refusal in its trail and log. */
export interface RefusalSeen {
  readonly at: Date;
  readonly reference: string;
}

const STEP_NAMES = { 1: 'step 1, Entra ID app', 2: 'step 2, Atlassian Guard', 3: 'step 3, Enforce' } as const;

/** What the person signing in reads first, when the catalogue has nothing addressed to them. */
function forThePerson(status: number): string {
  if (status === 429 || status === 502 || status === 503) return 'The sign-in service is busy or cannot be reached just now. Wait a minute, then try again. If it keeps happening, tell your administrator.';
  if (status >= 500) return 'Your organisation’s single sign-on needs attention from an administrator; nothing is wrong with your account. Send them the error code below.';
  return 'Start the sign-in again from Atlassian. If it happens again, ask your administrator and give them the error code below.';
}

/**
 * The one place an error becomes a page. It speaks to the person signing in first (what
 * they can do, a way to start again); what happened and the admin's remedy sit behind the
 * code, for the administrator they send it to. Only catalogue text and the bridge's own
 * detail appear, escaped; never a stack trace, never raw request input.
 */
export function renderErrorPage(error: BridgeError, seen?: RefusalSeen): HttpResponse {
  const description = describeError(error.code);
  const code = escapeHtml(error.code);
  // The time and reference the person sends to the admin: the sign-in trail and the log show the same.
  // An internal error's own reference first: its log line has it under that one.
  const reference = ('reference' in error && typeof error.reference === 'string' ? error.reference : undefined) ?? seen?.reference;
  const when = seen === undefined && reference === undefined ? '' : `<p class="muted" id="refusal-reference">${seen === undefined ? '' : `At ${escapeHtml(seen.at.toISOString())} · `}${reference === undefined ? '' : `Reference <code>${escapeHtml(reference)}</code>`}</p>`;
  const again = description.startAgain === false ? '' : `<p><a href="${ATLASSIAN_LOGIN_URL}">Start again at Atlassian</a></p>`;
  const detail = error.detail === undefined ? '' : `<p class="muted">Detail: ${escapeHtml(error.detail)}</p>`;
  const where = description.step === undefined ? '' : ` <span class="muted">(On the setup page in Jira: ${STEP_NAMES[description.step]}.)</span>`;
  const page = htmlResponse({
    status: description.status,
    title: 'Sign-in failed',
    body:
      `<main><h1>We could not sign you in</h1><p>${escapeHtml(description.person ?? forThePerson(description.status))}</p>` +
      again +
      `<p class="muted">Error code: <code>${code}</code></p>${when}` +
      `<details><summary>For your administrator (${code})</summary><p>${escapeHtml(description.title)}</p>` +
      `<p><strong>What to do:</strong> ${escapeHtml(description.remedy)}${where}</p>${detail}</details></main>`,
  });
  // A rate limit passes: say when to try again (RFC 9110 §10.2.3), as the page does in words.
  return description.status === 429 ? { ...page, headers: { ...page.headers, 'Retry-After': String(RETRY_AFTER_SECONDS) } } : page;
}
