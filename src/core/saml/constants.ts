/** SAML 2.0 identifiers used by the bridge (OASIS saml-core-2.0 and saml-bindings-2.0). */
export const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

export const NAMEID_FORMAT = {
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
} as const;

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** The status codes of a Response that carries no assertion (SAML core §3.2.2.2). */
export const STATUS = {
  requester: 'urn:oasis:names:tc:SAML:2.0:status:Requester',
  responder: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
  noPassive: 'urn:oasis:names:tc:SAML:2.0:status:NoPassive',
  noAuthnContext: 'urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext',
} as const;

/** A top-level status and its second-level code, for a Response that says why there is no assertion. */
export interface SamlStatus {
  readonly code: (typeof STATUS)['requester' | 'responder'];
  readonly subCode: (typeof STATUS)['noPassive' | 'noAuthnContext'];
}
export const CONFIRMATION_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
export const ATTRIBUTE_NAME_FORMAT_URI = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';

/** Entra ID signs people in with a password and possibly MFA; it does not tell us which over OIDC without `amr`. */
export const AUTHN_CONTEXT_PASSWORD_PROTECTED = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

/** The claim URIs Atlassian Guard reads from the AttributeStatement. */
export const GUARD_CLAIM = {
  givenName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
  surname: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
  emailAddress: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
} as const;

/** The SAML bindings spec (§3.4.3, §3.5.3): RelayState MUST NOT exceed 80 bytes. */
export const RELAY_STATE_MAX_BYTES = 80;
