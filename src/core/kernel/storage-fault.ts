import { fail } from './result';

/**
 * The store said "too many requests" (Forge: HTTP 429, `RATE_LIMIT_EXCEEDED`). Adapters
 * throw this so the core can tell a person to wait a minute rather than that storage is down.
 */
export class StorageRateLimitedError extends Error {
  override readonly name = 'StorageRateLimitedError';
}

/** The refusal for a storage call that failed: rate-limited, or unavailable. */
export function storageFault(error: unknown, detail: string) {
  return error instanceof StorageRateLimitedError ? fail('STORE_RATE_LIMITED', detail) : fail('STORE_UNAVAILABLE', detail);
}
