import { createHash, X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { fail, ok, type Result } from '../kernel/result';

/** The IdP's signing key pair and its self-signed certificate, both PEM. Secret: the private key. */
export interface SigningIdentity {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

/** What the wizard shows about a certificate, read with node:crypto. */
export interface CertificateSummary {
  readonly subject: string;
  /** SHA-256 over the DER certificate, upper-case hex pairs separated by colons. */
  readonly fingerprintSha256: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** The private key parsed once, with the certificate ready for KeyInfo. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  /** The DER certificate in base64, as `ds:X509Certificate` carries it. */
  readonly certificateBase64: string;
}

export function summarizeCertificate(certificatePem: string): CertificateSummary {
  const certificate = new X509Certificate(certificatePem);
  return {
    subject: certificate.subject,
    fingerprintSha256: certificate.fingerprint256,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
  };
}

/** The certificate's DER in base64, one line, as metadata and KeyInfo carry it. */
export function certificateBase64(certificatePem: string): string {
  return new X509Certificate(certificatePem).raw.toString('base64');
}

/**
 * A short name for a signing certificate (SHA-256 of its DER, 16 hex digits): the sign-in
 * trail says which key signed, so the wizard can tell a sign-in with today's key from an older one.
 */
export function certificateKeyId(derBase64: string): string {
  return createHash('sha256').update(Buffer.from(derBase64, 'base64')).digest('hex').slice(0, 16);
}

/** Parses the identity for signing and checks that the key belongs to the certificate. */
export function loadSigningKey(identity: SigningIdentity): Result<SigningKey> {
  try {
    const certificate = new X509Certificate(identity.certificatePem);
    const privateKey = createPrivateKey(identity.privateKeyPem);
    if (privateKey.asymmetricKeyType !== 'rsa' || !certificate.checkPrivateKey(privateKey)) {
      return fail('SAML_SIGNING_KEY_INVALID', 'the private key does not match the certificate');
    }
    return ok({ privateKey, certificateBase64: certificate.raw.toString('base64') });
  } catch {
    return fail('SAML_SIGNING_KEY_INVALID', 'the key or certificate is not valid PEM');
  }
}
