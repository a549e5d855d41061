import { hostCookieName } from '../http/cookies';
import { escapeHtml, htmlResponse } from '../http/html';
import type { ReadRequest } from '../http/request';
import type { HttpResponse } from '../http/types';
import type { BridgeConfig } from '../config/schema';
import { fail, ok, type Result } from '../kernel/result';
import { connectionForEmail, connectionsOf, type Connection } from './connections';

/** The field the discovery page asks for: the person's work email. */
export const LOGIN_EMAIL_FIELD = 'login_email';

const EMAIL_SHAPE = /^[^\s@]{1,64}@[A-Za-z0-9.-]{1,253}$/;

function emailGiven(request: ReadRequest): Result<string | undefined> {
  const fromQuery = request.queryParameter(LOGIN_EMAIL_FIELD);
  if (!fromQuery.ok || fromQuery.value !== undefined) return fromQuery;
  return request.formParameter(LOGIN_EMAIL_FIELD);
}

/**
 * Which directory a sign-in goes to. One connection: that one, no question. Several: the
 * domain of the email Guard names (the AuthnRequest's Subject) or the person typed on the
 * discovery page; with neither, `undefined`: ask. An email whose domain no connection holds
 * gets `LOGIN_DOMAIN_UNKNOWN`, whatever the account: the answer depends on the domain only,
 * never on whether an account exists.
 */
export function routeSignIn(request: ReadRequest, config: BridgeConfig, hint: string | undefined, cookieUrl: string): Result<Route | undefined> {
  const connections = connectionsOf(config);
  if (connections.length === 1) return ok(connections[0] && { connection: connections[0], chosenOnPage: false });
  const typed = emailGiven(request);
  if (!typed.ok) return typed;
  const email = typed.value ?? hint;
  if (email === undefined) {
    const domain = request.queryParameter('domain');
    if (!domain.ok) return domain;
    const connection = domain.value === undefined ? rememberedConnection(request, config, cookieUrl) : connectionForEmail(config, `@${domain.value}`);
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

const directoryCookieName = (url: string) => hostCookieName('sso-bridge-directory', url);

/** The directory this browser chose on the discovery page earlier in its session, if any. */
function rememberedConnection(request: ReadRequest, config: BridgeConfig, cookieUrl: string): Connection | undefined {
  const id = request.cookie(directoryCookieName(cookieUrl));
  return id === undefined ? undefined : connectionsOf(config).find((c) => c.id === id);
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
export function carriedParameters(request: ReadRequest, names: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    names.map((name) => {
      const fromQuery = request.queryParameter(name);
      const fromForm = request.formParameter(name);
      return [name, (fromQuery.ok ? fromQuery.value : undefined) ?? (fromForm.ok ? fromForm.value : undefined)];
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
