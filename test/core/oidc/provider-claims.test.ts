import { describe, expect, it } from 'vitest';
import { oidcConnectionSchema } from '../../../src/core/config/schema';
import type { IdTokenClaims } from '../../../src/core/oidc/claims';
import { subjectFromOidcClaims } from '../../../src/core/oidc/provider-claims';

const connection = (preset: string) =>
  oidcConnectionSchema.parse({ id: 'partner', kind: 'oidc', preset, issuer: 'https://accounts.example.com', clientId: 'bridge', allowedDomains: ['fabrikam.org'] });

const CLAIMS: IdTokenClaims = { iss: 'https://accounts.example.com', sub: '1234567890', email: 'frank@fabrikam.org', email_verified: true, given_name: 'Frank', iat: 1_764_000_000 };
const codeOf = (result: ReturnType<typeof subjectFromOidcClaims>) => (result.ok ? 'ok' : result.error.code);

describe('claims of another OpenID provider → SAML subject', () => {
  it('takes a verified email in the connection’s domains, with iss#sub as the immutable name', () => {
    const result = subjectFromOidcClaims(CLAIMS, connection('okta'));
    expect(result.ok && result.value.nameId).toBe('frank@fabrikam.org');
    expect(result.ok && result.value.attributes.at(-1)?.values).toEqual(['https://accounts.example.com#1234567890']);
  });

  it.each([
    ['email_verified absent', { ...CLAIMS, email_verified: undefined }, 'CLAIMS_EMAIL_UNVERIFIED'],
    ['email_verified false', { ...CLAIMS, email_verified: false }, 'CLAIMS_EMAIL_UNVERIFIED'],
    ['a domain of another connection', { ...CLAIMS, email: 'ceo@contoso.com' }, 'CLAIMS_DOMAIN_NOT_ALLOWED'],
    ['no email', { ...CLAIMS, email: undefined }, 'CLAIMS_EMAIL_MISSING'],
    ['no sub', { ...CLAIMS, sub: undefined }, 'CLAIMS_IDENTITY_MISSING'],
  ])('refuses %s', (_name, claims, code) => {
    expect(codeOf(subjectFromOidcClaims(claims, connection('generic')))).toBe(code);
  });

  it('Google Workspace: also needs hd, the account’s Workspace domain, to be the email’s domain', () => {
    expect(codeOf(subjectFromOidcClaims({ ...CLAIMS, hd: 'fabrikam.org' }, connection('google')))).toBe('ok');
    // A consumer Google account with a verified address in the domain: no hd.
    expect(codeOf(subjectFromOidcClaims(CLAIMS, connection('google')))).toBe('CLAIMS_EMAIL_UNVERIFIED');
    expect(codeOf(subjectFromOidcClaims({ ...CLAIMS, hd: 'other.org' }, connection('google')))).toBe('CLAIMS_EMAIL_UNVERIFIED');
  });
});

describe('a connection to Google’s issuer', () => {
  const google = { id: 'workspace', kind: 'oidc', issuer: 'https://accounts.google.com', clientId: 'x.apps.googleusercontent.com', allowedDomains: ['fabrikam.org'] };
  const claims = { ...CLAIMS, iss: 'https://accounts.google.com' };

  it('is Google’s whatever preset was chosen: saved as google, and its hd rule applied', () => {
    for (const preset of ['generic', 'okta', 'keycloak', undefined]) {
      const parsed = oidcConnectionSchema.parse({ ...google, ...(preset !== undefined && { preset }) });
      expect(parsed.preset).toBe('google');
      expect(codeOf(subjectFromOidcClaims(claims, parsed))).toBe('CLAIMS_EMAIL_UNVERIFIED');
    }
  });

  it('applies the hd rule even to a connection that reached the check as generic', () => {
    const asSavedBefore = { ...oidcConnectionSchema.parse(google), preset: 'generic' as const };
    expect(codeOf(subjectFromOidcClaims(claims, asSavedBefore))).toBe('CLAIMS_EMAIL_UNVERIFIED');
    expect(codeOf(subjectFromOidcClaims({ ...claims, hd: 'fabrikam.org' }, asSavedBefore))).toBe('ok');
  });
});
