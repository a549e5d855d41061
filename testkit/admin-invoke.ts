import type { LocalServer } from '../src/local/server';
import type { TestSignInResult } from '../src/core/signin/test-sign-in';
import { CookieBrowser, readHtmlForm } from './cookie-browser';

/** An admin API answer as the tests read it. */
export type AdminAnswer<T = unknown> = { ok: boolean; value?: T; error?: { code: string; fields?: Record<string, string> } };

/** POST /api/invoke with the server's admin token, as the wizard calls it locally. */
export async function invokeAdmin<T = unknown>(server: LocalServer, action: string, payload: unknown = {}): Promise<AdminAnswer<T>> {
  const response = await fetch(`${server.url}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ action, payload }) });
  return (await response.json()) as AdminAnswer<T>;
}

/**
 * The wizard's test sign-in over HTTP: the one-time link, the person `oid` signing in at the
 * directory's stand-in, the callback, and the report the wizard then reads.
 */
export async function runTestSignIn(server: LocalServer, oid: string, connection?: string): Promise<TestSignInResult> {
  const started = await invokeAdmin<{ url: string; ticket: string }>(server, 'startTestSignIn', connection === undefined ? {} : { connection });
  if (!started.ok || started.value === undefined) throw new Error(`the test did not start: ${started.error?.code ?? ''}`);
  const browser = new CookieBrowser();
  const loginPage = await browser.follow(started.value.url);
  const login = readHtmlForm(await loginPage.response.text(), loginPage.url);
  const formPost = await browser.follow(login.action, { form: { login: oid } });
  const toCallback = readHtmlForm(await formPost.response.text(), formPost.url);
  await (await browser.request(toCallback.action, { form: toCallback.fields })).text();
  const report = await invokeAdmin<TestSignInResult>(server, 'getTestSignInResult', { ticket: started.value.ticket });
  if (!report.ok || report.value === undefined) throw new Error(`no report: ${report.error?.code ?? ''}`);
  return report.value;
}
