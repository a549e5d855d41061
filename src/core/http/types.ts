/**
 * An HTTP request as the core sees it. The shape is Forge's web-trigger request (values as
 * arrays, so duplicates stay visible), with header names lower-cased by the adapter.
 */
export interface HttpRequest {
  readonly method: string;
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: string;
}

/** An HTTP response as the core writes it; adapters translate it to their platform. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** More Set-Cookie values, beyond `headers['Set-Cookie']` (a header that may not be folded). */
  readonly moreCookies?: readonly string[];
}

/** Every Set-Cookie value of a response, for adapters that send header values as lists. */
export function setCookiesOf(response: HttpResponse): string[] {
  return [...(response.headers['Set-Cookie'] === undefined ? [] : [response.headers['Set-Cookie']]), ...(response.moreCookies ?? [])];
}
