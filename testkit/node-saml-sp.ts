import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { MemoryRequestCache } from '../src/demo/request-cache';
import type { ServiceProvider } from '../src/core/saml/service-provider';

export interface IndependentSpOptions {
  readonly serviceProvider: ServiceProvider;
  readonly idpCertificatePem: string;
  readonly ssoUrl: string;
  readonly idpEntityId?: string;
  readonly validateInResponseTo?: ValidateInResponseTo;
}

/**
 * An independent SAML service provider (node-saml: xml-crypto and xmldom) standing where
 * Atlassian Guard stands: it makes AuthnRequests and checks Responses, requiring both the
 * Response and the Assertion to be signed.
 */
export function independentSp(options: IndependentSpOptions): SAML {
  return new SAML({
    issuer: options.serviceProvider.entityId,
    audience: options.serviceProvider.entityId,
    callbackUrl: options.serviceProvider.acsUrl,
    entryPoint: options.ssoUrl,
    idpCert: options.idpCertificatePem,
    ...(options.idpEntityId !== undefined && { idpIssuer: options.idpEntityId }),
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: options.validateInResponseTo ?? ValidateInResponseTo.always,
    cacheProvider: new MemoryRequestCache(),
  });
}

export { ValidateInResponseTo };
