import { SAML, ValidateInResponseTo, type CacheItem, type CacheProvider } from '@node-saml/node-saml';
import type { ServiceProvider } from '../../src/core/saml/service-provider';

/** node-saml's request-ID cache, in memory, so it can check InResponseTo. */
class MemoryCache implements CacheProvider {
  private readonly items = new Map<string, CacheItem>();
  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const item = { value, createdAt: Date.now() };
    this.items.set(key, item);
    return item;
  }
  async getAsync(key: string): Promise<string | null> {
    return this.items.get(key)?.value ?? null;
  }
  async removeAsync(key: string | null): Promise<string | null> {
    if (key === null) return null;
    const value = this.items.get(key)?.value ?? null;
    this.items.delete(key);
    return value;
  }
}

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
    cacheProvider: new MemoryCache(),
  });
}

export { ValidateInResponseTo };
