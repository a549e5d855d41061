/**
 * How one error code is shown to a person. `title` says what happened in the words of the
 * person signing in; `remedy` says what a Jira or Entra ID admin can do about it.
 */
export interface ErrorDescription {
  /** HTTP status of the page: 4xx for refusals, 5xx only for a fault of the bridge itself. */
  readonly status: 400 | 403 | 405 | 413 | 429 | 500 | 502 | 503;
  readonly title: string;
  readonly remedy: string;
}
