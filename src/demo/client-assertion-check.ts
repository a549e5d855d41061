import { createHash, createPublicKey, verify, X509Certificate, constants } from 'node:crypto';

/**
 * How Entra ID checks a client assertion (private_key_jwt) against the certificates uploaded
 * to an app registration, and how it says no: `invalid_client` with an AADSTS number in
 * `error_description` and in `error_codes`. The stand-in runs this before oidc-provider, whose
 * own checks (audience, jti never seen before) then apply as well.
 *
 * The numbers are Entra's: AADSTS700027 (no uploaded certificate has the assertion's
 * thumbprint, or its key did not make the signature), AADSTS7000274 (the certificate is not
 * within its validity period), AADSTS700024 (the assertion is not within its valid time range).
 */

/** Entra's tolerance for the assertion's nbf and exp against its own clock. */
export const ASSERTION_CLOCK_SKEW_SECONDS = 300;

export interface EntraRefusal {
  readonly error: 'invalid_client';
  readonly error_description: string;
  readonly error_codes: readonly number[];
}

function refusal(aadsts: number, text: string): EntraRefusal {
  return { error: 'invalid_client', error_description: `AADSTS${aadsts}: ${text}`, error_codes: [aadsts] };
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function thumbprints(pem: string): { s256: string; sha1: string } {
  const raw = new X509Certificate(pem).raw;
  return { s256: createHash('sha256').update(raw).digest('base64url'), sha1: createHash('sha1').update(raw).digest('base64url') };
}

function signatureHolds(alg: unknown, signingInput: string, signature: string, certificatePem: string): boolean {
  const key = createPublicKey(new X509Certificate(certificatePem).publicKey.export({ format: 'pem', type: 'spki' }));
  const data = Buffer.from(signingInput);
  const bytes = Buffer.from(signature, 'base64url');
  if (alg === 'PS256') return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, bytes);
  if (alg === 'RS256') return verify('sha256', data, key, bytes);
  return false;
}

/**
 * Checks the assertion in a token request body. Returns Entra's refusal, or undefined when
 * the assertion passes (or the request carries none: a secret is oidc-provider's to check).
 */
export function checkClientAssertion(body: URLSearchParams, uploadedCertificates: readonly string[], now: Date): EntraRefusal | undefined {
  const assertion = body.get('client_assertion');
  if (assertion === null) return undefined;
  const [headerPart, payloadPart, signature] = assertion.split('.');
  const header = decodePart(headerPart);
  const payload = decodePart(payloadPart);
  if (header === undefined || payload === undefined || signature === undefined) return refusal(50027, 'JWT token is invalid or is malformed.');

  const certificate = uploadedCertificates.find((pem) => {
    const { s256, sha1 } = thumbprints(pem);
    return header['x5t#S256'] === s256 || header['x5t'] === sha1;
  });
  if (certificate === undefined) return refusal(700027, 'The certificate with identifier used to sign the client assertion is not registered on application.');

  const validity = new X509Certificate(certificate);
  if (now.getTime() < Date.parse(validity.validFrom) || now.getTime() > Date.parse(validity.validTo)) {
    return refusal(7000274, 'The certificate used to sign the client assertion is not within its validity period.');
  }
  if (!signatureHolds(header['alg'], `${headerPart}.${payloadPart}`, signature, certificate)) {
    return refusal(700027, 'Client assertion contains an invalid signature.');
  }

  const seconds = now.getTime() / 1000;
  const exp = Number(payload['exp']);
  const nbf = Number(payload['nbf'] ?? payload['iat']);
  if (!Number.isFinite(exp) || exp < seconds - ASSERTION_CLOCK_SKEW_SECONDS || (Number.isFinite(nbf) && nbf > seconds + ASSERTION_CLOCK_SKEW_SECONDS)) {
    return refusal(700024, 'Client assertion is not within its valid time range.');
  }
  return undefined;
}
