import type { StoredConfig, StoredSecrets } from './stored-setup';
import { changedTrustFields, fingerprintOf, trustSettingsOf } from './trust';

/**
 * The signing key is bound to the trust settings (trust.ts) it was made for. Guard shows its
 * SP Entity ID and ACS URL only after it has the certificate, so the key exists before the
 * setup is complete: the binding is made when the setup first becomes complete, and until
 * then the admin edits freely. Once bound, a save that changes trust replaces the key in the
 * same commit; the old key, its pending next key and the previous one are destroyed.
 */
export type TrustDecision =
  | { readonly kind: 'keep' }
  | { readonly kind: 'bind'; readonly fingerprint: string }
  | { readonly kind: 'replace-key'; readonly fingerprint: string; readonly changed: readonly string[] };

/** A key, the Entra ID settings and their secret, and Guard's settings, all saved. */
export function isComplete(config: StoredConfig): boolean {
  return config.entra !== undefined && config.guard !== undefined && hasClientCredential(config) && config.signing !== undefined;
}

/** Step 1's tenant has a credential: a saved secret, or the bridge's client certificate. */
export function hasClientCredential(config: StoredConfig): boolean {
  return config.clientSecretSavedAt !== undefined || config.clientCertificate !== undefined;
}

/**
 * The fingerprint the configuration's key is bound to. A complete setup saved before keys
 * were bound counts as bound to what it holds: its first change of trust replaces the key
 * like any other, so no setup escapes the rule by predating it.
 */
export function boundFingerprint(config: StoredConfig): string | undefined {
  return config.signing?.boundTo ?? (isComplete(config) ? fingerprintOf(config) : undefined);
}

function certificatesUnbound(config: StoredConfig, fingerprint: string): boolean {
  return [config.signing, config.nextSigning, config.previousSigning].some((certificate) => certificate !== undefined && certificate.boundTo !== fingerprint);
}

/** What a save from `base` to `next` does to the binding. */
export function decideTrust(base: StoredConfig, next: StoredConfig): TrustDecision {
  const bound = boundFingerprint(base);
  const fingerprint = isComplete(next) ? fingerprintOf(next) : undefined;
  if (bound !== undefined && fingerprint !== bound) {
    return { kind: 'replace-key', fingerprint: fingerprint ?? '', changed: changedTrustFields(trustSettingsOf(base), trustSettingsOf(next)) };
  }
  if (fingerprint !== undefined && certificatesUnbound(next, fingerprint)) return { kind: 'bind', fingerprint };
  return { kind: 'keep' };
}

const KEY_SLOTS = ['signing', 'nextSigning', 'previousSigning'] as const;
type KeyHolder = { [slot in (typeof KEY_SLOTS)[number]]?: { boundTo?: string } | undefined };

/** Every key (or certificate) the configuration or the secrets hold, bound to `fingerprint`. */
function bindAll<T extends KeyHolder>(holder: T, fingerprint: string): T {
  const bound: KeyHolder = { ...holder };
  for (const slot of KEY_SLOTS) {
    const key = holder[slot];
    if (key !== undefined) bound[slot] = { ...key, boundTo: fingerprint };
  }
  return bound as T;
}

export function bindConfig(config: StoredConfig, fingerprint: string): StoredConfig {
  return bindAll(config, fingerprint);
}

export function bindSecrets(secrets: StoredSecrets, fingerprint: string): StoredSecrets {
  return bindAll(secrets, fingerprint);
}

type KeyPair = { readonly privateKeyPem: string; readonly certificatePem: string };

/** The configuration and secrets with a new key bound to `fingerprint`, and no other key left. */
export function replaceKey(config: StoredConfig, secrets: StoredSecrets, pair: KeyPair, fingerprint: string, at: string): { config: StoredConfig; secrets: StoredSecrets } {
  const { nextSigning: _n, previousSigning: _p, ...keptConfig } = config;
  const { nextSigning: _ns, previousSigning: _ps, ...keptSecrets } = secrets;
  return {
    config: { ...keptConfig, signing: { certificatePem: pair.certificatePem, createdAt: at, boundTo: fingerprint } },
    secrets: { ...keptSecrets, signing: { ...pair, boundTo: fingerprint } },
  };
}
