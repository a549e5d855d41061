import type { ErrorCode } from '../errors/catalogue';

/**
 * A refusal or fault, as a value. `detail` is written by the bridge for the admin (for
 * example which limit was exceeded); it never carries raw input from the request.
 */
export interface BridgeError {
  readonly code: ErrorCode;
  readonly detail?: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: BridgeError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, detail?: string): { readonly ok: false; readonly error: BridgeError } {
  return { ok: false, error: detail === undefined ? { code } : { code, detail } };
}
