import { describe, expect, it } from 'vitest';
import { landingTarget } from '../../../src/core/signin/idp-initiated-target';

const isAllowedLandingTarget = (target: string) => landingTarget(target) !== undefined;

describe('IdP-initiated landing targets', () => {
  it.each(['https://contoso.atlassian.net', 'https://contoso.atlassian.net/jira/your-work', 'https://start.atlassian.com/', 'https://CONTOSO.atlassian.net/'])(
    'allows %s',
    (target) => expect(isAllowedLandingTarget(target)).toBe(true),
  );

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://contoso.atlassian.net/',
    'https://contoso.atlassian.net.evil.example/',
    'https://atlassian.net.evil.example/',
    'https://evilatlassian.net/',
    'https://atlassian.net/',
    'https://a.b.atlassian.net/',
    'https://user:pass@contoso.atlassian.net/',
    'https://contoso.atlassian.net:8443/',
    'https://start.atlassian.com.evil.example/',
    '//contoso.atlassian.net/',
    'contoso.atlassian.net',
    `https://contoso.atlassian.net/${'x'.repeat(80)}`,
    // Parsed one way by browsers (WHATWG), another by urlsplit and its kin: refused.
    'https://x.atlassian.net\\@evil.com/',
    'https:x.atlassian.net',
    'https:/x.atlassian.net/',
    'https://x\uff0eatlassian\uff0enet/',
    'https://x.atlas\tsian.net/',
    'https://x.atlassian.net\n/',
    'https://x.atlassian.net /',
    'https://contoso.atlassian.net%2F@evil.example/',
  ])('refuses %s', (target) => expect(isAllowedLandingTarget(target)).toBe(false));

  it('forwards the normalised URL, the one it checked', () => {
    expect(landingTarget('https://CONTOSO.atlassian.net')).toBe('https://contoso.atlassian.net/');
    expect(landingTarget('https://contoso.atlassian.net/jira/../wiki')).toBe('https://contoso.atlassian.net/wiki');
  });
});
