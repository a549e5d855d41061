import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '../http/types';
import { LOGIN_STATE_TTL_SECONDS } from './login-state';

/**
 * Binds a sign-in to the browser that started it. Without this, a person could be made to
 * post someone else's `code` and `state` to the callback and be signed in to Atlassian as
 * that someone (login CSRF). The cookie holds a random value; the login state keeps only
 * its hash. One value serves every sign-in of the browser, so two tabs can sign in at once.
 *
 * The cookie must come back on Entra's cross-site form POST, hence `SameSite=None; Secure`
 * (browsers accept Secure cookies from http://localhost and 127.0.0.1 too); over https the
 * `__Host-` prefix pins it to our host.
 */
export function browserBindingCookieName(callbackUrl: string): string {
  return new URL(callbackUrl).protocol === 'https:' ? '__Host-sso-bridge-browser' : 'sso-bridge-browser';
}

const VALUE = /^[A-Za-z0-9_-]{43}$/;

function hash(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

function readCookie(request: HttpRequest, name: string): string | undefined {
  for (const line of request.headers['cookie'] ?? []) {
    for (const pair of line.split(';')) {
      const index = pair.indexOf('=');
      if (index > 0 && pair.slice(0, index).trim() === name) {
        const value = pair.slice(index + 1).trim();
        if (VALUE.test(value)) return value;
      }
    }
  }
  return undefined;
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
export function bindBrowser(request: HttpRequest, callbackUrl: string): BrowserBinding {
  const name = browserBindingCookieName(callbackUrl);
  const value = readCookie(request, name) ?? randomBytes(32).toString('base64url');
  return {
    hash: hash(value),
    setCookie: `${name}=${value}; Path=/; Max-Age=${LOGIN_STATE_TTL_SECONDS}; HttpOnly; Secure; SameSite=None`,
  };
}

/** True when the callback comes from the browser whose binding hash was saved. */
export function isSameBrowser(request: HttpRequest, callbackUrl: string, savedHash: string): boolean {
  const value = readCookie(request, browserBindingCookieName(callbackUrl));
  if (value === undefined) return false;
  const actual = Buffer.from(hash(value));
  const expected = Buffer.from(savedHash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

