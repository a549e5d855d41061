import { describe, expect, it } from 'vitest';
import { explainGuardErrorPage } from '../../../src/core/setup/guard-error-page';

/** Atlassian's error page, read from its address (the descriptions of Atlassian's KB articles). */
const side = { fingerprints: ['AA:BB'], now: new Date('2026-12-08T10:00:00Z') };
const page = (description: string) => `https://id.atlassian.com/error?error=access_denied&error_description=${encodeURIComponent(description)}`;

describe('explaining Atlassian’s sign-in error page', () => {
  it.each([
    ['Invalid thumbprint', 'certificate', /AA:BB/],
    ['authentication-policy-strategy-mismatch', 'account-not-under-sso', /test sign-in/],
    ['assertion has expired', 'expired', /2026-12-08T10:00:00\.000Z/],
    ['Something new', 'unknown', /sign-in trail/],
  ])('names the cause and the fix of “%s”', (description, kind, fix) => {
    const reading = explainGuardErrorPage(page(description), side);
    expect(reading).toMatchObject({ found: true, explanation: { kind, atlassianSays: description, fix: expect.stringMatching(fix) } });
  });

  it('reads the words whatever their case and a + for a space, and keeps at most 200 characters of them', () => {
    expect(explainGuardErrorPage('https://id.atlassian.com/error?error_description=Assertion+Has+Expired', side)).toMatchObject({ found: true, explanation: { kind: 'expired' } });
    const long = explainGuardErrorPage(page('x'.repeat(5000)), side);
    expect(long.found && long.explanation.atlassianSays.length).toBe(200);
  });

  it('says why when there is nothing to explain', () => {
    expect(explainGuardErrorPage('not an address', side)).toMatchObject({ found: false, why: expect.stringMatching(/not an address/) });
    expect(explainGuardErrorPage('https://id.atlassian.com/login', side)).toMatchObject({ found: false, why: expect.stringMatching(/no error_description/) });
  });
});
