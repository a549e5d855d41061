import { randomUUID } from 'node:crypto';
import { renderErrorPage } from '../http/error-page';
import type { HttpResponse } from '../http/types';
import type { Logger } from '../kernel/ports';
import type { Result } from '../kernel/result';

/** A refusal's short reference: on its page, in its log line, and on the sign-in trail when listed. */
export function newRefusalReference(): string {
  return randomUUID().slice(0, 8);
}

/**
 * The page for a sign-in step's outcome. A refusal is logged by code and reference, never
 * with input, and its page shows the time and the reference for the person to send on.
 */
export function respond(result: Result<HttpResponse>, logger: Logger, at: Date, reference = newRefusalReference()): HttpResponse {
  if (result.ok) return result.value;
  logger.warn('login.refused', { code: result.error.code, reference });
  return renderErrorPage(result.error, { at, reference });
}
