import { createSigningIdentity } from '../src/core/saml/certificate-factory';
import { loadSigningKey, type SigningIdentity, type SigningKey } from '../src/core/saml/signing-identity';

export interface TestSigner {
  readonly identity: SigningIdentity;
  readonly key: SigningKey;
}

/** A fresh signing identity and its loaded key; tests make one per file (key generation costs ~100 ms). */
export function makeTestSigner(commonName = 'Test IdP'): TestSigner {
  const identity = createSigningIdentity({ commonName, now: new Date() });
  const key = loadSigningKey(identity);
  if (!key.ok) throw new Error(`test signer: ${key.error.code}`);
  return { identity, key: key.value };
}
