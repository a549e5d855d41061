import { wrapPromiseMethods } from './promise-methods';
import { StorageError } from './storage-fault';

/** A storage call that took longer than allowed; handled like any storage fault. */
export class StorageTimeoutError extends StorageError {
  override readonly name = 'StorageTimeoutError';
}

/**
 * Wraps every method of a storage adapter so that a call that does not settle within
 * `ms` fails instead of holding a sign-in (and the Forge function) until the platform
 * kills it. The caller then answers STORE_UNAVAILABLE and recovers when storage does.
 */
export function timeBounded<T extends object>(store: T, ms: number): T {
  return wrapPromiseMethods(store, (call, method) => {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new StorageTimeoutError(`storage call ${method} took over ${ms} ms`)), ms);
    });
    return Promise.race([call, limit]).finally(() => clearTimeout(timer));
  });
}
