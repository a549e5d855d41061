import { ENTRA_ERRORS } from './entra-errors';
import { HTTP_ERRORS } from './http-errors';
import { LOGIN_ERRORS } from './login-errors';
import { PLATFORM_ERRORS } from './platform-errors';
import { SAML_ERRORS } from './saml-errors';
import type { ErrorDescription } from './types';

/** Every stable error code of the bridge, with what a person sees for it. */
export const ERROR_CATALOGUE = {
  ...HTTP_ERRORS,
  ...SAML_ERRORS,
  ...LOGIN_ERRORS,
  ...ENTRA_ERRORS,
  ...PLATFORM_ERRORS,
} as const satisfies Record<string, ErrorDescription>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function describeError(code: ErrorCode): ErrorDescription {
  return ERROR_CATALOGUE[code];
}
