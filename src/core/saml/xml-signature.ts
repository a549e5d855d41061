import { createHash, sign } from 'node:crypto';
import { element, endTag, startTag, textElement } from '../xml/canonical';
import { NS } from '../xml/namespaces';
import type { SigningKey } from './signing-identity';

const ALGORITHM = {
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
} as const;

/**
 * A canonical element to be signed, cut where its enveloped signature goes: right after
 * its `saml:Issuer` (SAML core §5.4.1 allows it there for Response and Assertion).
 * `head + tail` is the element without a signature, which is what the digest covers.
 */
export interface SignableElement {
  readonly id: string;
  /** The start tag and the Issuer element. */
  readonly head: string;
  /** Everything after the Issuer, up to and including the end tag. */
  readonly tail: string;
}

function algorithmElement(name: string, algorithm: string): string {
  return element(name, { Algorithm: algorithm }, '');
}

function signedInfoContent(referenceId: string, digest: string): string {
  return (
    algorithmElement('ds:CanonicalizationMethod', ALGORITHM.excC14n) +
    algorithmElement('ds:SignatureMethod', ALGORITHM.rsaSha256) +
    element(
      'ds:Reference',
      { URI: `#${referenceId}` },
      element(
        'ds:Transforms',
        {},
        algorithmElement('ds:Transform', ALGORITHM.envelopedSignature) +
          algorithmElement('ds:Transform', ALGORITHM.excC14n),
      ) +
        algorithmElement('ds:DigestMethod', ALGORITHM.sha256) +
        textElement('ds:DigestValue', digest),
    )
  );
}

/**
 * Signs the element with an enveloped XML-DSig signature (RSA-SHA256, exc-c14n, SHA-256
 * digest, certificate in KeyInfo) and returns the signed element.
 *
 * The `ds:Signature` element declares the `ds` prefix, so inside the document SignedInfo
 * inherits it; canonicalised on its own (which is what gets signed) SignedInfo declares it
 * itself. Both forms are written directly.
 */
export function signEnveloped(target: SignableElement, key: SigningKey): string {
  const digest = createHash('sha256').update(target.head).update(target.tail).digest('base64');
  const signedInfo = signedInfoContent(target.id, digest);
  const toSign = startTag('ds:SignedInfo', {}, [['ds', NS.dsig]]) + signedInfo + endTag('ds:SignedInfo');
  const signatureValue = sign('sha256', Buffer.from(toSign, 'utf8'), key.privateKey).toString('base64');
  const signature = element(
    'ds:Signature',
    {},
    element('ds:SignedInfo', {}, signedInfo) +
      textElement('ds:SignatureValue', signatureValue) +
      element('ds:KeyInfo', {}, element('ds:X509Data', {}, textElement('ds:X509Certificate', key.certificateBase64))),
    [['ds', NS.dsig]],
  );
  return target.head + signature + target.tail;
}
