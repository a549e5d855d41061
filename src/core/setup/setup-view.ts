import type { AdditionalConnection, EntraSettings, GuardSettings } from '../config/schema';
import { idpMetadataXml } from '../saml/metadata';
import { summarizeCertificate } from '../saml/signing-identity';
import { certificateThumbprintS256, certificateThumbprintSha1 } from '../oidc/client-credential';
import { redirectUriOf } from '../signin/connections';
import { identityProviderOf } from './settings-loader';
import { trustFingerprint, trustSettingsOf, type TrustSettings } from './trust';
import { boundFingerprint } from './trust-binding';
import type { BridgeEndpoints, StoredConfig } from './stored-setup';
import type { SignInRecord } from '../audit/sign-in-record';
import { certificateUploadOf, describeProgress, type CertificateUpload, type SetupProgress } from './progress';
import { publishedCertificates } from './published-certificates';
import type { AdminRecord } from '../audit/admin-record';
import { describeChanges } from './admin-changes';

export { publishedCertificates } from './published-certificates';

/** A change of settings, not of keys: what a change of trust carries, as the wizard lists it. */
function isSettingChange(change: SettingChange): boolean {
  return !change.field.startsWith('signing.');
}

/** After an activation the snapshot it replaced is not read for the view: its changes are named by field. */
function rollbackChanges(changed: readonly string[]): SettingChange[] {
  return changed.map((field) => ({ field }));
}

/** Days before expiry from which the wizard warns about the certificate. */
export const CERTIFICATE_WARNING_DAYS = 30;

/** Everything the wizard shows. Never a secret: only whether one is set and when. */
export interface SetupView {
  readonly endpoints: BridgeEndpoints & { readonly idpEntityId: string };
  readonly entra?: EntraSettings;
  readonly clientSecret: { readonly set: boolean; readonly savedAt?: string; readonly expiresOn?: string; readonly expiresInDays?: number; readonly expiresSoon?: boolean };
  /** The bridge's client certificate for Entra ID, to upload; thumbprints as the portal shows them. */
  readonly clientCertificate?: CertificateView & {
    readonly thumbprintSha1: string;
    readonly thumbprintS256: string;
    readonly expiresInDays: number;
    readonly expiresSoon: boolean;
    /** Whether Entra ID has it: proven by Test connection, acknowledged by the admin, or pending. */
    readonly upload: CertificateUpload;
  };
  /** During a client certificate rotation: the next one to upload, then the previous one to roll back to. */
  readonly nextClientCertificate?: CertificateView & { readonly thumbprintSha1: string };
  readonly previousClientCertificate?: CertificateView;
  /** The credential sign-ins present at Entra ID. */
  readonly clientCredential: 'secret' | 'certificate';
  readonly guard?: GuardSettings;
  /** The further directories, each with its own Redirect URI to register (no secrets: whether each has one is not shown either). */
  readonly connections?: readonly (AdditionalConnection & { readonly redirectUri: string })[];
  readonly signing?: {
    readonly certificatePem: string;
    readonly fingerprintSha256: string;
    readonly notAfter: string;
    readonly expiresInDays: number;
    readonly expiresSoon: boolean;
    readonly createdAt: string;
    readonly metadataXml: string;
  };
  /** During a rotation: the certificate to paste into Guard before activating it. */
  readonly nextSigning?: CertificateView;
  /** After a rotation: the certificate a roll-back would sign with again. */
  readonly previousSigning?: CertificateView;
  readonly steps: { readonly entra: boolean; readonly guard: boolean; readonly signingKey: boolean };
  /** Each step to do, saved, or verified by its own test for the settings in force. */
  readonly progress: SetupProgress;
  /** What the signing certificate vouches for, and whether the key is bound to it yet. */
  readonly trust?: { readonly bound: boolean; readonly fingerprint: string; readonly settings: TrustSettings };
  /**
   * A change of trust prepared and not in force: the settings above are the ones it makes;
   * sign-ins go on with those in force, signed with `signing`, until it is activated. Guard
   * needs `certificate` first: activation switches settings and key at once.
   */
  readonly staged?: { readonly preparedAt: string; readonly changes: readonly SettingChange[]; readonly certificate: CertificateView };
  /** After an activation: what it changed, and that a roll back restores the setup before it, settings and key. */
  readonly rollback?: { readonly activatedAt: string; readonly changes: readonly SettingChange[] };
}

/** One setting a change of trust changes, as the admin trail names it, with its values before and after. */
export type SettingChange = AdminRecord['changes'][number];

export interface CertificateView {
  readonly certificatePem: string;
  readonly fingerprintSha256: string;
  readonly notAfter: string;
  readonly createdAt: string;
}

function certificateView(certificate: { certificatePem: string; createdAt: string } | undefined): CertificateView | undefined {
  if (certificate === undefined) return undefined;
  const summary = summarizeCertificate(certificate.certificatePem);
  return { certificatePem: certificate.certificatePem, fingerprintSha256: summary.fingerprintSha256, notAfter: summary.notAfter.toISOString(), createdAt: certificate.createdAt };
}


