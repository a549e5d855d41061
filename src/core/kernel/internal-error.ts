import { randomUUID } from 'node:crypto';
import type { Logger } from './ports';
import type { BridgeError } from './result';

/** A bug of the bridge, as the person and the admin see it: INTERNAL_ERROR and the reference its log line has. */
export interface InternalError extends BridgeError {
  readonly code: 'INTERNAL_ERROR';
  readonly reference: string;
}

/**
 * An exception nobody expected is a bug: it is logged once, under a short reference the
 * page or answer repeats, and never reported as another error (a storage fault, a refusal).
 * Only the error's name and message are logged: no request input travels in them.
 */
export function internalError(logger: Logger | undefined, where: string, error: unknown): InternalError {
  const reference = randomUUID().slice(0, 8);
  logger?.warn('internal-error', { where, reference, error: error instanceof Error ? `${error.name}: ${error.message}` : 'a thrown non-error value' });
  return { code: 'INTERNAL_ERROR', reference, detail: `reference ${reference}` };
}
