import type { ErrorDescription } from './types';

/** Errors of the platform the bridge runs on: which site a request is for, and its rate limits. */
export const PLATFORM_ERRORS = {
  FORGE_INSTALLATION_UNKNOWN: {
    status: 500,
    title: 'The bridge could not tell which Atlassian site this request belongs to.',
    remedy: 'Try again. If it persists, reinstall the app on the site (Apps → Manage apps) and report it to the app’s vendor.',
  },
  SITE_CHECK_TICKET_INVALID: {
    status: 400,
    title: 'This site check link has expired, has been used, or belongs to no check.',
    remedy: 'Start the site check again (Check this site).',
    step: 2,
    person: 'This site check link has expired or has been used. Start the check again from the setup page.',
  },
  STORE_RATE_LIMITED: {
    status: 429,
    title: 'Too many sign-ins are being handled right now.',
    remedy: 'Wait a minute and start the sign-in again. If it happens every morning, the site may outgrow the Forge mode: run the bridge self-hosted.',
  },
  INTERNAL_ERROR: {
    status: 500,
    title: 'Something went wrong inside the bridge: a fault of the bridge itself, not of the setup or of storage.',
    remedy: 'Try again. If it happens again, report it with the reference shown: the bridge’s log has the details under it.',
    person: 'Something went wrong on our side; nothing is wrong with your account. Try again in a moment, and if it keeps happening, send your administrator the reference below.',
  },
  ENTRA_RATE_LIMITED: {
    status: 429,
    title: 'Entra ID is asking the bridge to slow down.',
    remedy: 'Wait a minute and start the sign-in again.',
  },
} as const satisfies Record<string, ErrorDescription>;
