/** A storage call that took longer than allowed; handled like any storage fault. */
export class StorageTimeoutError extends Error {
  override readonly name = 'StorageTimeoutError';
}

/**
 * Wraps every method of a storage adapter so that a call that does not settle within
 * `ms` fails instead of holding a sign-in (and the Forge function) until the platform
 * kills it. The caller then answers STORE_UNAVAILABLE and recovers when storage does.
 */
export function timeBounded<T extends object>(store: T, ms: number): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const call = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(call instanceof Promise)) return call;
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new StorageTimeoutError(`storage call ${String(property)} took over ${ms} ms`)), ms);
        });
        return Promise.race([call, limit]).finally(() => clearTimeout(timer));
      };
    },
  });
}
