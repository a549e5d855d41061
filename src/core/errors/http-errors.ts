import type { ErrorDescription } from './types';

/** Errors about the HTTP request itself, before any protocol is read. */
export const HTTP_ERRORS = {
  HTTP_METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'This address does not accept requests of this kind.',
    remedy: 'Use the addresses shown on the setup page; each accepts only the methods its protocol uses.',
  },
  HTTP_PARAMETER_DUPLICATED: {
    status: 400,
    title: 'The request names the same parameter more than once.',
    remedy: 'Start the sign-in again. If it keeps failing, ask the admin to check what sends requests to this address.',
  },
  HTTP_BODY_TOO_LARGE: {
    status: 413,
    title: 'The request body is larger than this address accepts.',
    remedy: 'Start the sign-in again. If it keeps failing, ask the admin to check what sends requests to this address.',
  },
  HTTP_NOT_FOUND: {
    status: 404,
    title: 'Nothing of the bridge answers at this address.',
    remedy: 'Use the addresses shown on the setup page, exactly as shown.',
  },
  HTTP_FORM_EXPECTED: {
    status: 400,
    title: 'The request body is not an HTML form (application/x-www-form-urlencoded).',
    remedy: 'Start the sign-in again. If it keeps failing, ask the admin to check what sends requests to this address.',
  },
} as const satisfies Record<string, ErrorDescription>;
