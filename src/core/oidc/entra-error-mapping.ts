import type { ErrorCode } from '../errors/catalogue';
import type { BridgeError } from '../kernel/result';

const AADSTS_CODES: Readonly<Record<string, ErrorCode>> = {
  '50011': 'ENTRA_REDIRECT_URI_MISMATCH',
  '7000215': 'ENTRA_CLIENT_SECRET_INVALID',
  '7000222': 'ENTRA_CLIENT_SECRET_EXPIRED',
  '700027': 'ENTRA_CLIENT_CERTIFICATE_INVALID',
  '700024': 'ENTRA_CLIENT_ASSERTION_EXPIRED',
  // Microsoft.Identity.Web lists these as the certificate's own errors: outside its validity, revoked.
  '7000274': 'ENTRA_CLIENT_CERTIFICATE_EXPIRED',
  '1000502': 'ENTRA_CLIENT_CERTIFICATE_EXPIRED',
  '7000214': 'ENTRA_CLIENT_CERTIFICATE_REVOKED',
  '7000277': 'ENTRA_CLIENT_CERTIFICATE_REVOKED',
  '700016': 'ENTRA_APP_NOT_FOUND',
  '50020': 'ENTRA_USER_NOT_IN_TENANT',
  '50105': 'ENTRA_USER_NOT_ASSIGNED',
  '65004': 'ENTRA_ACCESS_DENIED',
  '54005': 'ENTRA_CODE_REJECTED',
  '70008': 'ENTRA_CODE_REJECTED',
  '501481': 'ENTRA_CODE_REJECTED',
};

const OAUTH_ERRORS: Readonly<Record<string, ErrorCode>> = {
  access_denied: 'ENTRA_ACCESS_DENIED',
  invalid_grant: 'ENTRA_CODE_REJECTED',
  // Entra ID always adds an AADSTS code; a bare invalid_client means the credentials.
  invalid_client: 'ENTRA_CLIENT_SECRET_INVALID',
};

/**
 * Turns an error Entra ID reported (on the callback, or from the token endpoint) into our
 * code. Only the AADSTS number is kept as detail: the description is Entra's free text,
 * which arrives through the browser and must not be echoed.
 */
export function mapEntraError(error: string, description: string | undefined, callbackUrl: string): BridgeError {
  const aadsts = /\bAADSTS(\d{4,7})\b/.exec(description ?? '')?.[1];
  const code = (aadsts && AADSTS_CODES[aadsts]) || OAUTH_ERRORS[error] || 'ENTRA_ERROR';
  if (code === 'ENTRA_REDIRECT_URI_MISMATCH') return { code, detail: `Redirect URI to register: ${callbackUrl}` };
  if (aadsts) return { code, detail: `AADSTS${aadsts}` };
  return /^[a-z_]{1,64}$/.test(error) ? { code, detail: `error=${error}` } : { code };
}
