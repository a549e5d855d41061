import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { SigningIdentity } from './signing-identity';

/*
 * Kept apart from signing-identity.ts so that node-forge is loaded only where keys are
 * made (the admin page), never on the sign-in path.
 */

export interface CreateSigningIdentityOptions {
  /** Subject common name; the admin sees it in Atlassian Guard next to the certificate. */
  readonly commonName: string;
  /** RSA modulus length; 2048 is what Guard and Entra ID use, 3072 or more is allowed. */
  readonly modulusLength?: number;
  readonly validityYears?: number;
  readonly now: Date;
}

const DEFAULT_VALIDITY_YEARS = 5;

/**
 * Makes a new RSA key pair with node:crypto and a self-signed X.509 certificate for it with
 * node-forge (SHA-256, subject = issuer = the common name, not a CA, digital signature).
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
