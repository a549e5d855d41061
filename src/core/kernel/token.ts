import { randomBytes } from 'node:crypto';

/**
 * The bridge's one-time tokens (test tickets, site-check tickets, the browser-binding
 * cookie's value): 32 random bytes, as 43 base64url characters.
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}
