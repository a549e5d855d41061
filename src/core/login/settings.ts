import type { BridgeConfig } from '../config/schema';
import type { RefusalTally } from '../audit/refusals';
import type { AuditLog } from '../audit/sign-in-record';
import type { Logger, SingleUseStore } from '../ports';
import type { Result } from '../result';
import type { IdentityProvider } from '../saml/service-provider';
import type { SigningKey } from '../saml/signing-identity';
import type { EntraTransport } from './entra-client';
import type { ClientCredential } from './client-credential';
import type { CheckedSnapshots } from './login-state';

/** Everything a sign-in needs that is not secret: the saved configuration and our own URLs. */
export interface LoginSettings {
  readonly config: BridgeConfig;
  /** The secrets version in force when the sign-in starts; the callback signs with it. */
  readonly secretsVersion: string;
  readonly identityProvider: IdentityProvider;
  /** The Redirect URI registered in Entra ID. */
  readonly callbackUrl: string;
}

/** What the callback needs besides the login state: the rest comes from the state's configuration snapshot. */
export type CallbackSettings = Pick<LoginSettings, 'identityProvider' | 'callbackUrl'>;

/** The secrets, loaded only when a callback has passed its state checks. */
export interface LoginSecrets {
  /** How the bridge proves itself to step 1's Entra ID tenant: the secret, or its client certificate. */
  readonly clientCredential: ClientCredential;
  /** The client secrets of the further connections, by connection id. */
  readonly connectionSecrets?: Readonly<Record<string, string>>;
  readonly signingKey: SigningKey;
  /** The trust fingerprint the signing key is bound to (absent for a key made before binding). */
  readonly signingKeyBoundTo?: string;
}

export type SecretsLoader = (version: string) => Promise<Result<LoginSecrets>>;

/** The ports a sign-in uses. */
export interface LoginDependencies extends EntraTransport {
  readonly store: SingleUseStore;
  /** Sign-ins after Entra ID authenticated someone, and test sign-ins. */
  readonly audit: AuditLog;
  /** Refusals before anyone authenticated: counted, apart from the sign-in trail. */
  readonly refusals: RefusalTally;
  readonly logger: Logger;
  /** The configuration snapshots of login states already checked (one per installation). */
  readonly snapshots: CheckedSnapshots;
}
