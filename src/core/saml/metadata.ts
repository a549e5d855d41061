import { element, startTag, endTag, textElement } from '../xml/canonical';
import { NS } from '../xml/namespaces';
import { BINDING, NAMEID_FORMAT } from './constants';
import type { IdentityProvider } from './service-provider';
import { certificateBase64 } from './signing-identity';

/**
 * The IdP metadata (SAML metadata §2.4.3): one signing KeyDescriptor per certificate (the
 * current one, and during a rotation the next one too, so a service provider that reads
 * metadata trusts both), the emailAddress NameID format, and the SSO URL for the
 * HTTP-Redirect and HTTP-POST bindings.
 */
export function idpMetadataXml(identityProvider: IdentityProvider, certificatePems: readonly string[]): string {
  const keyDescriptors = certificatePems
    .map((pem) =>
      element(
        'md:KeyDescriptor',
        { use: 'signing' },
        element(
          'ds:KeyInfo',
          {},
          element('ds:X509Data', {}, textElement('ds:X509Certificate', certificateBase64(pem))),
          [['ds', NS.dsig]],
        ),
      ),
    )
    .join('');
  const ssoServices = [BINDING.redirect, BINDING.post]
    .map((binding) => element('md:SingleSignOnService', { Binding: binding, Location: identityProvider.ssoUrl }, ''))
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    startTag('md:EntityDescriptor', { entityID: identityProvider.entityId }, [['md', NS.metadata]]) +
    element(
      'md:IDPSSODescriptor',
      { WantAuthnRequestsSigned: 'false', protocolSupportEnumeration: NS.protocol },
      keyDescriptors + textElement('md:NameIDFormat', NAMEID_FORMAT.emailAddress) + ssoServices,
    ) +
    endTag('md:EntityDescriptor')
  );
}
