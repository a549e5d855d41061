import type { ErrorDescription } from './types';

/** Errors Entra ID itself reports, by AADSTS code or OAuth error (see login/entra-error-mapping.ts). */
export const ENTRA_ERRORS = {
  ENTRA_REDIRECT_URI_MISMATCH: {
    status: 500,
    title: 'Entra ID does not know this bridge’s callback URL (AADSTS50011).',
    remedy:
      'In Entra ID, App registrations → your app → Authentication → Add a platform → Web, add the Redirect URI shown below, exactly.',
    step: 1,
  },
  ENTRA_CLIENT_SECRET_INVALID: {
    status: 500,
    title: 'Entra ID refused the client secret (AADSTS7000215).',
    remedy: 'Paste the secret’s Value (shown once when it is created), not its Secret ID.',
    step: 1,
  },
  ENTRA_CLIENT_SECRET_EXPIRED: {
    status: 500,
    title: 'The client secret has expired (AADSTS7000222).',
    remedy: 'In Entra ID, Certificates & secrets → New client secret, then save its Value; or switch to the certificate.',
    step: 1,
  },
  ENTRA_CLIENT_CERTIFICATE_INVALID: {
    status: 500,
    title: 'Entra ID refused the bridge’s client certificate (AADSTS700027).',
    remedy: 'In Entra ID, App registrations → your app → Certificates & secrets → Certificates → Upload certificate: upload the certificate the setup page offers (check its thumbprint).',
    step: 1,
  },
  ENTRA_CLIENT_CERTIFICATE_EXPIRED: {
    status: 500,
    title: 'Entra ID says the bridge’s client certificate is not within its validity period (AADSTS7000274).',
    remedy: 'Prepare the next client certificate, upload it in Entra ID (App registrations → your app → Certificates & secrets → Certificates → Upload certificate), then activate it. Check the clock of the machine running the bridge too.',
    step: 1,
  },
  ENTRA_CLIENT_CERTIFICATE_REVOKED: {
    status: 500,
    title: 'Entra ID says the bridge’s client certificate has been revoked (AADSTS7000214).',
    remedy: 'Create a new client certificate and upload it in Entra ID (Certificates & secrets → Certificates → Upload certificate).',
    step: 1,
  },
  ENTRA_CLIENT_ASSERTION_REFUSED: {
    status: 500,
    title: 'Entra ID refused the bridge’s signed client assertion.',
    remedy: 'Run Test connection. If it passes, start the sign-in again (each assertion is good for one request). If it fails, upload the certificate offered here to the app registration and check that its thumbprint matches.',
    step: 1,
  },
  ENTRA_CLIENT_ASSERTION_EXPIRED: {
    status: 500,
    title: 'Entra ID says the bridge’s signed client assertion is outside its valid time (AADSTS700024).',
    remedy: 'Check the clock of the machine running the bridge; the assertion is valid for one minute from when it is made.',
    step: 1,
  },
  ENTRA_TENANT_NOT_FOUND: {
    status: 500,
    title: 'Entra ID has no tenant with this Directory (tenant) ID (AADSTS90002).',
    remedy: 'Copy the Directory (tenant) ID from the app registration’s Overview page in the Microsoft Entra admin center, and check the Entra ID cloud.',
    step: 1,
  },
  ENTRA_APP_NOT_FOUND: {
    status: 500,
    title: 'The application is not registered in this tenant (AADSTS700016).',
    remedy: 'Check the Application (client) ID and the Directory (tenant) ID against the app registration’s Overview page.',
    step: 1,
  },
  ENTRA_USER_NOT_IN_TENANT: {
    status: 403,
    title: 'This account does not belong to your organisation’s Entra ID tenant (AADSTS50020).',
    remedy: 'Sign in with your work account, or ask an admin to add you to the tenant.',
    person: 'Sign in with your work account, the one your organisation gave you, not a personal or guest account.',
  },
  ENTRA_USER_NOT_ASSIGNED: {
    status: 403,
    title: 'This account is not assigned to the sign-in application (AADSTS50105).',
    remedy: 'Ask an Entra ID admin to assign you (or your group) to the app in Enterprise applications → Users and groups.',
    person: 'Your account is not allowed to use this sign-in yet. Ask your administrator to give you access.',
  },
  ENTRA_ACCESS_DENIED: {
    status: 403,
    title: 'The sign-in was cancelled or consent was declined at Entra ID.',
    remedy: 'Start the sign-in again and accept the permissions asked for, or ask an admin to grant consent for the organisation.',
    person: 'The sign-in was cancelled, or the permissions it asks for were declined. Start again and accept them; if your organisation must approve them first, ask your administrator.',
  },
  ENTRA_CODE_REJECTED: {
    status: 400,
    title: 'Entra ID refused the authorization code (used twice, expired, or PKCE mismatch).',
    remedy: 'Start the sign-in again from Atlassian.',
    person: 'This sign-in was already used or is out of date. Start the sign-in again from Atlassian.',
  },
  ENTRA_ERROR: {
    status: 502,
    title: 'Entra ID reported an error.',
    remedy: 'Start the sign-in again. If it persists, look the AADSTS code up in Microsoft’s error reference.',
  },
} as const satisfies Record<string, ErrorDescription>;
