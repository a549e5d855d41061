/**
 * The ports through which the core meets the world. Forge and the local runtime each
 * implement them; tests use real implementations wherever one exists.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What `take` found under a key. */
export type TakeResult<T> =
  | { readonly status: 'taken'; readonly value: T }
  /** Live, but `admit` refused it: left as it was, for its owner to take. */
  | { readonly status: 'kept'; readonly value: T }
  /** Taken before: the key is remembered as used until its TTL ends. */
  | { readonly status: 'used' }
  | { readonly status: 'absent' };

/**
 * Short-lived, single-use records (login state). `take` must be atomic: two concurrent
 * takes of one key can never both see `taken`.
 */
export interface SingleUseStore {
  put(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /**
   * Takes the live record under `key` once. With `admit`, only a record it accepts is taken;
   * another stays live (`kept`), so whoever cannot prove the record is theirs cannot spend it.
   */
  take(key: string, admit?: (value: unknown) => boolean): Promise<TakeResult<unknown>>;
  /** A live record without taking it (undefined when absent, expired or taken). */
  read(key: string): Promise<unknown>;
}

/** One outgoing request's options: the part of the Fetch API's RequestInit the bridge's requests use. */
export interface FetchOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | URLSearchParams | ArrayBuffer | Uint8Array | ReadableStream | null;
  readonly redirect?: RequestRedirect;
  readonly signal?: AbortSignal | null;
  readonly duplex?: 'half';
}

/**
 * How the bridge reaches OpenID providers: the Fetch API's shape, a URL string and options.
 * The global fetch is one; tests inject stand-ins and faults here. openid-client is handed
 * one of these (its own CustomFetch is a narrower call of the same shape).
 */
export type Fetch = (url: string, options: FetchOptions) => Promise<Response>;

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Structured events. Never given tokens, codes, secrets or keys. */
export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined };
