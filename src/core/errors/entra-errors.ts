import type { ErrorDescription } from './types';

/** Errors Entra ID itself reports, by AADSTS code or OAuth error (see login/entra-error-mapping.ts). */
export const ENTRA_ERRORS = {
  ENTRA_REDIRECT_URI_MISMATCH: {
    status: 500,
    title: 'Entra ID does not know this bridge’s callback URL (AADSTS50011).',
    remedy:
      'In Entra ID, App registrations → your app → Authentication → Add a platform → Web, add the Redirect URI shown below, exactly.',
  },
  ENTRA_CLIENT_SECRET_INVALID: {
    status: 500,
    title: 'Entra ID refused the client secret (AADSTS7000215).',
    remedy:
      'In the setup wizard, step 1, paste the secret’s Value (shown once when it is created), not its Secret ID.',
  },
  ENTRA_CLIENT_SECRET_EXPIRED: {
    status: 500,
    title: 'The client secret has expired (AADSTS7000222).',
    remedy: 'In Entra ID, Certificates & secrets → New client secret, then paste its Value in the setup wizard, step 1.',
  },
  ENTRA_CLIENT_CERTIFICATE_INVALID: {
    status: 500,
    title: 'Entra ID refused the bridge’s client certificate (AADSTS700027).',
    remedy: 'In Entra ID, App registrations → your app → Certificates & secrets → Certificates → Upload certificate: upload the certificate the setup page offers (check its thumbprint).',
  },
  ENTRA_CLIENT_CERTIFICATE_EXPIRED: {
    status: 500,
    title: 'Entra ID says the bridge’s client certificate is not within its validity period (AADSTS7000274).',
    remedy:
      'In the setup page’s credential section, prepare the next client certificate, upload it in Entra ID (App registrations → your app → Certificates & secrets → Certificates → Upload certificate), then activate it. Check the clock of the machine running the bridge too.',
  },
  ENTRA_CLIENT_CERTIFICATE_REVOKED: {
    status: 500,
    title: 'Entra ID says the bridge’s client certificate has been revoked (AADSTS7000214).',
    remedy: 'Create a new client certificate on the setup page and upload it in Entra ID (Certificates & secrets → Certificates → Upload certificate).',
  },
  ENTRA_CLIENT_ASSERTION_REFUSED: {
    status: 500,
    title: 'Entra ID refused the bridge’s signed client assertion.',
    remedy:
      'Run Test connection on the setup page. If it passes, start the sign-in again (each assertion is good for one request). If it fails, upload the certificate the setup page offers to the app registration and check that its thumbprint matches.',
  },
  ENTRA_CLIENT_ASSERTION_EXPIRED: {
    status: 500,
    title: 'Entra ID says the bridge’s signed client assertion is outside its valid time (AADSTS700024).',
    remedy: 'Check the clock of the machine running the bridge; the assertion is valid for one minute from when it is made.',
  },
  ENTRA_TENANT_NOT_FOUND: {
    status: 500,
    title: 'Entra ID has no tenant with this Directory (tenant) ID (AADSTS90002).',
    remedy: 'Copy the Directory (tenant) ID from the app registration’s Overview page in the Microsoft Entra admin center, and check the Entra ID cloud.',
  },
  ENTRA_APP_NOT_FOUND: {
    status: 500,
    title: 'The application is not registered in this tenant (AADSTS700016).',
    remedy: 'In the setup wizard, step 1, check the Client ID and the Tenant ID against the app registration’s Overview page.',
  },
  ENTRA_USER_NOT_IN_TENANT: {
    status: 403,
    title: 'This account does not belong to your organisation’s Entra ID tenant (AADSTS50020).',
    remedy: 'Sign in with your work account, or ask an admin to add you to the tenant.',
  },
  ENTRA_USER_NOT_ASSIGNED: {
    status: 403,
    title: 'This account is not assigned to the sign-in application (AADSTS50105).',
    remedy: 'Ask an Entra ID admin to assign you (or your group) to the app in Enterprise applications → Users and groups.',
  },
  ENTRA_ACCESS_DENIED: {
    status: 403,
    title: 'The sign-in was cancelled or consent was declined at Entra ID.',
    remedy: 'Start the sign-in again and accept the permissions asked for, or ask an admin to grant consent for the organisation.',
  },
  ENTRA_CODE_REJECTED: {
    status: 400,
    title: 'Entra ID refused the authorization code (used twice, expired, or PKCE mismatch).',
    remedy: 'Start the sign-in again from Atlassian.',
  },
  ENTRA_ERROR: {
    status: 502,
    title: 'Entra ID reported an error.',
    remedy: 'Start the sign-in again. If it persists, look the AADSTS code up in Microsoft’s error reference.',
  },
} as const satisfies Record<string, ErrorDescription>;
