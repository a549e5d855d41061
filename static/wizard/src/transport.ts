import { invoke } from '@forge/bridge';
import { isLocalMode } from './local-mode';
import { tokenFromFragment } from './admin-token';

/** What the admin API answers (src/core/setup/action-table.ts), as JSON. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly remedy: string;
  /** The setup step where the admin acts on it. */
  readonly step?: 1 | 2 | 3;
  readonly fields?: Record<string, string>;
}

/**
 * How long the page waits for one answer. Forge gives a resolver 25 s; a Test connection
 * waits up to 10 s for Entra ID. Past this the action says so, with Retry.
 */
export const ACTION_TIMEOUT_MS = 30_000;

/** The page's own codes, for what went wrong between the page and the bridge. */
const TRANSPORT_ERRORS = {
  WIZARD_TIMEOUT: {
    message: 'The bridge did not answer in time.',
    remedy: 'Retry. If it keeps timing out, check the app’s status in Jira (Apps → Manage apps) or the bridge’s log.',
  },
  WIZARD_UNREACHABLE: {
    message: 'The page could not reach the bridge.',
    remedy: 'Check the network connection and retry. If you are signed out of Jira, reload the page.',
  },
  WIZARD_BAD_ANSWER: {
    message: 'The bridge answered with something the page cannot read.',
    remedy: 'Retry. If it persists, reload the page: the page and the app may be of different versions.',
  },
} as const;
export type TransportErrorCode = keyof typeof TRANSPORT_ERRORS;

export function transportError(code: TransportErrorCode, detail?: string): ApiResult<never> {
  const { message, remedy } = TRANSPORT_ERRORS[code];
  return { ok: false, error: { code, message: detail === undefined ? message : `${message} (${detail})`, remedy } };
}

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (value === null || typeof value !== 'object') return false;
  const answer = value as { ok?: unknown; error?: { code?: unknown; message?: unknown; remedy?: unknown } };
  if (answer.ok === true) return 'value' in answer;
  return answer.ok === false && typeof answer.error?.code === 'string' && typeof answer.error.message === 'string' && typeof answer.error.remedy === 'string';
}

async function send(action: string, payload: unknown, signal: AbortSignal): Promise<unknown> {
  // Without invoke metadata, @forge/bridge answers with the resolver's value itself.
  if (!isLocalMode()) return invoke(action, payload as Record<string, unknown>);
  const response = await fetch('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${localToken()}` },
    body: JSON.stringify({ action, payload }),
    signal,
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadAnswer(`HTTP ${response.status}`);
  }
}

class BadAnswer extends Error {}

/**
 * Calls an admin action: inside Jira through @forge/bridge's invoke (a Forge resolver); in
 * the local runtime through POST /api/invoke with the admin token. Always settles, within
 * the timeout, with the bridge's answer or one of the page's own errors: a network failure,
 * a 5xx page or a non-JSON answer never leaves an action waiting.
 */
export async function callAdmin<T>(action: string, payload?: unknown, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ApiResult<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? ACTION_TIMEOUT_MS);
  let timedOut = false;
  const onCancel = () => controller.abort();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const signal = controller.signal;
  const stopped = new Promise<never>((_resolve, reject) =>
    signal.addEventListener('abort', () => {
      timedOut = options.signal?.aborted !== true;
      reject(new Error('stopped'));
    }),
  );
  try {
    const answer = await Promise.race([send(action, payload, signal), stopped]);
    return isApiResult(answer) ? (answer as ApiResult<T>) : transportError('WIZARD_BAD_ANSWER');
  } catch (error) {
    if (timedOut) return transportError('WIZARD_TIMEOUT');
    if (error instanceof BadAnswer) return transportError('WIZARD_BAD_ANSWER', error.message);
    if (options.signal?.aborted === true) return { ok: false, error: { code: 'WIZARD_CANCELLED', message: 'Cancelled.', remedy: '' } };
    return transportError('WIZARD_UNREACHABLE');
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}

/**
 * The admin token printed at start-up arrives in the URL fragment (#token=…), which the
 * browser never sends to a server; it is kept for the tab and removed from the address bar.
 */
/** The admin token as the admin typed it on the page (the local runtime asks when the page has none, or a stale one). */
export function rememberLocalToken(token: string): void {
  sessionStorage.setItem('bridge-admin-token', token.trim());
}

function localToken(): string {
  const fromUrl = tokenFromFragment(window.location.hash);
  if (fromUrl !== undefined) {
    sessionStorage.setItem('bridge-admin-token', fromUrl);
    history.replaceState(null, '', window.location.pathname);
  }
  return sessionStorage.getItem('bridge-admin-token') ?? '';
}
