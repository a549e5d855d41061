import type { BridgeConfig } from '../src/core/config/schema';

/**
 * The largest configuration the schema allows: step 1's tenant and 19 further directories,
 * 100 domains each, every value at its longest. What a start must not carry into storage.
 */
export function largestConfig(): BridgeConfig {
  const domains = (prefix: string) => Array.from({ length: 100 }, (_, i) => `${prefix}${i}-${'d'.repeat(40)}.example`);
  return {
    entra: { authority: 'https://login.microsoftonline.com', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', clientId: '6731de76-14a6-49ae-97bc-6eba6914391e', nameIdClaim: 'email', requireXmsEdov: true, domainHint: 'h'.repeat(253) },
    guard: { spEntityId: 'https://auth.atlassian.com/saml/0c3a9f1e-2b4d-4e6f-8a9b-1c2d3e4f5a6b', acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-0c3a9f1e-2b4d-4e6f-8a9b-1c2d3e4f5a6b', allowedDomains: domains('p') },
    connections: Array.from({ length: 19 }, (_, n) => ({ id: `c${n}-${'x'.repeat(28)}`, kind: 'oidc' as const, preset: 'generic' as const, issuer: `https://${'i'.repeat(200)}.example/${'p'.repeat(1800)}`, clientId: 'c'.repeat(256), allowedDomains: domains(`c${n}-`) })),
  };
}
