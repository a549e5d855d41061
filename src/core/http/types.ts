/**
 * An HTTP request as the core sees it. The shape is Forge's web-trigger request (values as
 * arrays, so duplicates stay visible), with header names lower-cased by the adapter.
 */
export interface HttpRequest {
  readonly method: string;
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: string;
  /**
   * The path after the endpoint's own URL: '' (or absent) for none, else starting with '/'.
   * Forge's `userPath`; locally, what follows the route. Only the callback reads one.
   */
  readonly pathSuffix?: string;
}

/** An HTTP response as the core writes it; adapters translate it to their platform. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** More Set-Cookie values, beyond `headers['Set-Cookie']` (a header that may not be folded). */
  readonly moreCookies?: readonly string[];
}

/** True when the request names a path after the endpoint's URL, which only the callback and the site check answer. */
export function hasPathSuffix(request: HttpRequest): boolean {
  return request.pathSuffix !== undefined && request.pathSuffix !== '';
}

/** Every Set-Cookie value of a response, for adapters that send header values as lists. */
export function setCookiesOf(response: HttpResponse): string[] {
  return [...(response.headers['Set-Cookie'] === undefined ? [] : [response.headers['Set-Cookie']]), ...(response.moreCookies ?? [])];
}
