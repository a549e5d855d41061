import type { HttpResponse } from '../http/types';
import { ok, type Result } from '../kernel/result';
import { makeAssertion, type AuthenticatedSubject } from './assertion';
import { writePostForm } from './post-form';
import type { SamlStatus } from './constants';
import { makeResponse, makeStatusResponse } from './response';
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
function contextOf(target: SignInAnswerTarget, identityProvider: IdentityProvider, now: Date) {
  return {
    issuer: identityProvider.entityId,
    audience: target.serviceProvider.entityId,
    acsUrl: target.serviceProvider.acsUrl,
    now,
    ...(target.inResponseTo !== undefined && { inResponseTo: target.inResponseTo }),
  };
}

function postTo(target: SignInAnswerTarget, responseXml: string): HttpResponse {
  return writePostForm({ acsUrl: target.serviceProvider.acsUrl, responseXml, ...(target.relayState !== undefined && { relayState: target.relayState }) });
}

export function answerSignIn(
  target: SignInAnswerTarget,
  subject: AuthenticatedSubject,
  identityProvider: IdentityProvider,
  key: SigningKey,
  now: Date,
): Result<HttpResponse> {
  const context = contextOf(target, identityProvider, now);
  const assertion = makeAssertion(subject, context);
  if (!assertion.ok) return assertion;
  return ok(postTo(target, makeResponse(assertion.value, context, key).xml));
}

/** The answer without an assertion: a signed status Response, posted to the saved ACS all the same. */
export function answerWithStatus(target: SignInAnswerTarget, status: SamlStatus, identityProvider: IdentityProvider, key: SigningKey, now: Date): HttpResponse {
  return postTo(target, makeStatusResponse(status, contextOf(target, identityProvider, now), key).xml);
}
