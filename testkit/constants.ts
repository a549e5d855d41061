import type { IdentityProvider, ServiceProvider } from '../src/core/saml/service-provider';
import { endpointsAt } from '../src/core/endpoints/routes';

/**
 * The one set of names the tests and the bench sign in with: a tenant and its app
 * registration at Entra ID, Guard's SAML connection, and the bridge's own addresses.
 */
export const TENANT_ID = '9122040d-6c67-4c5b-b112-36a304b66dad';
export const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
export const CLIENT_SECRET = 'Xy8Q~stand-in-secret-value.1234567890';

/** Guard's SAML connection ID, as in the shared fixture (test/fixtures/shared/guard-authnrequest.xml). */
export const GUARD_CONNECTION_ID = '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
export const GUARD_SP: ServiceProvider = {
  entityId: `https://auth.atlassian.com/saml/${GUARD_CONNECTION_ID}`,
  acsUrl: `https://auth.atlassian.com/login/callback?connection=saml-${GUARD_CONNECTION_ID}`,
};

/** Where the bridge is, in tests that do not run a server: the addresses a local server there would have. */
export const BRIDGE_ORIGIN = 'https://bridge.example.net';
export const BRIDGE_ENDPOINTS = endpointsAt(BRIDGE_ORIGIN);
export const CALLBACK_URL = BRIDGE_ENDPOINTS.callbackUrl;
export const TEST_IDP: IdentityProvider = { entityId: BRIDGE_ENDPOINTS.metadataUrl, ssoUrl: BRIDGE_ENDPOINTS.ssoUrl };
