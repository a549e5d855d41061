import { presetFor, type OidcConnection } from '../config/schema';
import { fail, ok, type Result } from '../kernel/result';
import type { AuthenticatedSubject } from '../saml/assertion';
import { allowedEmail, subjectOf, text, type IdTokenClaims, type Vouched, type VouchRule } from './claims';

/**
 * The SAML subject for an account of another OpenID provider. Its `email` is trusted only
 * with the provider's proof that the account owns it, and only in the connection's own
 * domains (so a directory can never vouch for another directory's people):
 * - every provider: `email_verified: true`;
 * - Google Workspace: also `hd` (the Workspace domain of the account) equal to the email's
 *   domain: a consumer Google account can have a verified address in any domain.
 * `name` is the provider's `iss` and `sub`, stable across renames.
 */
export function vouchForOidcAccount(claims: IdTokenClaims, connection: OidcConnection): Result<Vouched> {
  const subject = text(claims.sub);
  const issuer = text(claims.iss);
  if (subject === undefined || issuer === undefined) return fail('CLAIMS_IDENTITY_MISSING', 'no iss or sub claim');
  const email = allowedEmail(text(claims.email), 'email', 'CLAIMS_EMAIL_MISSING', connection.allowedDomains);
  if (!email.ok) return email;
  if (claims.email_verified !== true && claims.email_verified !== 'true') return fail('CLAIMS_EMAIL_UNVERIFIED', 'email_verified is not true');
  const rules: VouchRule[] = [{ rule: 'email-domain', claim: 'email', domain: email.value.domain }, { rule: 'email-verified' }];
  // The preset as the issuer makes it, whatever reached us (the schema sets it as well).
  if (presetFor(connection.issuer, connection.preset) === 'google') {
    if (text(claims.hd)?.toLowerCase() !== email.value.domain) return fail('CLAIMS_EMAIL_UNVERIFIED', 'the account’s Workspace domain (hd) is not the email’s domain');
    rules.push({ rule: 'workspace-domain', domain: email.value.domain });
  }
  return ok({ subject: subjectOf(email.value.email, claims, `${issuer}#${subject}`), rules });
}

/** The subject alone (see vouchForOidcAccount). */
export function subjectFromOidcClaims(claims: IdTokenClaims, connection: OidcConnection): Result<AuthenticatedSubject> {
  const vouched = vouchForOidcAccount(claims, connection);
  return vouched.ok ? ok(vouched.value.subject) : vouched;
}
