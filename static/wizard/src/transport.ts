import { invoke } from '@forge/bridge';
import { isLocalMode } from './local-mode';

/** What the admin API answers (src/core/setup/admin-api.ts), as JSON. */
export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; remedy: string; fields?: Record<string, string> } };

/**
 * Calls an admin action: inside Jira through @forge/bridge's invoke (a Forge resolver);
 * in the local runtime through POST /api/invoke with the admin token. Only the transport differs.
 */
export async function callAdmin<T>(action: string, payload?: unknown): Promise<ApiResult<T>> {
  // Without invoke metadata, @forge/bridge answers with the resolver's value itself.
  if (!isLocalMode()) return (await invoke<ApiResult<T>>(action, payload as Record<string, unknown>)) as ApiResult<T>;
  const response = await fetch('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${localToken()}` },
    body: JSON.stringify({ action, payload }),
  });
  return (await response.json()) as ApiResult<T>;
}

/**
 * The admin token printed at start-up arrives in the URL fragment (#token=…), which the
 * browser never sends to a server; it is kept for the tab and removed from the address bar.
 */
function localToken(): string {
  const fromUrl = /(?:^#|&)token=([\w-]+)/.exec(window.location.hash)?.[1];
  if (fromUrl !== undefined) {
    sessionStorage.setItem('bridge-admin-token', fromUrl);
    history.replaceState(null, '', window.location.pathname);
  }
  return sessionStorage.getItem('bridge-admin-token') ?? '';
}
