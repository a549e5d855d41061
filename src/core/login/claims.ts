import { fail, ok, type Result } from '../result';
import type { AuthenticatedSubject, SamlAttribute } from '../saml/assertion';
import { GUARD_CLAIM } from '../saml/constants';
import type { EntraSettings, GuardSettings } from '../config/schema';

/** The ID-token claims the bridge reads (Entra ID v2.0, with the optional claims added). */
export interface EntraClaims {
  readonly tid?: unknown;
  readonly oid?: unknown;
  readonly email?: unknown;
  readonly preferred_username?: unknown;
  readonly upn?: unknown;
  readonly xms_edov?: unknown;
  readonly given_name?: unknown;
  readonly family_name?: unknown;
  readonly auth_time?: unknown;
  readonly iat?: unknown;
}

// One @, a non-empty local part without spaces or control characters, and an ASCII domain.
// Look-alike Unicode domains fail here or, punycoded, fail the allowed-domain check.
const EMAIL = /^([^\s@\u0000-\u001f\u007f]{1,64})@([A-Za-z0-9.-]{1,253})$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `xms_edov` ("email domain owner verified"): when Entra sends it, it must say true. */
function domainOwnerVerified(value: unknown): boolean {
  return value === undefined || value === true || value === 'true' || value === 1 || value === '1';
}

function attribute(name: string, value: string | undefined): SamlAttribute[] {
  return value === undefined ? [] : [{ name, values: [value] }];
}

/**
 * The SAML subject for an Entra ID account (the nOAuth lesson: Entra's `email` claim is
 * not proof that the user owns the address). The NameID is the chosen claim, only when it
 * is an email in one of the domains verified in Guard and Entra does not say the domain is
 * unverified. `name` carries the immutable tenant/object ID pair, stable across renames.
 */
export function subjectFromClaims(
  claims: EntraClaims,
  entra: EntraSettings,
  guard: GuardSettings,
): Result<AuthenticatedSubject> {
  const tid = text(claims.tid);
  const oid = text(claims.oid);
  if (tid === undefined || oid === undefined) return fail('CLAIMS_IDENTITY_MISSING');
  if (tid.toLowerCase() !== entra.tenantId) return fail('OIDC_TENANT_MISMATCH');

  const chosen = text(claims[entra.nameIdClaim]);
  if (chosen === undefined) {
    return fail(entra.nameIdClaim === 'email' ? 'CLAIMS_EMAIL_MISSING' : 'CLAIMS_EMAIL_INVALID', `no ${entra.nameIdClaim} claim`);
  }
  const match = EMAIL.exec(chosen);
  if (match === null) return fail('CLAIMS_EMAIL_INVALID', `the ${entra.nameIdClaim} claim is not an email address`);
  const [, localPart, rawDomain] = match as unknown as [string, string, string];
  const domain = rawDomain.toLowerCase();
  if (!guard.allowedDomains.includes(domain)) {
    return fail('CLAIMS_DOMAIN_NOT_ALLOWED', `the domain ${domain} is not in the allowed list`);
  }
  if (entra.nameIdClaim === 'email' && entra.requireXmsEdov && claims.xms_edov === undefined) return fail('CLAIMS_EMAIL_VERIFICATION_MISSING');
  if (!domainOwnerVerified(claims.xms_edov)) return fail('CLAIMS_EMAIL_UNVERIFIED');

  const email = `${localPart}@${domain}`;
  // AuthnInstant is when the person authenticated: auth_time; without it, when the token was issued.
  const instant = typeof claims.auth_time === 'number' ? claims.auth_time : typeof claims.iat === 'number' ? claims.iat : undefined;
  const authTime = instant === undefined ? undefined : new Date(instant * 1000);
  return ok({
    nameId: email,
    attributes: [
      ...attribute(GUARD_CLAIM.givenName, text(claims.given_name)),
      ...attribute(GUARD_CLAIM.surname, text(claims.family_name)),
      { name: GUARD_CLAIM.emailAddress, values: [email] },
      { name: GUARD_CLAIM.name, values: [`${tid.toLowerCase()}/${oid.toLowerCase()}`] },
    ],
    ...(authTime !== undefined && { authnInstant: authTime }),
  });
}
