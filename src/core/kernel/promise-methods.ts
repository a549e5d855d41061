/**
 * A view of an adapter whose every method that returns a promise has that promise passed
 * through `wrap` (a time bound, an error translation), and nothing else changed.
 */
export function wrapPromiseMethods<T extends object>(adapter: T, wrap: (call: Promise<unknown>, method: string) => Promise<unknown>): T {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const call = (value as (...a: unknown[]) => unknown).apply(target, args);
        return call instanceof Promise ? wrap(call, String(property)) : call;
      };
    },
  });
}
