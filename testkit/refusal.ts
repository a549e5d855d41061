import { expect } from 'vitest';
import type { HttpResponse } from '../src/core/http/types';
import { ERROR_CATALOGUE, type ErrorCode } from '../src/core/errors/catalogue';

/** Asserts an error page: its code and status, nothing signed, no stack trace. */
export function expectRefusal(response: HttpResponse, code: ErrorCode): void {
  expect(response.body).toContain(`<code>${code}</code>`);
  expect(response.status).toBe(ERROR_CATALOGUE[code].status);
  expect(response.body).not.toContain('SAMLResponse');
  expect(response.body).not.toContain('Signature');
  expect(response.body).not.toMatch(/\bat .+:\d+:\d+/);
}
