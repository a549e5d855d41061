import { renderErrorPage } from '../http/error-page';
import { hasPathSuffix, type HttpRequest, type HttpResponse } from '../http/types';
import { fail } from '../kernel/result';
import { idpMetadataXml } from '../saml/metadata';
import { identityProviderOf, readConfig } from '../setup/settings-loader';
import { publishedCertificates } from '../setup/published-certificates';
import type { BridgeDependencies } from './settings-cache';

/** GET: the IdP metadata XML (also the IdP Entity ID): read fresh, it lists the next certificate during a rotation. */
export function createMetadataHandler(deps: Pick<BridgeDependencies, 'setup' | 'endpoints'>) {
  return async function metadata(request: HttpRequest): Promise<HttpResponse> {
    if (hasPathSuffix(request)) return renderErrorPage({ code: 'HTTP_NOT_FOUND' });
    if (!['GET', 'HEAD'].includes(request.method.toUpperCase())) return renderErrorPage({ code: 'HTTP_METHOD_NOT_ALLOWED' });
    const stored = await readConfig(deps.setup);
    if (!stored.ok) return renderErrorPage(stored.error);
    const certificates = publishedCertificates(stored.value);
    if (certificates.length === 0) return renderErrorPage(fail('LOGIN_NOT_CONFIGURED', 'no signing key yet').error);
    return {
      status: 200,
      headers: { 'Content-Type': 'application/samlmetadata+xml; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' },
      body: idpMetadataXml(identityProviderOf(await deps.endpoints()), certificates),
    };
  };
}