/** Whole days until `notAfter`, and whether that is within the warning period. */
function expiryOf(notAfter: Date, now: Date): { expiresInDays: number; expiresSoon: boolean } {
  const expiresInDays = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  return { expiresInDays, expiresSoon: expiresInDays <= CERTIFICATE_WARNING_DAYS };
}

/** The client secret's expiry as the admin entered it, and whether it is within the warning period. */
function secretExpiry(expiresOn: string | undefined, now: Date): { expiresOn?: string; expiresInDays?: number; expiresSoon?: boolean } {
  if (expiresOn === undefined) return {};
  return { expiresOn, ...expiryOf(new Date(`${expiresOn}T00:00:00Z`), now) };
}

/**
 * The wizard's view. `config` is the setup the admin edits; `inForce` the one sign-ins use
 * (the same but while a change of trust is prepared), from which the keys, the statuses and
 * what Guard must hold are shown.
 */
export function describeSetup(config: StoredConfig | undefined, endpoints: BridgeEndpoints, now: Date, recent: readonly SignInRecord[] = [], inForce: StoredConfig | undefined = config): SetupView {
  const signing = inForce?.signing;
  let signingView: SetupView['signing'];
  if (signing !== undefined) {
    const summary = summarizeCertificate(signing.certificatePem);
    signingView = {
      certificatePem: signing.certificatePem,
      fingerprintSha256: summary.fingerprintSha256,
      notAfter: summary.notAfter.toISOString(),
      ...expiryOf(summary.notAfter, now),
      createdAt: signing.createdAt,
      metadataXml: idpMetadataXml(identityProviderOf(endpoints), publishedCertificates(inForce)),
    };
  }
  const secretSavedAt = config?.clientSecretSavedAt;
  const settings = inForce === undefined ? undefined : trustSettingsOf(inForce);
  const bound = inForce === undefined ? undefined : boundFingerprint(inForce);
  const trust = settings === undefined ? undefined : { bound: bound !== undefined, fingerprint: trustFingerprint(settings), settings };
  const clientCertificateView = certificateView(config?.clientCertificate);
  const clientCertificate =
    clientCertificateView === undefined
      ? undefined
      : {
          ...clientCertificateView,
          // The portal lists a certificate by its SHA-1 thumbprint in hex; Entra's assertion header uses the SHA-256 one.
          thumbprintSha1: certificateThumbprintSha1(clientCertificateView.certificatePem),
          thumbprintS256: certificateThumbprintS256(clientCertificateView.certificatePem),
          ...expiryOf(new Date(clientCertificateView.notAfter), now),
          upload: (config === undefined ? undefined : certificateUploadOf(config)) ?? 'pending',
        };
  const nextClientCertificate = certificateView(config?.nextClientCertificate);
  const previousClientCertificate = certificateView(config?.previousClientCertificate);
  const next = certificateView(inForce?.nextSigning);
  const previous = certificateView(inForce?.previousSigning);
  const staged = inForce?.staged;
  const stagedCertificate = certificateView(staged?.certificate);
  const rollback = inForce?.rollback;
  return {
    endpoints: { ...endpoints, idpEntityId: endpoints.metadataUrl },
    ...(config?.entra !== undefined && { entra: config.entra }),
    clientSecret: secretSavedAt === undefined ? { set: false } : { set: true, savedAt: secretSavedAt, ...secretExpiry(config?.clientSecretExpiresOn, now) },
    clientCredential: config?.clientCredential ?? 'secret',
    ...(clientCertificate !== undefined && { clientCertificate }),
    ...(nextClientCertificate !== undefined && { nextClientCertificate: { ...nextClientCertificate, thumbprintSha1: certificateThumbprintSha1(nextClientCertificate.certificatePem) } }),
    ...(previousClientCertificate !== undefined && { previousClientCertificate }),
    ...(config?.guard !== undefined && { guard: config.guard }),
    ...(config?.connections !== undefined && config.connections.length > 0 && { connections: config.connections.map((connection) => ({ ...connection, redirectUri: redirectUriOf(connection.id, endpoints.callbackUrl) })) }),
    ...(signingView !== undefined && { signing: signingView }),
    ...(next !== undefined && { nextSigning: next }),
    ...(previous !== undefined && { previousSigning: previous }),
    ...(trust !== undefined && { trust }),
    ...(staged !== undefined && stagedCertificate !== undefined && config !== undefined && inForce !== undefined && { staged: { preparedAt: staged.preparedAt, changes: describeChanges(inForce, config, undefined).filter(isSettingChange), certificate: stagedCertificate } }),
    ...(rollback !== undefined && { rollback: { activatedAt: rollback.activatedAt, changes: rollbackChanges(rollback.changed) } }),
    progress: describeProgress(inForce ?? { version: 1, updatedAt: now.toISOString() }, recent),
    steps: {
      entra: config?.entra !== undefined && (secretSavedAt !== undefined || config.clientCertificate !== undefined),
      guard: config?.guard !== undefined && signing !== undefined,
      signingKey: signing !== undefined,
    },
  };
}
