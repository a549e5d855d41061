import { wrapPromiseMethods } from './promise-methods';
import { fail } from './result';

/**
 * A storage call that failed: the store down, unreachable, refusing, or holding what it
 * should not. Every error a store adapter throws reaches the core as one of these
 * (asStorageErrors), so the core can tell a storage fault from a bug of its own.
 */
export class StorageError extends Error {
  override readonly name: string = 'StorageError';
}

/**
 * The store said "too many requests" (Forge: HTTP 429, `RATE_LIMIT_EXCEEDED`). Adapters
 * throw this so the core can tell a person to wait a minute rather than that storage is down.
 */
export class StorageRateLimitedError extends StorageError {
  override readonly name = 'StorageRateLimitedError';
}

/** A store adapter whose every failing call rejects with a StorageError (the cause kept). */
export function asStorageErrors<T extends object>(store: T): T {
  return wrapPromiseMethods(store, (call, method) =>
    call.catch((error: unknown) => {
      throw error instanceof StorageError ? error : new StorageError(`storage call ${method} failed`, { cause: error });
    }),
  );
}

/** The refusal for a storage call that failed: rate-limited, or unavailable. */
export function storageFault(error: unknown, detail: string) {
  return error instanceof StorageRateLimitedError ? fail('STORE_RATE_LIMITED', detail) : fail('STORE_UNAVAILABLE', detail);
}
