import type { ErrorDescription } from './types';

const AGAIN = 'Start the sign-in again from Atlassian.';

/** Errors of the way back from Entra ID: the callback, its login state, the ID token and the claims. */
export const LOGIN_ERRORS = {
  LOGIN_NOT_CONFIGURED: {
    status: 503,
    title: 'Single sign-on through Entra ID is not set up yet.',
    remedy: 'A Jira admin finishes the setup (Apps → Entra ID SSO bridge) before anyone signs in.',
    person: 'Single sign-on is not ready yet. Ask your administrator when it will be.',
  },
  SETUP_INVALID: {
    status: 400,
    title: 'Some fields need attention; nothing was saved.',
    remedy: 'Correct the fields marked below and save again.',
  },
  SETUP_FORBIDDEN: {
    status: 403,
    title: 'Only Jira administrators can see or change the single sign-on setup.',
    remedy: 'Ask a Jira administrator (Jira admin permission) to open this page.',
  },
  LOCAL_ADMIN_TOKEN_REFUSED: {
    status: 403,
    title: 'This page does not carry this bridge’s admin token.',
    remedy: 'Enter the admin token: the file admin-token in the bridge’s data folder holds it (or ADMIN_TOKEN, if the operator set one). The address the bridge printed at its first start carries it too.',
  },
  SETUP_UNKNOWN_ACTION: {
    status: 400,
    title: 'The setup page asked for something the bridge does not do.',
    remedy: 'Reload the page; if it persists, the page and the app are of different versions.',
  },
  SETUP_INCOMPLETE: {
    status: 400,
    title: 'This needs an earlier step saved first.',
    remedy: 'Save the earlier step first (for Test connection: the tenant, the client and the credential).'
  },
  ADMIN_TRAIL_UNAVAILABLE: {
    status: 503,
    title: 'The change was saved, but it could not be written to the admin trail.',
    remedy: 'Reload the page to see the saved setup. If it persists, check the app’s storage.',
  },
  TRUST_BINDING_MISMATCH: {
    status: 500,
    title: 'The bridge’s signing key is not bound to the settings this sign-in started with.',
    remedy: 'Start the sign-in again. If it persists, a Jira admin reviews the admin trail in the setup page: the setup was changed without replacing the key.',
    step: 2,
  },
  LOGIN_SETUP_CHANGED: {
    status: 400,
    title: 'The single sign-on setup changed while you were signing in.',
    remedy: 'Start the sign-in again from Atlassian.',
    person: 'Your organisation changed its sign-in setup while you were signing in. Start the sign-in again from Atlassian.',
  },
  LOGIN_DOMAIN_UNKNOWN: {
    status: 400,
    title: 'This email address cannot sign in here.',
    remedy: 'Check the address, and use your work email. If it is right, ask your administrator which address to sign in with.',
    person: 'This email address cannot sign in here. Check it and use your work email; if it is right, ask your administrator which address to use.',
  },
  TEST_TICKET_INVALID: {
    status: 400,
    title: 'This test sign-in link has expired or has been used.',
    remedy: 'Start the test sign-in again.',
    step: 3,
    person: 'This test link has expired or has been used. Start a new test sign-in from the setup page.',
  },
  LOGIN_TARGET_INVALID: {
    status: 400,
    title: 'The sign-in link points somewhere other than an Atlassian site.',
    remedy: 'Use a link whose RelayState is an https://<site>.atlassian.net or https://start.atlassian.com address.',
  },
  STORE_UNAVAILABLE: {
    status: 503,
    title: 'The bridge could not reach its storage.',
    remedy: 'Try again in a minute. If it persists, check the app’s status in Jira (Apps → Manage apps).',
  },
  OIDC_STATE_MISSING: {
    status: 400,
    title: 'The answer from Entra ID does not say which sign-in it belongs to.',
    remedy: AGAIN,
  },
  OIDC_STATE_UNKNOWN: {
    status: 400,
    title: 'The answer from Entra ID belongs to no sign-in started here.',
    remedy: `${AGAIN} Bookmarked or shared sign-in links do not work.`,
    person: 'This sign-in link is not one started here (a bookmark or a shared link does not work). Start the sign-in again from Atlassian.',
  },
  OIDC_STATE_REPLAYED: {
    status: 400,
    title: 'This answer from Entra ID has already been used.',
    remedy: `${AGAIN} Going back in the browser after signing in does not sign in again.`,
    person: 'This sign-in was already used (for example after going back in the browser). Start the sign-in again from Atlassian.',
  },
  OIDC_STATE_EXPIRED: {
    status: 400,
    title: 'The sign-in took too long and has expired.',
    remedy: `${AGAIN} A sign-in must finish within 10 minutes.`,
    person: 'The sign-in took longer than 10 minutes. Start the sign-in again from Atlassian.',
  },
  OIDC_BROWSER_MISMATCH: {
    status: 403,
    title: 'The sign-in was finished in another browser than the one that started it.',
    remedy: `${AGAIN} Finish it in the same browser, and allow cookies for this site.`,
    person: 'The sign-in must finish in the browser where it started, with cookies allowed for this site. Start the sign-in again from Atlassian.',
  },
  OIDC_REDIRECT_URI_UNKNOWN: {
    status: 404,
    title: 'This is not the Redirect URI of any directory set up here.',
    remedy: 'Register each directory’s Redirect URI exactly as the setup page shows it, then start the sign-in again.',
  },
  OIDC_CONNECTION_MISMATCH: {
    status: 403,
    title: 'The answer arrived at another directory’s Redirect URI than the one this sign-in was sent to.',
    remedy: `${AGAIN} If it persists, a directory sends people on to another one (an OAuth mix-up): remove that directory and contact your security team. No code was redeemed.`,
    person: 'This sign-in came back from another directory than the one it was sent to, so it was stopped. Start the sign-in again from Atlassian.',
  },
  OIDC_ISSUER_MISSING: {
    status: 403,
    title: 'The directory promises to name itself in its answer (iss, RFC 9207), and this answer does not.',
    remedy: `${AGAIN} If it persists, the answer did not come from that directory: contact your security team. No code was redeemed.`,
  },
  OIDC_ISSUER_MISMATCH: {
    status: 403,
    title: 'The answer names another issuer (iss) than the directory this sign-in was sent to.',
    remedy: `${AGAIN} If it persists, a directory sends people on to another one (an OAuth mix-up): contact your security team. No code was redeemed.`,
  },
  LOGIN_STATE_TOO_LARGE: {
    status: 500,
    title: 'The bridge would have kept more about this sign-in than it ever should.',
    remedy: 'Nothing was saved. This is a bug of the bridge: report it with the time of the sign-in.',
  },
  OIDC_CODE_MISSING: {
    status: 400,
    title: 'The answer from Entra ID carries no authorization code.',
    remedy: AGAIN,
  },
  OIDC_DISCOVERY_FAILED: {
    status: 502,
    title: 'Entra ID could not be reached to look up the tenant.',
    remedy: 'Try again in a minute. If it persists, check the Directory (tenant) ID and the Entra ID cloud.',
    step: 1,
  },
  OIDC_TOKEN_REQUEST_FAILED: {
    status: 502,
    title: 'Entra ID did not answer the token request properly.',
    remedy: 'Try again in a minute. If it persists, check the Entra ID service status.',
  },
  OIDC_ID_TOKEN_SIGNATURE: {
    status: 403,
    title: 'The ID token from Entra ID is not signed with one of the tenant’s RS256 keys.',
    remedy: `${AGAIN} If it persists, the answer did not come from Entra ID: contact your security team.`,
  },
  OIDC_ID_TOKEN_ISSUER: {
    status: 403,
    title: 'The ID token was issued by another tenant or authority than the one set up.',
    remedy: 'Check the Directory (tenant) ID and the Entra ID cloud.',
    step: 1,
  },
  OIDC_ID_TOKEN_AUDIENCE: {
    status: 403,
    title: 'The ID token was issued to another application.',
    remedy: 'Check the Application (client) ID.',
    step: 1,
  },
  OIDC_ID_TOKEN_NONCE: {
    status: 403,
    title: 'The ID token does not belong to this sign-in (nonce mismatch).',
    remedy: AGAIN,
  },
  OIDC_ID_TOKEN_EXPIRED: {
    status: 403,
    title: 'The ID token is expired or not yet valid.',
    remedy: `${AGAIN} If it persists, check this computer’s clock.`,
    person: 'The sign-in could not be checked in time. Check that this computer’s clock is right, then start again from Atlassian.',
  },
  OIDC_ID_TOKEN_INVALID: {
    status: 403,
    title: 'The ID token from Entra ID is not valid.',
    remedy: AGAIN,
  },
  OIDC_ID_TOKEN_TOO_LARGE: {
    status: 403,
    title: 'The answer from the token endpoint is far larger than any Entra ID sends.',
    remedy: `${AGAIN} If it persists, the answer did not come from Entra ID: contact your security team.`,
  },
  OIDC_AUTH_TIME_MISSING: {
    status: 403,
    title: 'Atlassian asked for a fresh sign-in, and Entra ID did not say when you signed in.',
    remedy:
      'In Entra ID, App registrations → your app → Token configuration → Add optional claim → ID: add auth_time. Then start the sign-in again.',
  },
  OIDC_REAUTHENTICATION_MISSING: {
    status: 403,
    title: 'Atlassian asked for a fresh sign-in, and an earlier Entra ID session was used instead.',
    remedy: `${AGAIN} Enter your password again when Entra ID asks.`,
    person: 'Atlassian asked you to sign in again, and an earlier session was used instead. Start again and enter your password when asked.',
  },
  ENTRA_PASSIVE_NOT_POSSIBLE: {
    status: 403,
    title: 'Atlassian asked for a sign-in without interaction, and Entra ID needed you to act.',
    remedy: 'Atlassian was told so (NoPassive) and decides what happens next. Start the sign-in again from Atlassian.',
  },
  OIDC_TENANT_MISMATCH: {
    status: 403,
    title: 'The account belongs to another Entra ID tenant than the one set up.',
    remedy: 'Sign in with an account of your organisation’s tenant.',
    step: 1,
    person: 'Sign in with your work account, the one your organisation gave you.',
  },
  CLAIMS_EMAIL_MISSING: {
    status: 403,
    title: 'Entra ID did not send an email address for this account.',
    remedy:
      'In Entra ID, App registrations → your app → Token configuration → Add optional claim → ID: add email, xms_edov, given_name and family_name. Check that the user has an email address.',
    step: 1,
  },
  CLAIMS_EMAIL_INVALID: {
    status: 403,
    title: 'The account’s sign-in name is not an email address.',
    remedy: 'Use the email claim as the user identifier, or give the user an email-shaped UPN.',
    step: 1,
  },
  CLAIMS_EMAIL_UNVERIFIED: {
    status: 403,
    title: 'The directory does not vouch for this account’s email address (Entra ID: xms_edov is false; other providers: email_verified is not true).',
    remedy: 'Verify the domain in Entra ID (Custom domain names), or sign in with an account in a verified domain.',
    person: 'Your organisation’s directory does not confirm that this email address is yours, so the bridge cannot sign you in to Atlassian with it. Starting again gives the same answer: send your administrator the time and reference below.',
    startAgain: false,
  },
  CLAIMS_EMAIL_VERIFICATION_MISSING: {
    status: 403,
    title: 'Entra ID did not say whether this account’s email domain is verified (no xms_edov claim).',
    remedy:
      'In Entra ID, App registrations → your app → Token configuration → Add optional claim → ID: add email and xms_edov. (A Jira admin can turn this requirement off, at the risk explained beside it.)',
    step: 1,
  },
  CLAIMS_DOMAIN_NOT_ALLOWED: {
    status: 403,
    title: 'The account’s email domain is not one this bridge signs in to Atlassian.',
    remedy: 'Add the domain to the allowed domains if it is verified in Atlassian Guard; otherwise sign in with another account.',
    step: 2,
    person: 'This account’s email domain cannot sign in to Atlassian here. Use your work account, or ask your administrator.',
    startAgain: false,
  },
  CLAIMS_IDENTITY_MISSING: {
    status: 403,
    title: 'Entra ID did not send the account’s tenant and object IDs (tid, oid).',
    remedy: 'Check that the app registration issues v2.0 ID tokens with the openid and profile scopes.',
  },
} as const satisfies Record<string, ErrorDescription>;
