import { describe, expect, it } from 'vitest';
import { createSigningIdentity } from '../../../src/core/saml/certificate-factory';
import { summarizeCertificate } from '../../../src/core/saml/signing-identity';
import { describeSetup } from '../../../src/core/setup/setup-view';

const ENDPOINTS = { ssoUrl: 'https://b.example/sso', idpInitiatedUrl: 'https://b.example/login', callbackUrl: 'https://b.example/cb', metadataUrl: 'https://b.example/md', healthUrl: 'https://b.example/health' };

describe('the setup view', () => {
  const identity = createSigningIdentity({ commonName: 'x', now: new Date('2026-01-01T00:00:00Z') });
  const config = { version: 1 as const, updatedAt: '2026-01-01T00:00:00Z', signing: { certificatePem: identity.certificatePem, createdAt: '2026-01-01T00:00:00Z' } };
  const notAfter = summarizeCertificate(identity.certificatePem).notAfter.getTime();

  it.each([
    [31, false],
    [30, true],
    [5, true],
    [-1, true],
  ])('with %i days left, warns about the certificate’s expiry: %s', (daysLeft, warned) => {
    const view = describeSetup(config, ENDPOINTS, new Date(notAfter - daysLeft * 86_400_000));
    expect(view.signing?.expiresInDays).toBe(daysLeft);
    expect(view.signing?.expiresSoon).toBe(warned);
  });

  it.each([
    [31, false],
    [30, true],
    [-1, true],
  ])('with %i days left, warns about the client certificate’s expiry: %s', (daysLeft, warned) => {
    const view = describeSetup({ ...config, clientCertificate: { certificatePem: identity.certificatePem, createdAt: '2026-01-01T00:00:00Z' } }, ENDPOINTS, new Date(notAfter - daysLeft * 86_400_000));
    expect(view.clientCertificate?.expiresInDays).toBe(daysLeft);
    expect(view.clientCertificate?.expiresSoon).toBe(warned);
  });
});
