import { z } from 'zod';
import { entraSettingsSchema, guardSettingsSchema } from '../config/schema';

/**
 * What the bridge keeps between requests. Configuration is a plain value (one read); the
 * client secret and the signing key are one secret value (one read), so a sign-in costs
 * few storage round trips. Both are read back through zod: storage is a boundary too.
 */
export const storedConfigSchema = z.object({
  version: z.literal(1),
  entra: entraSettingsSchema.optional(),
  guard: guardSettingsSchema.optional(),
  /** The public half of the signing identity; the private key is in the secrets. */
  signing: z.object({ certificatePem: z.string(), createdAt: z.string() }).optional(),
  /** When the client secret was last saved: the wizard shows this instead of the secret. */
  clientSecretSavedAt: z.string().optional(),
  updatedAt: z.string(),
});

export const storedSecretsSchema = z.object({
  clientSecret: z.string().optional(),
  signingPrivateKeyPem: z.string().optional(),
  /** The certificate again, beside its key, so a callback reads one value to sign. */
  signingCertificatePem: z.string().optional(),
});

export type StoredConfig = z.infer<typeof storedConfigSchema>;
export type StoredSecrets = z.infer<typeof storedSecretsSchema>;

export const EMPTY_CONFIG: StoredConfig = { version: 1, updatedAt: new Date(0).toISOString() };

/** Storage of the setup. Forge: @forge/kvs (plain value + secret); local runtime: a JSON file. */
export interface SetupStore {
  readConfig(): Promise<StoredConfig | undefined>;
  writeConfig(config: StoredConfig): Promise<void>;
  readSecrets(): Promise<StoredSecrets | undefined>;
  writeSecrets(secrets: StoredSecrets): Promise<void>;
}

/** The bridge's own addresses: Forge web-trigger URLs, or the local runtime's routes. */
export interface BridgeEndpoints {
  /** The IdP SSO URL (Guard sends AuthnRequests here). */
  readonly ssoUrl: string;
  /** IdP-initiated sign-in. */
  readonly idpInitiatedUrl: string;
  /** The Redirect URI to register in Entra ID. */
  readonly callbackUrl: string;
  /** The IdP metadata; also the IdP Entity ID. */
  readonly metadataUrl: string;
}
