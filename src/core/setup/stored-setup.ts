import * as z from 'zod/mini';
import { additionalConnectionSchema, entraSettingsSchema, guardSettingsSchema } from '../config/schema';

/**
 * What the bridge keeps between requests. Configuration is a plain value (one read); the
 * client secret and the signing keys are one secret value (one read), so a sign-in costs
 * few storage round trips. Both are read back through zod: storage is a boundary too.
 *
 * Secrets are written under a new version each time and the configuration names the
 * version in force: writing the configuration is the one step that commits a save, so a
 * save that fails half-way leaves the previous setup whole.
 */
/**
 * `boundTo`: the trust fingerprint (see trust.ts) the key was made for. A key signs only for
 * settings with that fingerprint; a change of trust replaces the key.
 */
const certificateSchema = z.object({ certificatePem: z.string(), createdAt: z.string(), boundTo: z.optional(z.string()) });

/** The checklist of step 3, by stable id; the wizard shows the words and links. */
export const CHECKLIST_ITEMS = ['members', 'breakGlass', 'privateWindow', 'enforce'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export const storedConfigSchema = z.object({
  version: z.literal(1),
  entra: z.optional(entraSettingsSchema),
  guard: z.optional(guardSettingsSchema),
  /** Further directories behind the same Guard IdP (see the schema's connections). */
  connections: z.optional(z.array(additionalConnectionSchema)),
  /** The certificate signing now; its private key is in the secrets. */
  signing: z.optional(certificateSchema),
  /** During a rotation: the next certificate, published in metadata, not yet signing. */
  nextSigning: z.optional(certificateSchema),
  /** After a rotation: the certificate signing before, to roll back to. */
  previousSigning: z.optional(certificateSchema),
  /** When the client secret was last saved: the wizard shows this instead of the secret. */
  clientSecretSavedAt: z.optional(z.string()),
  /** When the client secret expires (YYYY-MM-DD, as the admin read it in Entra ID). */
  clientSecretExpiresOn: z.optional(z.string()),
  /** The bridge's own client certificate for step 1's tenant (its key is in the secrets). */
  clientCertificate: z.optional(certificateSchema),
  /** During a rotation of the client certificate: the next one (uploaded to Entra ID beside the current), and after it the previous. */
  nextClientCertificate: z.optional(certificateSchema),
  previousClientCertificate: z.optional(certificateSchema),
  /** Which credential the bridge uses at Entra ID's token endpoint: the secret (the default) or the certificate. */
  clientCredential: z.optional(z.enum(['secret', 'certificate'])),
  /** What a wizard test proved, by the key of the settings it proved (see progress.ts). */
  verified: z.optional(z.object({ entra: z.optional(z.string()) })),
  /** When step 1's settings or credential last changed (commit.ts): sign-ins through step 1's directory since then prove them. */
  entraChangedAt: z.optional(z.string()),
  /** The client certificate the admin says is uploaded to the app registration, by its digest (progress.ts). */
  certificateUploaded: z.optional(z.string()),
  /** Step 3's checklist, as the admin ticked it. */
  checklist: z.optional(z.partialRecord(z.enum(CHECKLIST_ITEMS), z.boolean())),
  /** The secrets version in force (see SetupStore.readSecrets). */
  secretsVersion: z.optional(z.string()),
  /**
   * Versions replaced by a save, kept until sign-ins started with them have finished (a
   * login state names the version it started with), then deleted by a later save.
   */
  retiredSecrets: z.optional(z.array(z.object({ version: z.string(), until: z.string() }))),
  /**
   * A change of trust prepared, not in force (trust-staging.ts): the setup it makes, whole,
   * in a snapshot; the new signing certificate, published in metadata beside the one signing;
   * when it was prepared and which trust settings it changes. Sign-ins go on with this
   * configuration, the one in force, until the admin activates it.
   */
  staged: z.optional(
    z.object({
      snapshot: z.string(),
      preparedAt: z.string(),
      changed: z.array(z.string()),
      certificate: certificateSchema,
    }),
  ),
  /** After an activation: the setup it replaced, in a snapshot, to roll back to. */
  rollback: z.optional(z.object({ snapshot: z.string(), activatedAt: z.string(), changed: z.array(z.string()) })),
  updatedAt: z.string(),
});

const keyPairSchema = z.object({ privateKeyPem: z.string(), certificatePem: z.string(), boundTo: z.optional(z.string()) });

/** The client a secret was saved for (issuer and client ID): it is sent to that client's token endpoint only. */
export const clientIdentitySchema = z.object({ issuer: z.string(), clientId: z.string() });
/** A further connection's secret with its client; a bare string was saved before secrets named their client. */
const connectionSecretSchema = z.union([z.string(), z.object({ value: z.string(), for: clientIdentitySchema })]);

export const storedSecretsSchema = z.object({
  clientSecret: z.optional(z.string()),
  /** The client step 1's secret was saved for. */
  clientSecretFor: z.optional(clientIdentitySchema),
  /** The bridge's own client certificate for step 1's tenant (private_key_jwt), and which credential is in use. */
  clientCertificate: z.optional(keyPairSchema),
  nextClientCertificate: z.optional(keyPairSchema),
  previousClientCertificate: z.optional(keyPairSchema),
  clientCredential: z.optional(z.enum(['secret', 'certificate'])),
  /** The client secrets of the further connections, by connection id, each with its client. */
  connectionSecrets: z.optional(z.record(z.string(), connectionSecretSchema)),
  /** The key signing now, with its certificate, so a callback reads one value to sign. */
  signing: z.optional(keyPairSchema),
  nextSigning: z.optional(keyPairSchema),
  previousSigning: z.optional(keyPairSchema),
});

export type StoredConfig = z.infer<typeof storedConfigSchema>;
export type StoredSecrets = z.infer<typeof storedSecretsSchema>;

export const EMPTY_CONFIG: StoredConfig = { version: 1, updatedAt: new Date(0).toISOString() };

/** Storage of the setup. Forge: @forge/kvs (plain value + secrets); local runtime: JSON files. */
export interface SetupStore {
  readConfig(): Promise<StoredConfig | undefined>;
  writeConfig(config: StoredConfig): Promise<void>;
  /** The secrets written as `version` (a short token of [A-Za-z0-9_-]). */
  readSecrets(version: string): Promise<StoredSecrets | undefined>;
  writeSecrets(version: string, secrets: StoredSecrets): Promise<void>;
  deleteSecrets(version: string): Promise<void>;
  /**
   * A whole configuration kept beside the one in force, under a version of its own: a change
   * of trust prepared and not yet activated, or the setup an activation replaced (to roll
   * back to). Sign-ins never read these; the admin API does. Plain values, like the configuration.
   */
  readSnapshot(version: string): Promise<StoredConfig | undefined>;
  writeSnapshot(version: string, config: StoredConfig): Promise<void>;
  deleteSnapshot(version: string): Promise<void>;
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
  /** The health check, which also runs the in-product site check (`?check=<ticket>`). */
  readonly healthUrl: string;
}
