import { expect } from 'vitest';
import type { HttpResponse } from '../src/core/http/types';
import { ERROR_CATALOGUE, type ErrorCode } from '../src/core/errors/catalogue';

/**
 * A stack trace's marks: V8's frames ("at fn (file:line:col)", "at file:line:col"), Node's
 * internals, the bridge's source paths. A page's own times (02:15:18) are not frames.
 */
export const STACK_TRACE = /\bat [\w.<>]+ \(|\bat [^\s<>"]+\.(?:[cm]?js|ts):\d+:\d+|node:internal|\/src\/core\//;

/** Asserts an error page: its code and status, nothing signed, no stack trace. */
export function expectRefusal(response: HttpResponse, code: ErrorCode): void {
  expect(response.body).toContain(`<code>${code}</code>`);
  expect(response.status).toBe(ERROR_CATALOGUE[code].status);
  expect(response.body).not.toContain('SAMLResponse');
  expect(response.body).not.toContain('Signature');
  expect(response.body).not.toMatch(STACK_TRACE);
}

/**
 * An error page without its time and reference, which differ at every refusal by design (a
 * random reference, the clock): what is left must not tell one input from another.
 */
export function withoutRefusalStamp(body: string): string {
  return body.replace(/<p class="muted" id="refusal-reference">.*?<\/p>/, '');
}
