import type { BridgeConfig } from '../config/schema';
import type { RefusalTally } from '../audit/refusals';
import type { AuditLog } from '../audit/sign-in-record';
import type { Logger, SingleUseStore } from '../kernel/ports';
import { ok, type Result } from '../kernel/result';
import type { IdentityProvider } from '../saml/service-provider';
import type { SigningKey } from '../saml/signing-identity';
import type { OidcTransport } from '../oidc/relying-party';
import type { ClientCredential } from '../oidc/client-credential';
import type { ClientIdentity } from './connections';

/** Everything a sign-in needs that is not secret: the saved configuration and our own URLs. */
export interface LoginSettings {
  readonly config: BridgeConfig;
  /** The secrets version in force when the sign-in starts; the callback signs with it. */
  readonly secretsVersion: string;
  readonly identityProvider: IdentityProvider;
  /** The Redirect URI registered in Entra ID. */
  readonly callbackUrl: string;
}

/**
 * The settings in force, as the settings cache has them; `fresh` reads them from storage
 * again (a sign-in started under settings this process has not seen yet).
 */
export type SettingsSource = (options?: { readonly fresh?: boolean }) => Promise<Result<LoginSettings>>;

/** What the callback knows before it reads anything: our own URLs, and where the settings in force come from. */
export type CallbackSettings = Pick<LoginSettings, 'identityProvider' | 'callbackUrl'> & { readonly current: SettingsSource };

/** A client secret, and the client it was saved for (absent: saved before secrets named their client). */
export interface ClientSecret {
  readonly value: string;
  readonly for?: ClientIdentity;
}

/** The callback's settings when the settings in force are these, and stay so (tests, the bench). */
export function fixedCallbackSettings(settings: LoginSettings): CallbackSettings {
  return { identityProvider: settings.identityProvider, callbackUrl: settings.callbackUrl, current: async () => ok(settings) };
}

/** The secrets, loaded only when a callback has passed its state checks. */
export interface LoginSecrets {
  /** How the bridge proves itself to step 1's Entra ID tenant: the secret, or its client certificate. */
  readonly clientCredential: ClientCredential;
  /** The client step 1's secret was saved for, when the credential is the secret. */
  readonly clientCredentialFor?: ClientIdentity;
  /** The client secrets of the further connections, by connection id (a Map: an id is never a prototype's property). */
  readonly connectionSecrets?: ReadonlyMap<string, ClientSecret>;
  readonly signingKey: SigningKey;
  /** The trust fingerprint the signing key is bound to (absent for a key made before binding). */
  readonly signingKeyBoundTo?: string;
}

export type SecretsLoader = (version: string) => Promise<Result<LoginSecrets>>;

/** The ports a sign-in uses. */
export interface LoginDependencies extends OidcTransport {
  readonly store: SingleUseStore;
  /** Sign-ins after Entra ID authenticated someone, and test sign-ins. */
  readonly audit: AuditLog;
  /** Refusals before anyone authenticated: counted, apart from the sign-in trail. */
  readonly refusals: RefusalTally;
  readonly logger: Logger;
}
