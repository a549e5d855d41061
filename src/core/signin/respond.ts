import { renderErrorPage } from '../http/error-page';
import type { HttpResponse } from '../http/types';
import type { Logger } from '../kernel/ports';
import type { Result } from '../kernel/result';

/** The page for a sign-in step's outcome; refusals are logged by code, never with input. */
export function respond(result: Result<HttpResponse>, logger: Logger): HttpResponse {
  if (result.ok) return result.value;
  logger.warn('login.refused', { code: result.error.code });
  return renderErrorPage(result.error);
}
