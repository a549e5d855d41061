import { createHash, X509Certificate } from 'node:crypto';
import type { SignInRecord } from '../audit/sign-in-record';
import { certificateKeyId } from '../saml/signing-identity';
import { CHECKLIST_ITEMS, type ChecklistItem, type StoredConfig } from './stored-setup';

/**
 * How far each wizard step is, honestly: *to do* until its settings are saved, *saved* until
 * its own test passed for the settings now in force, *verified* after. A test of older
 * settings counts for nothing: change the tenant or rotate the key and the step is back to
 * *saved* until it is tested again.
 *
 * - Step 1 (Entra ID app) is verified by Test connection, for these Entra settings and this credential.
 * - Step 2 (Atlassian Guard) by a sign-in from Guard signed with today's key: only Guard can
 *   prove that Guard holds the certificate.
 * - Step 3 (Enforce) by a test sign-in with today's key and the checklist ticked through.
 */
export type StepStatus = 'todo' | 'saved' | 'verified';

export interface StepProgress {
  readonly status: StepStatus;
  /** What is missing, in the admin's words (absent once verified). */
  readonly next?: string;
}


export interface SetupProgress {
  readonly entra: StepProgress;
  readonly guard: StepProgress;
  readonly enforce: StepProgress;
  readonly checklist: Readonly<Record<ChecklistItem, boolean>>;
}

/** A certificate as the verification keys name it. */
export function certificateDigest(certificatePem: string): string {
  return createHash('sha256').update(certificatePem).digest('hex');
}

/**
 * Whether Entra ID has the bridge's client certificate: *proven* by Test connection with it,
 * *acknowledged* by the admin, else *pending*. Only Entra ID can prove it; without the
 * upload, every sign-in fails at the token endpoint.
 */
export type CertificateUpload = 'proven' | 'acknowledged' | 'pending';

export function certificateUploadOf(config: StoredConfig): CertificateUpload | undefined {
  const pem = config.clientCertificate?.certificatePem;
  if (pem === undefined) return undefined;
  const key = entraVerificationKey(config);
  if (config.clientCredential === 'certificate' && key !== undefined && config.verified?.entra === key) return 'proven';
  return config.certificateUploaded === certificateDigest(pem) ? 'acknowledged' : 'pending';
}

/** What Test connection proves: these Entra ID settings with this credential. */
export function entraVerificationKey(config: StoredConfig): string | undefined {
  if (config.entra === undefined) return undefined;
  const credential =
    config.clientCredential === 'certificate'
      ? { certificate: config.clientCertificate?.certificatePem === undefined ? undefined : certificateDigest(config.clientCertificate.certificatePem) }
      : { secretSavedAt: config.clientSecretSavedAt };
  return createHash('sha256').update(JSON.stringify({ entra: config.entra, credential })).digest('base64url');
}

/** The trail's name for the key signing now. */
export function signingKeyId(config: StoredConfig): string | undefined {
  return config.signing === undefined ? undefined : certificateKeyId(new X509Certificate(config.signing.certificatePem).raw.toString('base64'));
}

export function describeProgress(config: StoredConfig, recent: readonly SignInRecord[]): SetupProgress {
  const checklist = Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, config.checklist?.[item] === true])) as Record<ChecklistItem, boolean>;
  const entraSaved = config.entra !== undefined && (config.clientSecretSavedAt !== undefined || config.clientCertificate !== undefined);
  const entraKey = entraVerificationKey(config);
  const uploadPending = config.clientCredential === 'certificate' && certificateUploadOf(config) === 'pending';
  const entra: StepProgress = !entraSaved
    ? { status: 'todo', next: 'Save the tenant, the client and the credential.' }
    : entraKey !== undefined && config.verified?.entra === entraKey
      ? { status: 'verified' }
      : uploadPending
        ? { status: 'saved', next: 'Upload the client certificate to the app registration, then run Test connection.' }
        : { status: 'saved', next: 'Run Test connection for the settings saved now.' };

  const keyId = signingKeyId(config);
  const signedWith = (kind: SignInRecord['kind']) => keyId !== undefined && recent.some((record) => record.kind === kind && record.outcome === 'signed-in' && record.key === keyId);
  const guard: StepProgress =
    config.guard === undefined || config.signing === undefined
      ? { status: 'todo', next: config.signing === undefined ? 'Create the signing key, and save Guard’s SP Entity ID, ACS URL and domains.' : 'Save Guard’s SP Entity ID, ACS URL and domains.' }
      : signedWith('sp')
        ? { status: 'verified' }
        : { status: 'saved', next: 'Verified by the first sign-in from Atlassian Guard with this key (a test user in an authentication policy with SSO).' };

  const ticked = CHECKLIST_ITEMS.filter((item) => checklist[item]).length;
  const tested = signedWith('test');
  const enforce: StepProgress =
    tested && ticked === CHECKLIST_ITEMS.length
      ? { status: 'verified' }
      : tested || ticked > 0
        ? { status: 'saved', next: [tested ? undefined : 'Run a test sign-in with the current key.', ticked === CHECKLIST_ITEMS.length ? undefined : `Checklist: ${ticked} of ${CHECKLIST_ITEMS.length} done.`].filter(Boolean).join(' ') }
        : { status: 'todo', next: 'Run a test sign-in, then work through the checklist.' };
  return { entra, guard, enforce, checklist };
}
