import { createHash } from 'node:crypto';
import { BoundedCache } from '../kernel/bounded-cache';
import type { Clock } from '../kernel/ports';
import { connectionClashes, MAX_ADDITIONAL_CONNECTIONS, type BridgeConfig } from '../config/schema';
import type { ClientSecret, LoginSecrets, LoginSettings } from '../signin/login-settings';
import { fail, ok, type Result } from '../kernel/result';
import { storageFault } from '../kernel/storage-fault';
import type { IdentityProvider } from '../saml/service-provider';
import { loadSigningKey, type SigningKey } from '../saml/signing-identity';
import { hasClientCredential } from './trust-binding';
import { storedConfigSchema, storedSecretsSchema, type BridgeEndpoints, type SetupStore, type StoredConfig, type StoredSecrets } from './stored-setup';

export function identityProviderOf(endpoints: BridgeEndpoints): IdentityProvider {
  return { entityId: endpoints.metadataUrl, ssoUrl: endpoints.ssoUrl };
}

/** Reads the stored configuration, or fails with STORE_UNAVAILABLE. Absent is the empty setup. */
export async function readConfig(store: SetupStore): Promise<Result<StoredConfig | undefined>> {
  try {
    const raw = await store.readConfig();
    if (raw === undefined) return ok(undefined);
    const parsed = storedConfigSchema.safeParse(raw);
    return parsed.success ? ok(parsed.data) : fail('STORE_UNAVAILABLE', 'the stored configuration is not readable');
  } catch (error) {
    return storageFault(error, 'the configuration could not be read');
  }
}

/**
 * The configuration a sign-in can run with, from the stored setup (already through its
 * schema, whose parts are the configuration's): complete, with a key and a credential, and
 * routing each domain to one directory. Undefined otherwise: a setup not finished, or one
 * that cannot route (written by hand).
 */
export function routableConfigOf(stored: StoredConfig | undefined): { config: BridgeConfig; secretsVersion: string } | undefined {
  const { entra, guard, connections, secretsVersion } = stored ?? {};
  if (stored === undefined || entra === undefined || guard === undefined || stored.signing === undefined || secretsVersion === undefined || !hasClientCredential(stored)) return undefined;
  if ((connections?.length ?? 0) > MAX_ADDITIONAL_CONNECTIONS || connectionClashes({ guard, connections }).length > 0) return undefined;
  return { config: { entra, guard, ...(connections !== undefined && { connections }) }, secretsVersion };
}

/** The settings a sign-in starts with: complete configuration, or LOGIN_NOT_CONFIGURED. */
export async function loadLoginSettings(store: SetupStore, endpoints: BridgeEndpoints): Promise<Result<LoginSettings>> {
  const stored = await readConfig(store);
  if (!stored.ok) return stored;
  const routable = routableConfigOf(stored.value);
  if (routable === undefined) return fail('LOGIN_NOT_CONFIGURED');
  return ok({ ...routable, identityProvider: identityProviderOf(endpoints), callbackUrl: endpoints.callbackUrl });
}

/**
 * Parsing a PEM key costs about as much as a signature, so a warm process keeps a few parsed
 * keys. Each is found by the SHA-256 of its own PEM: only a caller that has just read that
 * key from its own site's secret storage can get it back, whichever site it is.
 */
const parsedKeys = new BoundedCache<SigningKey>(8, 10 * 60 * 1000);

function signingKeyFor(privateKeyPem: string, certificatePem: string, at: number): Result<SigningKey> {
  const fingerprint = createHash('sha256').update(privateKeyPem).update(certificatePem).digest('hex');
  const cached = parsedKeys.get(fingerprint, at);
  if (cached !== undefined) return ok(cached);
  const key = loadSigningKey({ privateKeyPem, certificatePem });
  if (key.ok) parsedKeys.set(fingerprint, key.value, at);
  return key;
}

/** The stored connection secrets as a Map (own entries only), each with the client it was saved for. */
export function connectionSecretsOf(stored: NonNullable<StoredSecrets['connectionSecrets']>): ReadonlyMap<string, ClientSecret> {
  return new Map(Object.entries(stored).map(([id, secret]) => [id, typeof secret === 'string' ? { value: secret } : { value: secret.value, for: secret.for }]));
}

/**
 * The secrets of a sign-in: the client secret and the signing key (with its certificate),
 * in one secret read of the version the sign-in started with. The parsed key is kept in a
 * warm process.
 */
export async function loadLoginSecrets(store: SetupStore, version: string, clock: Clock): Promise<Result<LoginSecrets>> {
  let raw;
  try {
    raw = await store.readSecrets(version);
  } catch (error) {
    return storageFault(error, 'the secrets could not be read');
  }
  // A version a sign-in started with is gone: a change of trust destroyed it since.
  if (raw === undefined) return fail('LOGIN_SETUP_CHANGED', 'the secrets this sign-in started with are gone');
  const secrets = storedSecretsSchema.safeParse(raw);
  if (!secrets.success) return fail('STORE_UNAVAILABLE', 'the stored secrets are not readable');
  const { clientSecret, clientSecretFor, clientCertificate, clientCredential: inUse, signing, connectionSecrets } = secrets.data;
  const clientCredential = inUse === 'certificate' ? clientCertificate : clientSecret;
  if (clientCredential === undefined || signing === undefined) return fail('LOGIN_NOT_CONFIGURED');
  const key = signingKeyFor(signing.privateKeyPem, signing.certificatePem, clock.now().getTime());
  if (!key.ok) return key;
  return ok({
    clientCredential,
    ...(inUse !== 'certificate' && clientSecretFor !== undefined && { clientCredentialFor: clientSecretFor }),
    signingKey: key.value,
    ...(connectionSecrets !== undefined && { connectionSecrets: connectionSecretsOf(connectionSecrets) }),
    ...(signing.boundTo !== undefined && { signingKeyBoundTo: signing.boundTo }),
  });
}
