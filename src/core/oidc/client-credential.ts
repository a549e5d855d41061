import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import * as client from 'openid-client';
import { BoundedCache } from '../kernel/bounded-cache';

/**
 * How the bridge proves itself to Entra ID at the token endpoint: a client secret's Value,
 * or a certificate of its own whose private key signs a client assertion (private_key_jwt,
 * Microsoft's "certificate credentials"). The certificate is separate from the SAML signing
 * key and never leaves secret storage with its key.
 */
export interface CertificateCredential {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}
export type ClientCredential = string | CertificateCredential;

/**
 * Importing a PEM key costs about as much as a signature, on every callback: a warm process
 * keeps a few, each found by the SHA-256 of its own PEM, which only a caller that has just
 * read that key from its own site's secret storage can name (as for the SAML signing key).
 */
const importedKeys = new BoundedCache<Promise<CryptoKey>>(8, 10 * 60 * 1000);

function signingKeyOf(privateKeyPem: string, at: number): Promise<CryptoKey> {
  const id = createHash('sha256').update(privateKeyPem).digest('hex');
  return importedKeys.getOrCreate(id, at, () => {
    const pkcs8 = createPrivateKey(privateKeyPem).export({ format: 'der', type: 'pkcs8' });
    const imported = crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
    imported.catch(() => importedKeys.delete(id));
    return imported;
  });
}

/** The certificate's thumbprint as the Entra admin center lists it: SHA-1 of its DER, in upper-case hex. */
export function certificateThumbprintSha1(certificatePem: string): string {
  return new X509Certificate(certificatePem).fingerprint.replace(/:/g, '');
}

/** The certificate's SHA-256 thumbprint, base64url of its DER, as `x5t#S256` carries it. */
export function certificateThumbprintS256(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('base64url');
}

/**
 * openid-client's own client authentication for the credential. For a certificate, the
 * assertion follows Microsoft's current "certificate credentials" page: header `alg: PS256`,
 * `typ: JWT`, `x5t#S256`; claims `aud` = the token endpoint, `iss` = `sub` = the client ID, a
 * fresh `jti`, `nbf`, `iat` and an `exp` one minute later (set by openid-client). `at` is
 * the time by the caller's clock, which ages the imported keys.
 */
export async function clientAuthentication(credential: ClientCredential, tokenEndpoint: string | undefined, at: number): Promise<client.ClientAuth> {
  if (typeof credential === 'string') return client.ClientSecretPost(credential);
  const key = await signingKeyOf(credential.privateKeyPem, at);
  const thumbprint = certificateThumbprintS256(credential.certificatePem);
  return client.PrivateKeyJwt(key, {
    [client.modifyAssertion]: (header: Record<string, unknown>, payload: Record<string, unknown>) => {
      header['typ'] = 'JWT';
      header['x5t#S256'] = thumbprint;
      if (tokenEndpoint !== undefined) payload['aud'] = tokenEndpoint;
    },
  });
}
