import { X509Certificate, createHash, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigningIdentity } from '../../../src/core/saml/certificate-factory';
import { loadSigningKey, summarizeCertificate } from '../../../src/core/saml/signing-identity';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const identity = createSigningIdentity({ commonName: 'Contoso SSO bridge', now: NOW });

describe('signing identity', () => {
  it('is an RSA key of 2048 bits with a self-signed SHA-256 certificate for it', () => {
    const certificate = new X509Certificate(identity.certificatePem);
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(certificate.checkPrivateKey(loadSigningKeyOrThrow().privateKey)).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.subject).toBe('CN=Contoso SSO bridge');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.ca).toBe(false);
    // sha256WithRSAEncryption, read from the DER: OID 1.2.840.113549.1.1.11.
    expect(certificate.raw.includes(Buffer.from('2a864886f70d01010b', 'hex'))).toBe(true);
    expect(createPublicKey(identity.privateKeyPem).export({ format: 'pem', type: 'spki' })).toBe(
      certificate.publicKey.export({ format: 'pem', type: 'spki' }),
    );
  });

  it('is valid for five years from now, back-dated an hour for slow clocks', () => {
    const summary = summarizeCertificate(identity.certificatePem);
    expect(summary.notBefore.toISOString()).toBe('2026-11-28T11:00:00.000Z');
    expect(summary.notAfter.toISOString()).toBe('2031-11-28T12:00:00.000Z');
  });

  it('reports the SHA-256 fingerprint the way Guard and openssl show it', () => {
    const der = new X509Certificate(identity.certificatePem).raw;
    const expected = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)?.join(':');
    expect(summarizeCertificate(identity.certificatePem).fingerprintSha256).toBe(expected);
  });

  it('makes a new key pair each time, with distinct serial numbers', () => {
    const other = createSigningIdentity({ commonName: 'Contoso SSO bridge', now: NOW });
    expect(other.privateKeyPem).not.toBe(identity.privateKeyPem);
    expect(new X509Certificate(other.certificatePem).serialNumber).not.toBe(
      new X509Certificate(identity.certificatePem).serialNumber,
    );
  });

  it('refuses keys under 2048 bits', () => {
    expect(() => createSigningIdentity({ commonName: 'x', now: NOW, modulusLength: 1024 })).toThrow(RangeError);
  });

  it('refuses to load a key that does not belong to the certificate, or text that is not PEM', () => {
    const other = createSigningIdentity({ commonName: 'Other', now: NOW });
    const mismatched = loadSigningKey({ privateKeyPem: other.privateKeyPem, certificatePem: identity.certificatePem });
    expect(mismatched.ok === false && mismatched.error.code).toBe('SAML_SIGNING_KEY_INVALID');
    const garbage = loadSigningKey({ privateKeyPem: 'not a key', certificatePem: identity.certificatePem });
    expect(garbage.ok === false && garbage.error.code).toBe('SAML_SIGNING_KEY_INVALID');
  });
});

function loadSigningKeyOrThrow() {
  const key = loadSigningKey(identity);
  if (!key.ok) throw new Error(key.error.code);
  return key.value;
}
