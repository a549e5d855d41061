import { invoke } from '@forge/bridge';

/** What the admin API answers (src/core/setup/admin-api.ts), as JSON. */
export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; remedy: string; fields?: Record<string, string> } };

/**
 * Calls an admin action: inside Jira through @forge/bridge's invoke (a Forge resolver);
 * in the local runtime through POST /api/invoke with the admin token. Only the transport differs.
 */
export async function callAdmin<T>(action: string, payload?: unknown): Promise<ApiResult<T>> {
  const local = (window as { __BRIDGE_LOCAL__?: { token: string } }).__BRIDGE_LOCAL__;
  if (local === undefined) return invoke<ApiResult<T>>(action, payload as Record<string, unknown>);
  const response = await fetch('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${local.token}` },
    body: JSON.stringify({ action, payload }),
  });
  return (await response.json()) as ApiResult<T>;
}
