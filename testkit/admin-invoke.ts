import type { LocalServer } from '../src/local/server';

/** An admin API answer as the tests read it. */
export type AdminAnswer<T = unknown> = { ok: boolean; value?: T; error?: { code: string; fields?: Record<string, string> } };

/** POST /api/invoke with the server's admin token, as the wizard calls it locally. */
export async function invokeAdmin<T = unknown>(server: LocalServer, action: string, payload: unknown = {}): Promise<AdminAnswer<T>> {
  const response = await fetch(`${server.url}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ action, payload }) });
  return (await response.json()) as AdminAnswer<T>;
}
