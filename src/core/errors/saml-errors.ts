import type { ErrorDescription } from './types';

const FROM_GUARD = 'Start the sign-in again from Atlassian. If it keeps failing, ';

/** Errors of the SAML side: Guard's AuthnRequest and the Response we mint for it. */
export const SAML_ERRORS = {
  SAML_REQUEST_MISSING: {
    status: 400,
    title: 'The sign-in request from Atlassian is missing.',
    remedy: `${FROM_GUARD}check that Atlassian Guard uses the IdP SSO URL shown on the setup page.`,
  },
  SAML_REQUEST_TOO_LARGE: {
    status: 413,
    title: 'The sign-in request is larger than any request from Atlassian would be.',
    remedy: `${FROM_GUARD}ask the admin to check what sends requests to this address.`,
  },
  SAML_REQUEST_BASE64: {
    status: 400,
    title: 'The sign-in request is not correctly encoded (base64).',
    remedy: `${FROM_GUARD}ask the admin to check what sends requests to this address.`,
  },
  SAML_REQUEST_INFLATE_FAILED: {
    status: 400,
    title: 'The sign-in request could not be decompressed.',
    remedy: `${FROM_GUARD}check that the request uses the HTTP-Redirect binding with DEFLATE encoding.`,
  },
  SAML_REQUEST_INFLATED_TOO_LARGE: {
    status: 413,
    title: 'The sign-in request decompresses to more than any request from Atlassian would.',
    remedy: `${FROM_GUARD}ask the admin to check what sends requests to this address.`,
  },
  SAML_REQUEST_NOT_XML: {
    status: 400,
    title: 'The sign-in request is not well-formed XML.',
    remedy: `${FROM_GUARD}ask the admin to check what sends requests to this address.`,
  },
  SAML_REQUEST_DTD_FORBIDDEN: {
    status: 400,
    title: 'The sign-in request contains a document type or entity declaration, which is never accepted.',
    remedy: 'Atlassian never sends such requests; ask the admin to check what sends requests to this address.',
  },
  SAML_REQUEST_MULTIPLE_ROOTS: {
    status: 400,
    title: 'The sign-in request holds more than one XML document element.',
    remedy: `${FROM_GUARD}ask the admin to check what sends requests to this address.`,
  },
  SAML_REQUEST_WRONG_ROOT: {
    status: 400,
    title: 'The message is not a SAML 2.0 AuthnRequest.',
    remedy: 'Point Atlassian Guard at the IdP SSO URL shown on the setup page; other SAML messages are not served here.',
  },
  SAML_REQUEST_VERSION: {
    status: 400,
    title: 'The sign-in request is not SAML version 2.0.',
    remedy: 'Only SAML 2.0 is supported; Atlassian Guard uses it.',
  },
  SAML_REQUEST_ID_INVALID: {
    status: 400,
    title: 'The sign-in request has no usable ID.',
    remedy: `${FROM_GUARD}ask the admin to check what sends requests to this address.`,
  },
  SAML_REQUEST_INSTANT_INVALID: {
    status: 400,
    title: 'The sign-in request has no valid IssueInstant (time of issue).',
    remedy: `${FROM_GUARD}ask the admin to check what sends requests to this address.`,
  },
  SAML_REQUEST_EXPIRED: {
    status: 400,
    title: 'The sign-in request is too old.',
    remedy: 'Start the sign-in again from Atlassian. If it keeps failing, check that this computer’s clock is right.',
  },
  SAML_REQUEST_FROM_FUTURE: {
    status: 400,
    title: 'The sign-in request was issued in the future, beyond the allowed clock difference.',
    remedy: 'Check the clocks: the request’s IssueInstant is ahead of the bridge’s time.',
  },
  SAML_ISSUER_UNKNOWN: {
    status: 403,
    title: 'The sign-in request comes from a service provider this bridge is not set up for.',
    remedy: 'Check that the SP Entity ID matches the one Atlassian Guard shows.',
    step: 2,
  },
  SAML_ACS_MISMATCH: {
    status: 403,
    title: 'The sign-in request asks for the answer to go to an address other than the saved ACS URL.',
    remedy: 'Check that the ACS URL matches the one Atlassian Guard shows. The bridge only ever answers to the saved ACS URL.',
    step: 2,
  },
  SAML_DESTINATION_MISMATCH: {
    status: 403,
    title: 'The sign-in request was addressed to another identity provider.',
    remedy: 'In Atlassian Guard, set the IdP SSO URL to the one shown on the setup page.',
    step: 2,
  },
  SAML_BINDING_UNSUPPORTED: {
    status: 400,
    title: 'The sign-in request asks for the answer over a binding other than HTTP-POST.',
    remedy: 'Only the HTTP-POST binding is supported for the answer; Atlassian Guard uses it.',
  },
  SAML_NAMEID_POLICY_UNSUPPORTED: {
    status: 400,
    title: 'The sign-in request asks for a kind of user identifier (NameID format) the bridge does not issue.',
    remedy: 'The bridge identifies users by email address (emailAddress format), as Atlassian Guard expects.',
  },
  SAML_RELAY_STATE_TOO_LONG: {
    status: 400,
    title: 'The sign-in request carries a RelayState longer than SAML allows (80 bytes).',
    remedy: `${FROM_GUARD}ask the admin to check what sends requests to this address.`,
  },
  SAML_AUTHN_CONTEXT_UNSUPPORTED: {
    status: 400,
    title: 'Atlassian asked for a kind of sign-in the bridge cannot prove (RequestedAuthnContext).',
    remedy: 'Atlassian was told so (NoAuthnContext). The bridge proves a password sign-in over TLS (PasswordProtectedTransport); ask for that, or none.',
  },
  SAML_VALUE_NOT_REPRESENTABLE: {
    status: 400,
    title: 'A value about the user cannot be carried in a SAML assertion (it is empty or holds control characters).',
    remedy: 'Ask the Entra ID admin to check the user’s email and name in the directory.',
  },
  SAML_SIGNING_KEY_INVALID: {
    status: 500,
    title: 'The bridge’s signing key cannot be used.',
    remedy: 'Create a new signing key and give Atlassian Guard its certificate.',
    step: 2,
  },
} as const satisfies Record<string, ErrorDescription>;
