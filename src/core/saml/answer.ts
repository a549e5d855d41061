import type { HttpResponse } from '../http/types';
import { ok, type Result } from '../result';
import { makeAssertion, type AuthenticatedSubject } from './assertion';
import { writePostForm } from './post-form';
import { makeResponse } from './response';
import type { IdentityProvider, ServiceProvider } from './service-provider';
import type { SigningKey } from './signing-identity';

/**
 * To whom a sign-in is answered: always the saved service provider and its saved ACS URL.
 * `inResponseTo` is the AuthnRequest's ID, absent for an IdP-initiated sign-in.
 */
export interface SignInAnswerTarget {
  readonly serviceProvider: ServiceProvider;
  readonly inResponseTo?: string;
  readonly relayState?: string;
}

/**
 * The last steps of the IdP pipeline: make the assertion, wrap and sign it in a Response,
 * and write the page that posts it to the ACS.
 */
export function answerSignIn(
  target: SignInAnswerTarget,
  subject: AuthenticatedSubject,
  identityProvider: IdentityProvider,
  key: SigningKey,
  now: Date,
): Result<HttpResponse> {
  const context = {
    issuer: identityProvider.entityId,
    audience: target.serviceProvider.entityId,
    acsUrl: target.serviceProvider.acsUrl,
    now,
    ...(target.inResponseTo !== undefined && { inResponseTo: target.inResponseTo }),
  };
  const assertion = makeAssertion(subject, context);
  if (!assertion.ok) return assertion;
  const response = makeResponse(assertion.value, context, key);
  return ok(
    writePostForm({
      acsUrl: target.serviceProvider.acsUrl,
      responseXml: response.xml,
      ...(target.relayState !== undefined && { relayState: target.relayState }),
    }),
  );
}
