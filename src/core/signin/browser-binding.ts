import { createHash, timingSafeEqual } from 'node:crypto';
import { hostCookieName } from '../http/cookies';
import type { ReadRequest } from '../http/request';
import { isToken, newToken } from '../kernel/token';
import { LOGIN_STATE_TTL_SECONDS } from './login-state';

/**
 * Binds a sign-in to the browser that started it. Without this, a person could be made to
 * post someone else's `code` and `state` to the callback and be signed in to Atlassian as
 * that someone (login CSRF). The cookie holds a random value; the login state keeps only
 * its hash. One value serves every sign-in of the browser, so two tabs can sign in at once.
 *
 * The cookie must come back on Entra's cross-site form POST, hence `SameSite=None; Secure`;
 * over https the `__Host-` prefix pins it to our host (hostCookieName).
 */
export function browserBindingCookieName(callbackUrl: string): string {
  return hostCookieName('sso-bridge-browser', callbackUrl);
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export interface BrowserBinding {
  readonly hash: string;
  /** The Set-Cookie value to send: always, so the cookie lives as long as this sign-in's state. */
  readonly setCookie: string;
}

/**
 * The browser's binding: the cookie it already has, or a new one. Either way it is sent
 * again with a fresh lifetime, so a sign-in started late in an earlier cookie's life does
 * not outlive its cookie (and two tabs keep sharing one value).
 */
export function bindBrowser(request: ReadRequest, callbackUrl: string): BrowserBinding {
  const name = browserBindingCookieName(callbackUrl);
  const value = request.cookie(name, isToken) ?? newToken();
  return {
    hash: hash(value),
    setCookie: `${name}=${value}; Path=/; Max-Age=${LOGIN_STATE_TTL_SECONDS}; HttpOnly; Secure; SameSite=None`,
  };
}

/** True when the callback comes from the browser whose binding hash was saved. */
export function isSameBrowser(request: ReadRequest, callbackUrl: string, savedHash: string): boolean {
  const value = request.cookie(browserBindingCookieName(callbackUrl), isToken);
  if (value === undefined) return false;
  const actual = Buffer.from(hash(value));
  const expected = Buffer.from(savedHash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
