import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { fail, ok, type Result } from '../result';

/** The IdP's signing key pair and its self-signed certificate, both PEM. Secret: the private key. */
export interface SigningIdentity {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

export interface CreateSigningIdentityOptions {
  /** Subject common name; the admin sees it in Atlassian Guard next to the certificate. */
  readonly commonName: string;
  /** RSA modulus length; 2048 is what Guard and Entra ID use, 3072 or more is allowed. */
  readonly modulusLength?: number;
  readonly validityYears?: number;
  readonly now: Date;
}

/** What the wizard shows about a certificate, read without node-forge. */
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

const DEFAULT_VALIDITY_YEARS = 5;

/**
 * Makes a new RSA key pair with node:crypto and a self-signed X.509 certificate for it with
 * node-forge (SHA-256). Only called when the admin creates or rotates a key, so the cost of
 * node-forge stays out of the sign-in path.
 */
export function createSigningIdentity(options: CreateSigningIdentityOptions): SigningIdentity {
  const modulusLength = options.modulusLength ?? 2048;
  if (modulusLength < 2048) throw new RangeError('RSA keys shorter than 2048 bits are not allowed');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial: the top bit cleared so the DER INTEGER is not read as negative.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  certificate.serialNumber = serial.toString('hex');
  // Back-dated a little so a verifier whose clock is slightly behind still accepts it.
  certificate.validity.notBefore = new Date(options.now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(options.now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (options.validityYears ?? DEFAULT_VALIDITY_YEARS));
  certificate.validity.notAfter = notAfter;
  const subject = [{ name: 'commonName', value: options.commonName }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, critical: true },
  ]);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());

  return { privateKeyPem: privateKey, certificatePem: forge.pki.certificateToPem(certificate) };
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
