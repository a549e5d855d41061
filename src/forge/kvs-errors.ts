import { wrapPromiseMethods } from '../core/kernel/promise-methods';
import { StorageRateLimitedError } from '../core/kernel/storage-fault';

/**
 * Forge's Key-Value Store answers a request over its quotas with HTTP 429 and the error code
 * `RATE_LIMIT_EXCEEDED` ("Error handling for the Key-Value Store"); @forge/kvs throws it as
 * a ForgeKvsAPIError carrying `code` and `responseDetails.status`.
 */
export function isKvsRateLimit(error: unknown): boolean {
  const shape = error as { code?: unknown; responseDetails?: { status?: unknown } } | null;
  return shape?.code === 'RATE_LIMIT_EXCEEDED' || shape?.responseDetails?.status === 429;
}

/** Wraps a storage adapter so the platform's rate limit reaches the core as its own error. */
export function withRateLimitErrors<T extends object>(store: T): T {
  return wrapPromiseMethods(store, (call) =>
    call.catch((error: unknown) => {
      throw isKvsRateLimit(error) ? new StorageRateLimitedError('storage rate limit exceeded') : error;
    }),
  );
}
