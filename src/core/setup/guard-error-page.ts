/**
 * Atlassian's sign-in error page, read from its address: Guard shows an admin nothing of why
 * it refused a Response, but the page it sends the person to names the cause in
 * `error_description` (Atlassian's KB articles: "Invalid thumbprint",
 * "authentication-policy-strategy-mismatch", "assertion has expired"). The bridge names the
 * cause and the fix, with what it knows of its side: the certificate it signs with, and its
 * clock.
 */
export interface GuardErrorExplanation {
  /** Which of Atlassian's documented refusals it is; `unknown` for any other text. */
  readonly kind: 'certificate' | 'account-not-under-sso' | 'expired' | 'unknown';
  /** Atlassian's own words, as the address carries them. */
  readonly atlassianSays: string;
  readonly cause: string;
  readonly fix: string;
}

export type GuardErrorReading = { readonly found: true; readonly explanation: GuardErrorExplanation } | { readonly found: false; readonly why: string };

/** What the bridge knows of its side when it explains. */
export interface BridgeSide {
  /** The SHA-256 fingerprints of the certificates Guard may hold for the bridge (in force, and a prepared one). */
  readonly fingerprints: readonly string[];
  readonly now: Date;
}

/** The longest description kept: Atlassian's are a few words; the rest of an address is not ours to echo. */
const MAX_DESCRIPTION = 200;

function explain(description: string, side: BridgeSide): GuardErrorExplanation {
  const said = description.trim().toLowerCase();
  if (said === 'invalid thumbprint') {
    return {
      kind: 'certificate',
      atlassianSays: description,
      cause: 'Guard checked the Response’s signature with another certificate than the one the bridge signs with.',
      fix: `In Atlassian Administration, Security → Identity providers → this identity provider → SAML details, replace the Public x509 certificate with the bridge’s (step 2, SHA-256 fingerprint ${side.fingerprints.join(' or ')}). After a prepared change, activate it once Guard holds its certificate, not before.`,
    };
  }
  if (said === 'authentication-policy-strategy-mismatch') {
    return {
      kind: 'account-not-under-sso',
      atlassianSays: description,
      cause: 'Atlassian found no account under an SSO authentication policy for the NameID the bridge sent: the email differs from the Atlassian account’s, the account is not in a policy with this identity provider, or the browser is signed in to another Atlassian account.',
      fix: 'Run a test sign-in (step 3) as that person: it shows the NameID the bridge sends. Make it the Atlassian account’s email (or change the account’s), add the account to an authentication policy with SSO, and try again in a private window.',
    };
  }
  if (said === 'assertion has expired') {
    return {
      kind: 'expired',
      atlassianSays: description,
      cause: 'Guard judged the assertion outside its time window: the bridge’s clock and Atlassian’s are apart, or the answer waited on the page for minutes.',
      fix: `The bridge’s clock said ${side.now.toISOString()} when you asked. On a self-hosted bridge, keep the host’s clock synchronised (NTP); on Forge, the platform keeps it. Then sign in again straight away.`,
    };
  }
  return {
    kind: 'unknown',
    atlassianSays: description,
    cause: 'Atlassian refused the sign-in for a reason the bridge does not know.',
    fix: 'Look for these words in Atlassian’s SAML troubleshooting articles, and check the sign-in trail in step 3 for the same time: a refusal by the bridge is listed there with its code.',
  };
}

/** The error page's address, as the admin pasted it, explained; or why it cannot be. */
export function explainGuardErrorPage(address: string, side: BridgeSide): GuardErrorReading {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return { found: false, why: 'This is not an address. Copy the whole address of Atlassian’s error page from the browser’s address bar.' };
  }
  const description = url.searchParams.get('error_description');
  if (description === null || description.trim() === '') {
    return { found: false, why: 'This address carries no error_description. Copy the address of the page that says Atlassian could not sign you in, after the sign-in failed.' };
  }
  return { found: true, explanation: explain(description.slice(0, MAX_DESCRIPTION), side) };
}
