import { fail, ok, type Result } from '../kernel/result';
import type { AuthenticatedSubject, SamlAttribute } from '../saml/assertion';
import { GUARD_CLAIM } from '../saml/constants';
import type { EntraSettings, GuardSettings } from '../config/schema';

/** The ID-token claims the bridge reads (Entra ID v2.0, with the optional claims added). */
export interface IdTokenClaims {
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
  readonly iss?: unknown;
  readonly sub?: unknown;
  readonly email_verified?: unknown;
  /** Google Workspace: the hosted domain the account belongs to. */
  readonly hd?: unknown;
}

// One @; a local part that is an RFC 5322 dot-atom of ASCII (the addresses an Atlassian
// account can have: no quotes, no spaces, no control or line-separator characters, no
// non-ASCII), at most 64 characters; and an ASCII domain. Look-alike Unicode domains fail
// here or, punycoded, fail the allowed-domain check.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const EMAIL = new RegExp(`^(${ATEXT}+(?:\\.${ATEXT}+)*)@([A-Za-z0-9.-]{1,253})$`);
const LOCAL_PART_MAX = 64;

/**
 * U+0085, U+2028 and U+2029 are line breaks to some XML parsers (xmldom, under node-saml,
 * samlify and xml-crypto, normalises them) and plain text to others (libxml2): a name
 * holding one would be canonicalised two ways, and the signature would hold for only one
 * kind of service provider. In a person's name they mean nothing but a break: each becomes
 * a space, so every canonicaliser reads the same text.
 */
const LINE_SEPARATORS = /[\u0085\u2028\u2029]/g;

function nameText(value: unknown): string | undefined {
  return text(typeof value === 'string' ? value.replace(LINE_SEPARATORS, ' ').replace(/ {2,}/g, ' ') : value);
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `xms_edov` ("email domain owner verified"): when Entra sends it, it must say true. */
function domainOwnerVerified(value: unknown): boolean {
  return value === undefined || value === true || value === 'true' || value === 1 || value === '1';
}

function attribute(name: string, value: string | undefined): SamlAttribute[] {
  return value === undefined ? [] : [{ name, values: [value] }];
}

/** An email claim, read as the NameID may be: an ASCII dot-atom, an allowed domain (lower-cased). */
export function allowedEmail(value: string | undefined, claimName: string, missing: 'CLAIMS_EMAIL_MISSING' | 'CLAIMS_EMAIL_INVALID', allowedDomains: readonly string[]): Result<{ email: string; domain: string }> {
  if (value === undefined) return fail(missing, `no ${claimName} claim`);
  const match = EMAIL.exec(value);
  if (match === null) return fail('CLAIMS_EMAIL_INVALID', `the ${claimName} claim is not an email address`);
  const [, localPart, rawDomain] = match as unknown as [string, string, string];
  if (localPart.length > LOCAL_PART_MAX) return fail('CLAIMS_EMAIL_INVALID', 'the local part of the email is longer than 64 characters');
  const domain = rawDomain.toLowerCase();
  if (!allowedDomains.includes(domain)) return fail('CLAIMS_DOMAIN_NOT_ALLOWED', `the domain ${domain} is not in the allowed list`);
  return ok({ email: `${localPart}@${domain}`, domain });
}

/** The subject Guard gets: the email as NameID, the names, and an immutable `name`. */
export function subjectOf(email: string, claims: IdTokenClaims, immutableId: string): AuthenticatedSubject {
  // AuthnInstant is when the person authenticated: auth_time; without it, when the token was issued.
  const instant = typeof claims.auth_time === 'number' ? claims.auth_time : typeof claims.iat === 'number' ? claims.iat : undefined;
  const authTime = instant === undefined ? undefined : new Date(instant * 1000);
  return {
    nameId: email,
    attributes: [
      ...attribute(GUARD_CLAIM.givenName, nameText(claims.given_name)),
      ...attribute(GUARD_CLAIM.surname, nameText(claims.family_name)),
      { name: GUARD_CLAIM.emailAddress, values: [email] },
      { name: GUARD_CLAIM.name, values: [immutableId] },
    ],
    ...(authTime !== undefined && { authnInstant: authTime }),
  };
}

/**
 * A rule that let the directory vouch for the account, as the subject's derivation applied
 * it: what a test sign-in reports, so it names the rules that held and no other.
 */
export type VouchRule =
  | { readonly rule: 'tenant'; readonly tenantId: string }
  | { readonly rule: 'email-domain'; readonly claim: string; readonly domain: string }
  | { readonly rule: 'domain-owner-verified' }
  | { readonly rule: 'domain-owner-unstated'; readonly claim: string }
  | { readonly rule: 'email-verified' }
  | { readonly rule: 'workspace-domain'; readonly domain: string };

/** Who a directory vouches for, and the rules by which it could. */
export interface Vouched {
  readonly subject: AuthenticatedSubject;
  readonly rules: readonly VouchRule[];
}

/**
 * The SAML subject for an Entra ID account (the nOAuth lesson: Entra's `email` claim is
 * not proof that the user owns the address). The NameID is the chosen claim, only when it
 * is an email in one of the domains verified in Guard and Entra does not say the domain is
 * unverified. `name` carries the immutable tenant/object ID pair, stable across renames.
 */
export function vouchForEntraAccount(
  claims: IdTokenClaims,
  entra: EntraSettings,
  guard: { readonly allowedDomains: readonly string[] },
): Result<Vouched> {
  const tid = text(claims.tid);
  const oid = text(claims.oid);
  if (tid === undefined || oid === undefined) return fail('CLAIMS_IDENTITY_MISSING');
  if (tid.toLowerCase() !== entra.tenantId) return fail('OIDC_TENANT_MISMATCH');

  const email = allowedEmail(text(claims[entra.nameIdClaim]), entra.nameIdClaim, entra.nameIdClaim === 'email' ? 'CLAIMS_EMAIL_MISSING' : 'CLAIMS_EMAIL_INVALID', guard.allowedDomains);
  if (!email.ok) return email;
  if (entra.nameIdClaim === 'email' && entra.requireXmsEdov && claims.xms_edov === undefined) return fail('CLAIMS_EMAIL_VERIFICATION_MISSING');
  if (!domainOwnerVerified(claims.xms_edov)) return fail('CLAIMS_EMAIL_UNVERIFIED');
  const owner: VouchRule = claims.xms_edov === undefined ? { rule: 'domain-owner-unstated', claim: entra.nameIdClaim } : { rule: 'domain-owner-verified' };
  return ok({
    subject: subjectOf(email.value.email, claims, `${tid.toLowerCase()}/${oid.toLowerCase()}`),
    rules: [{ rule: 'tenant', tenantId: tid.toLowerCase() }, { rule: 'email-domain', claim: entra.nameIdClaim, domain: email.value.domain }, owner],
  });
}

/** The subject alone (see vouchForEntraAccount). */
export function subjectFromClaims(claims: IdTokenClaims, entra: EntraSettings, guard: { readonly allowedDomains: readonly string[] }): Result<AuthenticatedSubject> {
  const vouched = vouchForEntraAccount(claims, entra, guard);
  return vouched.ok ? ok(vouched.value.subject) : vouched;
}
