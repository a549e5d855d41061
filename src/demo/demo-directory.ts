import type { StandInUser } from './entra-stand-in';

/** The demo tenant and app registration the Entra ID stand-in serves and the bridge is set up with. */
export const DEMO_TENANT_ID = 'd3e0d3e0-0000-4000-8000-00000000d3e0';
export const DEMO_CLIENT_ID = 'c11e0000-0000-4000-8000-00000000c11e';
export const DEMO_CLIENT_SECRET = 'demo~client.secret-value-not-for-production';
export const DEMO_DOMAIN = 'contoso.com';

/** People to sign in as, each showing one behaviour of the bridge. */
export const DEMO_USERS: readonly StandInUser[] = [
  { oid: '0a1b2c3d-0000-4000-8000-0000000a11ce', email: 'alice.anders@contoso.com', givenName: 'Alice', familyName: 'Anders', preferredUsername: 'alice.anders@contoso.com', emailDomainVerified: true },
  { oid: '0a1b2c3d-0000-4000-8000-000000000b0b', email: 'bob.berg@contoso.com', givenName: 'Bob', familyName: 'Berg', preferredUsername: 'bob.berg@contoso.com', emailDomainVerified: true },
  // Refused by default: Entra ID sends no xms_edov for him (the optional claim is missing).
  { oid: '0a1b2c3d-0000-4000-8000-00000000da7e', email: 'dave@contoso.com', givenName: 'Dave', familyName: 'Noclaim' },
  // Refused: fabrikam.com is not a domain verified in Guard.
  { oid: '0a1b2c3d-0000-4000-8000-0000000ba11e', email: 'mallory@fabrikam.com', givenName: 'Mallory', familyName: 'Mock', emailDomainVerified: true },
  // Refused: Entra ID says the email domain is not verified (the nOAuth case).
  { oid: '0a1b2c3d-0000-4000-8000-000000000e0e', email: 'eve@contoso.com', givenName: 'Eve', familyName: 'Unverified', emailDomainVerified: false },
];

/**
 * A second directory behind the same Guard IdP: a generic OpenID provider (standard claims,
 * `email_verified`) for fabrikam.org, so the demo shows routing by domain and the
 * discovery page.
 */
export const DEMO_OIDC = {
  connectionId: 'fabrikam',
  /** Stands where an issuer's path would be; the stand-in serves {origin}/demo/oidc/{this}/v2.0. */
  realm: 'f4b71c00-0000-4000-8000-0000000f4b71',
  clientId: 'fabrikam-sso-bridge',
  clientSecret: 'demo-generic-provider-secret-not-for-production',
  domain: 'fabrikam.org',
} as const;

export const DEMO_OIDC_USERS: readonly StandInUser[] = [
  { oid: 'f4b71c00-0000-4000-8000-00000000f4a2', email: 'frank@fabrikam.org', givenName: 'Frank', familyName: 'Fabrikam', emailVerified: true },
  // Refused: the provider has not verified her address (email_verified: false).
  { oid: 'f4b71c00-0000-4000-8000-0000000000ee', email: 'una@fabrikam.org', givenName: 'Una', familyName: 'Unverified', emailVerified: false },
];
