import { AUTHN_CONTEXT_PASSWORD_PROTECTED } from '../constants';
import type { RequestedAuthnContext } from './authn-request';

const AC = 'urn:oasis:names:tc:SAML:2.0:ac:classes:';
const UNSPECIFIED = `${AC}unspecified`;
/** Weaker than what the bridge asserts: a password over a protected channel beats each. */
const WEAKER: readonly string[] = [`${AC}InternetProtocol`, `${AC}InternetProtocolPassword`, `${AC}Password`];

/**
 * Whether the bridge can meet a RequestedAuthnContext (SAML core §3.3.2.2.1). Over OpenID
 * Connect, Entra ID proves a password sign-in over TLS (PasswordProtectedTransport, what
 * every Assertion states); it does not prove more (MFA, a smart card) in a way the bridge
 * checks. So: `exact` and `maximum` need PasswordProtectedTransport (or unspecified) in the
 * list, `minimum` one at most as strong, `better` one weaker. Otherwise SAML wants a
 * Response with status NoAuthnContext, not an assertion that claims less than was asked.
 */
export function canMeet(requested: RequestedAuthnContext | undefined): boolean {
  if (requested === undefined) return true;
  const refs = requested.classRefs;
  const ours = refs.includes(AUTHN_CONTEXT_PASSWORD_PROTECTED) || refs.includes(UNSPECIFIED);
  switch (requested.comparison) {
    case 'exact':
    case 'maximum':
      return ours;
    case 'minimum':
      return ours || refs.some((ref) => WEAKER.includes(ref));
    case 'better':
      return refs.some((ref) => WEAKER.includes(ref));
  }
}
