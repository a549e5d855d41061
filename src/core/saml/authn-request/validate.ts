import { fail, ok, type Result } from '../../kernel/result';
import { BINDING, NAMEID_FORMAT } from '../constants';
import type { IdentityProvider, ServiceProvider } from '../service-provider';
import type { AuthnRequest } from './authn-request';
import { AUTHN_REQUEST_LIMITS as LIMITS } from './limits';

/** An AuthnRequest the bridge has agreed to answer, for the configured service provider. */
export interface ValidatedAuthnRequest {
  readonly request: AuthnRequest;
  readonly serviceProvider: ServiceProvider;
  readonly relayState?: string;
}

const ACCEPTED_NAMEID_FORMATS: readonly string[] = [NAMEID_FORMAT.emailAddress, NAMEID_FORMAT.unspecified];

/**
 * Checks the request against the saved service provider and our own identity: the Issuer
 * is the saved SP Entity ID, an ACS URL in the request is the saved one (the Response
 * only ever goes there), a Destination is our SSO URL, the answer is wanted over
 * HTTP-POST, the NameID format is one we issue, and it was issued within the time window.
 */
export function validateAuthnRequest(
  request: AuthnRequest,
  relayState: string | undefined,
  serviceProvider: ServiceProvider,
  identityProvider: IdentityProvider,
  now: Date,
): Result<ValidatedAuthnRequest> {
  if (request.issuer !== serviceProvider.entityId) return fail('SAML_ISSUER_UNKNOWN');
  if (
    request.assertionConsumerServiceUrl !== undefined &&
    request.assertionConsumerServiceUrl !== serviceProvider.acsUrl
  ) {
    return fail('SAML_ACS_MISMATCH');
  }
  if (request.destination !== undefined && request.destination !== identityProvider.ssoUrl) {
    return fail('SAML_DESTINATION_MISMATCH');
  }
  if (request.protocolBinding !== undefined && request.protocolBinding !== BINDING.post) {
    return fail('SAML_BINDING_UNSUPPORTED');
  }
  const format = request.nameIdPolicy?.format;
  if (format !== undefined && !ACCEPTED_NAMEID_FORMATS.includes(format)) {
    return fail('SAML_NAMEID_POLICY_UNSUPPORTED');
  }

  const ageSeconds = (now.getTime() - request.issueInstant.getTime()) / 1000;
  if (ageSeconds > LIMITS.maxAgeSeconds + LIMITS.clockSkewSeconds) {
    return fail('SAML_REQUEST_EXPIRED', `the request is older than ${LIMITS.maxAgeSeconds} seconds`);
  }
  if (ageSeconds < -LIMITS.clockSkewSeconds) {
    return fail('SAML_REQUEST_FROM_FUTURE', `the request is more than ${LIMITS.clockSkewSeconds} seconds ahead`);
  }

  return ok(
    relayState === undefined ? { request, serviceProvider } : { request, serviceProvider, relayState },
  );
}
