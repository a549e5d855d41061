/**
 * How one error code is shown. `title` says what happened; `remedy` what a Jira or Entra ID
 * admin can do about it; `person` what the person signing in can do.
 */
export interface ErrorDescription {
  /** HTTP status of the page: 4xx for refusals, 5xx only for a fault of the bridge itself. */
  readonly status: 400 | 403 | 404 | 405 | 413 | 429 | 500 | 502 | 503;
  readonly title: string;
  /** What an admin does about it, without saying where: `step` says that. */
  readonly remedy: string;
  /** The setup step where the admin acts: the error page names it, the wizard links to it. */
  readonly step?: 1 | 2 | 3;
  /**
   * What the person signing in can do, addressed to them. Left out, the page says it by the
   * kind of fault: try again (busy), ask your administrator (setup), start again (request).
   */
  readonly person?: string;
  /** False when starting the sign-in again cannot help (the directory's answer would be the same): the page offers no restart. */
  readonly startAgain?: false;
}
