import { describe, expect, it } from 'vitest';
import { isAllowedLandingTarget } from '../../../src/core/login/idp-initiated-target';

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
  ])('refuses %s', (target) => expect(isAllowedLandingTarget(target)).toBe(false));
});
