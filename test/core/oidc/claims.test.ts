import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bridgeConfigSchema } from '../../../src/core/config/schema';
import { subjectFromClaims, type IdTokenClaims } from '../../../src/core/oidc/claims';
import { GUARD_CLAIM } from '../../../src/core/saml/constants';
import type { ErrorCode } from '../../../src/core/errors/catalogue';
import { CLIENT_ID, GUARD_SP, TENANT_ID } from '../../../testkit/constants';

const FIXTURE = JSON.parse(readFileSync(new URL('../../fixtures/shared/entra-id-token-claims.json', import.meta.url), 'utf8')) as IdTokenClaims & Record<string, unknown>;

const config = bridgeConfigSchema.parse({
  entra: { tenantId: TENANT_ID, clientId: CLIENT_ID },
  guard: {
    spEntityId: GUARD_SP.entityId,
    acsUrl: GUARD_SP.acsUrl,
    allowedDomains: ['contoso.com', 'Contoso.co.uk'],
  },
});

function map(claims: IdTokenClaims, nameIdClaim: 'email' | 'preferred_username' | 'upn' = 'email') {
  return subjectFromClaims(claims, { ...config.entra, nameIdClaim }, config.guard);
}

function codeOf(result: ReturnType<typeof map>): ErrorCode | 'ok' {
  return result.ok ? 'ok' : result.error.code;
}

