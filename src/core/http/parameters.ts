import { fail, ok, type Result } from '../kernel/result';
import type { HttpRequest } from './types';

export type Parameters = Readonly<Record<string, readonly string[]>>;

/**
 * Parses an `application/x-www-form-urlencoded` body into arrays of values, keeping
 * duplicates so that callers can refuse them. Keys are stored on a null-prototype object:
 * a parameter named `__proto__` is just a parameter.
 */
export function parseFormBody(body: string): Parameters {
  const parameters: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of new URLSearchParams(body)) {
    (parameters[name] ??= []).push(value);
  }
  return parameters;
}

/** The first value of a header (names are lower-case in HttpRequest). */
export function header(request: HttpRequest, name: string): string | undefined {
  return request.headers[name]?.[0];
}

/** True when the body is a urlencoded form (any charset parameter accepted). */
export function isFormBody(request: HttpRequest): boolean {
  const type = header(request, 'content-type');
  return type !== undefined && type.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * At most one value of a parameter: a parameter given twice is refused rather than
 * guessing which one the sender meant.
 */
export function singleParameter(parameters: Parameters, name: string): Result<string | undefined> {
  const values = Object.prototype.hasOwnProperty.call(parameters, name) ? parameters[name] : undefined;
  if (values === undefined || values.length === 0) return ok(undefined);
  if (values.length > 1) return fail('HTTP_PARAMETER_DUPLICATED', `the parameter ${name} is given ${values.length} times`);
  return ok(values[0]);
}
