import { escapeHtml, htmlResponse } from '../http/html';
import { isFormBody, parseFormBody, singleParameter } from '../http/parameters';
import type { HttpRequest, HttpResponse } from '../http/types';
import type { BridgeConfig } from '../config/schema';
import { fail, ok, type Result } from '../kernel/result';
import { connectionForEmail, connectionsOf, type Connection } from './connections';

/** The field the discovery page asks for: the person's work email. */
export const LOGIN_EMAIL_FIELD = 'login_email';

const EMAIL_SHAPE = /^[^\s@]{1,64}@[A-Za-z0-9.-]{1,253}$/;

function emailGiven(http: HttpRequest): Result<string | undefined> {
  const fromQuery = singleParameter(http.query, LOGIN_EMAIL_FIELD);
  if (!fromQuery.ok || fromQuery.value !== undefined) return fromQuery;
  return http.method.toUpperCase() === 'POST' && isFormBody(http) ? singleParameter(parseFormBody(http.body), LOGIN_EMAIL_FIELD) : ok(undefined);
}

/**
 * Which directory a sign-in goes to. One connection: that one, no question. Several: the
 * domain of the email Guard names (the AuthnRequest's Subject) or the person typed on the
 * discovery page; with neither, `undefined`: ask. An email whose domain no connection holds
 * gets `LOGIN_DOMAIN_UNKNOWN`, whatever the account: the answer depends on the domain only,
 * never on whether an account exists.
 */
export function routeSignIn(http: HttpRequest, config: BridgeConfig, hint: string | undefined, cookieUrl: string): Result<Route | undefined> {
  const connections = connectionsOf(config);
  if (connections.length === 1) return ok(connections[0] && { connection: connections[0], chosenOnPage: false });
  const typed = emailGiven(http);
  if (!typed.ok) return typed;
  const email = typed.value ?? hint;
  if (email === undefined) {
    const domain = singleParameter(http.query, 'domain');
    if (!domain.ok) return domain;
    const connection = domain.value === undefined ? rememberedConnection(http, config, cookieUrl) : connectionForEmail(config, `@${domain.value}`);
    if (domain.value !== undefined && connection === undefined) return fail('LOGIN_DOMAIN_UNKNOWN');
    return ok(connection && { connection, chosenOnPage: false });
  }
  // The same answer for a malformed address as for an unknown domain: the page tells nothing apart.
  if (!EMAIL_SHAPE.test(email.trim())) return fail('LOGIN_DOMAIN_UNKNOWN');
  const connection = connectionForEmail(config, email);
  return connection === undefined ? fail('LOGIN_DOMAIN_UNKNOWN') : ok({ connection, chosenOnPage: typed.value !== undefined });
}

/** Where a sign-in goes, and whether the person chose it on the discovery page (then it is remembered). */
export interface Route {
  readonly connection: Connection;
  readonly chosenOnPage: boolean;
}

const DIRECTORY_COOKIE = 'sso-bridge-directory';
const directoryCookieName = (url: string) => (new URL(url).protocol === 'https:' ? `__Host-${DIRECTORY_COOKIE}` : DIRECTORY_COOKIE);

/** The directory this browser chose on the discovery page earlier in its session, if any. */
function rememberedConnection(http: HttpRequest, config: BridgeConfig, cookieUrl: string): Connection | undefined {
  const name = directoryCookieName(cookieUrl);
  for (const line of http.headers['cookie'] ?? []) {
    for (const pair of line.split(';')) {
      const index = pair.indexOf('=');
      if (index > 0 && pair.slice(0, index).trim() === name) return connectionsOf(config).find((c) => c.id === pair.slice(index + 1).trim());
    }
  }
  return undefined;
}

/**
 * Remembers the chosen directory for the browser session (a session cookie: no Max-Age), so
 * the page asks once. It names a connection, nothing about the person; Lax is enough, as it
 * is read on Guard's top-level redirect to the SSO URL.
 */
export function rememberDirectoryCookie(connection: Connection, cookieUrl: string): string {
  return `${directoryCookieName(cookieUrl)}=${connection.id}; Path=/; HttpOnly; Secure; SameSite=Lax`;
}

/** What a request carried, to post back with the person's email: Guard's SAMLRequest and RelayState. */
export function carriedParameters(http: HttpRequest, names: readonly string[]): Record<string, string | undefined> {
  const form = http.method.toUpperCase() === 'POST' && isFormBody(http) ? parseFormBody(http.body) : undefined;
  return Object.fromEntries(
    names.map((name) => {
      const fromQuery = singleParameter(http.query, name);
      const fromForm = form === undefined ? undefined : singleParameter(form, name);
      return [name, (fromQuery.ok ? fromQuery.value : undefined) ?? (fromForm?.ok === true ? fromForm.value : undefined)];
    }),
  );
}

/**
 * The discovery page: one field, the work email. It posts back to where the sign-in
 * started, with what the sign-in carried (Guard's SAMLRequest and RelayState), and lists no
 * domains and no directories, so it tells a visitor nothing about who signs in here.
 */
export function homeRealmPage(action: string, method: 'get' | 'post', carried: Readonly<Record<string, string | undefined>>): HttpResponse {
  const hidden = Object.entries(carried)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return htmlResponse({
    status: 200,
    title: 'Sign in',
    body:
      '<main><h1>Sign in</h1>' +
      `<form method="${method}" action="${escapeHtml(action)}">${hidden}` +
      `<p><label for="${LOGIN_EMAIL_FIELD}">Work email</label><br>` +
      `<input id="${LOGIN_EMAIL_FIELD}" name="${LOGIN_EMAIL_FIELD}" type="email" autocomplete="email" required autofocus></p>` +
      '<p><button type="submit">Continue</button></p></form></main>',
  });
}
