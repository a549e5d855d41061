import { fail, ok, type Result } from '../kernel/result';
import { isFormBody, parseFormBody, singleParameter, type Parameters } from './parameters';
import type { HttpRequest } from './types';

/**
 * An HTTP request read once, at the endpoint, and handed on: its method, query, path
 * suffix and cookies, and its urlencoded form parsed on first use (an endpoint checks the
 * body's size against its own cap before it asks).
 */
export class ReadRequest {
  readonly method: string;
  readonly query: Parameters;
  readonly pathSuffix: string;
  private parsedForm: Parameters | undefined;
  private parsedCookies: ReadonlyMap<string, readonly string[]> | undefined;

  constructor(readonly raw: HttpRequest) {
    this.method = raw.method.toUpperCase();
    this.query = raw.query;
    this.pathSuffix = raw.pathSuffix ?? '';
  }

  /** The body's size in bytes, for an endpoint's cap. */
  get bodyBytes(): number {
    return Buffer.byteLength(this.raw.body, 'utf8');
  }

  /** The urlencoded form of a POST (any charset parameter), or undefined for any other body. */
  get form(): Parameters | undefined {
    if (this.method !== 'POST' || !isFormBody(this.raw)) return undefined;
    this.parsedForm ??= parseFormBody(this.raw.body);
    return this.parsedForm;
  }

  /** A query parameter given at most once. */
  queryParameter(name: string): Result<string | undefined> {
    return singleParameter(this.query, name);
  }

  /** A form field given at most once; undefined without a form. */
  formParameter(name: string): Result<string | undefined> {
    const form = this.form;
    return form === undefined ? ok(undefined) : singleParameter(form, name);
  }

  /** The first value of a cookie that `accept` takes (a browser may send a name twice, from two paths). */
  cookie(name: string, accept: (value: string) => boolean = () => true): string | undefined {
    this.parsedCookies ??= parseCookies(this.raw.headers['cookie'] ?? []);
    return this.parsedCookies.get(name)?.find(accept);
  }
}

function parseCookies(lines: readonly string[]): ReadonlyMap<string, readonly string[]> {
  const cookies = new Map<string, string[]>();
  for (const line of lines) {
    for (const pair of line.split(';')) {
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const values = cookies.get(name) ?? [];
      values.push(pair.slice(index + 1).trim());
      cookies.set(name, values);
    }
  }
  return cookies;
}

/** The request as read once (the same object for the same request). */
export function readRequest(http: HttpRequest | ReadRequest): ReadRequest {
  return http instanceof ReadRequest ? http : new ReadRequest(http);
}

/** Refuses a method an endpoint does not take. */
export function methodIn(request: ReadRequest, methods: readonly string[], detail?: string): Result<undefined> {
  return methods.includes(request.method) ? ok(undefined) : fail('HTTP_METHOD_NOT_ALLOWED', detail);
}