describe('claims → SAML subject', () => {
  it('maps the shared Entra ID fixture to NameID and Guard’s attributes', () => {
    const result = map(FIXTURE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.nameId).toBe('alice.anders@contoso.com');
    expect(result.value.attributes).toEqual([
      { name: GUARD_CLAIM.givenName, values: ['Alice'] },
      { name: GUARD_CLAIM.surname, values: ['Anders'] },
      { name: GUARD_CLAIM.emailAddress, values: ['alice.anders@contoso.com'] },
      { name: GUARD_CLAIM.name, values: [`${TENANT_ID}/00000000-0000-0000-66f3-3332eca7ea81`] },
    ]);
  });

  it('leaves out names Entra ID did not send', () => {
    const { given_name: _g, family_name: _f, ...claims } = FIXTURE;
    const result = map(claims);
    expect(result.ok && result.value.attributes.map((a) => a.name)).toEqual([GUARD_CLAIM.emailAddress, GUARD_CLAIM.name]);
  });

  it('uses preferred_username or upn when the admin chose so, and only when it is an email', () => {
    const claims = { ...FIXTURE, email: undefined, preferred_username: 'alice@contoso.com', upn: 'alice.upn@contoso.com' };
    expect(map(claims, 'preferred_username').ok && (map(claims, 'preferred_username') as { value: { nameId: string } }).value.nameId).toBe('alice@contoso.com');
    expect((map(claims, 'upn') as { value: { nameId: string } }).value.nameId).toBe('alice.upn@contoso.com');
    expect(codeOf(map({ ...claims, preferred_username: 'ALICE' }, 'preferred_username'))).toBe('CLAIMS_EMAIL_INVALID');
    expect(codeOf(map(claims, 'email'))).toBe('CLAIMS_EMAIL_MISSING');
  });

  it('lower-cases the domain of an upper-case email, keeping the local part', () => {
    const result = map({ ...FIXTURE, email: 'Alice.Anders@CONTOSO.COM' });
    expect(result.ok && result.value.nameId).toBe('Alice.Anders@contoso.com');
  });

  it.each([['U+0085', '\u0085'], ['U+2028', '\u2028'], ['U+2029', '\u2029']])('turns %s in a name into a space', (_name, separator) => {
    const result = map({ ...FIXTURE, given_name: `Anna${separator}Maria`, family_name: `${separator}Berg${separator}` });
    expect(result.ok && result.value.attributes.slice(0, 2)).toEqual([
      { name: GUARD_CLAIM.givenName, values: ['Anna Maria'] },
      { name: GUARD_CLAIM.surname, values: ['Berg'] },
    ]);
  });

  it('accepts a + tag in the local part', () => {
    expect(codeOf(map({ ...FIXTURE, email: 'alice+jira@contoso.com' }))).toBe('ok');
  });

  it.each<[string, string]>([
    ['a look-alike Cyrillic domain', 'alice@cоntoso.com'],
    ['a punycoded look-alike domain', 'alice@xn--cntoso-2fg.com'],
    ['a trailing dot', 'alice@contoso.com.'],
    ['a subdomain', 'alice@evil.contoso.com'],
    ['a suffix match', 'alice@notcontoso.com'],
    ['a guest’s home domain', 'guest_fabrikam.com#EXT#@contoso.onmicrosoft.com'],
  ])('refuses %s', (_name, email) => {
    expect(codeOf(map({ ...FIXTURE, email }))).toMatch(/^CLAIMS_(DOMAIN_NOT_ALLOWED|EMAIL_INVALID)$/);
  });

  it.each<[string, string]>([
    ['two @', 'alice@evil.example@contoso.com'],
    ['a space', 'alice anders@contoso.com'],
    ['a control character', 'alice\u0000@contoso.com'],
    ['no local part', '@contoso.com'],
    ['U+0085 (next line) in the local part', 'alice\u0085@contoso.com'],
    ['U+2028 (line separator) in the local part', 'alice\u2028x@contoso.com'],
    ['U+2029 (paragraph separator) in the local part', 'ali\u2029ce@contoso.com'],
    ['a quoted local part', '"alice anders"@contoso.com'],
    ['a non-ASCII local part', 'ålice@contoso.com'],
    ['a leading dot', '.alice@contoso.com'],
    ['two dots in a row', 'alice..anders@contoso.com'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@contoso.com`],
  ])('refuses an email with %s', (_name, email) => {
    expect(codeOf(map({ ...FIXTURE, email }))).toBe('CLAIMS_EMAIL_INVALID');
  });

  it.each<[unknown, ErrorCode | 'ok']>([
    [true, 'ok'],
    ['true', 'ok'],
    [undefined, 'CLAIMS_EMAIL_VERIFICATION_MISSING'],
    [false, 'CLAIMS_EMAIL_UNVERIFIED'],
    ['false', 'CLAIMS_EMAIL_UNVERIFIED'],
    [0, 'CLAIMS_EMAIL_UNVERIFIED'],
    ['yes', 'CLAIMS_EMAIL_UNVERIFIED'],
  ])('xms_edov %j → %s', (xmsEdov, expected) => {
    expect(codeOf(map({ ...FIXTURE, xms_edov: xmsEdov }))).toBe(expected);
  });

  it('lets a token without xms_edov through only when the admin turned the requirement off, or the NameID is not the email', () => {
    const withoutEdov = { ...FIXTURE, xms_edov: undefined };
    expect(codeOf(subjectFromClaims(withoutEdov, { ...config.entra, requireXmsEdov: false }, config.guard))).toBe('ok');
    expect(codeOf(subjectFromClaims({ ...withoutEdov, upn: withoutEdov.email }, { ...config.entra, nameIdClaim: "upn" }, config.guard))).toBe('ok');
    // Turned off, xms_edov: false still refuses.
    expect(codeOf(subjectFromClaims({ ...FIXTURE, xms_edov: false }, { ...config.entra, requireXmsEdov: false }, config.guard))).toBe('CLAIMS_EMAIL_UNVERIFIED');
  });

  it('refuses a token of another tenant, and one without tid or oid', () => {
    expect(codeOf(map({ ...FIXTURE, tid: '11111111-2222-3333-4444-555555555555' }))).toBe('OIDC_TENANT_MISMATCH');
    expect(codeOf(map({ ...FIXTURE, oid: undefined }))).toBe('CLAIMS_IDENTITY_MISSING');
    expect(codeOf(map({ ...FIXTURE, tid: 42 }))).toBe('CLAIMS_IDENTITY_MISSING');
  });

  it('passes hostile name values on untouched (the SAML writer escapes them)', () => {
    const result = map({ ...FIXTURE, given_name: '<b>"Al&ice"</b>' });
    expect(result.ok && result.value.attributes[0]).toEqual({ name: GUARD_CLAIM.givenName, values: ['<b>"Al&ice"</b>'] });
  });

  it('takes auth_time as the AuthnInstant', () => {
    const result = map({ ...FIXTURE, auth_time: 1795869000 });
    expect(result.ok && result.value.authnInstant?.toISOString()).toBe(new Date(1795869000 * 1000).toISOString());
  });
});
