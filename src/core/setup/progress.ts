import { createHash, X509Certificate } from 'node:crypto';
import type { SignInRecord } from '../audit/sign-in-record';
import { certificateKeyId } from '../saml/signing-identity';
import { CHECKLIST_ITEMS, type ChecklistItem, type StoredConfig } from './stored-setup';

/**
 * How far each wizard step is, in words the bridge can stand behind: *to do* until its
 * settings are saved, *saved* until what the bridge can see proves them for the settings now
 * in force, *done* after. A proof of older settings counts for nothing: change the tenant or
 * rotate the key and the step is back to *saved*.
 *
 * - Step 1 (Entra ID app): Test connection passed for these Entra settings and this
 *   credential, or a sign-in through step 1's directory succeeded since they last changed.
 * - Step 2 (Atlassian Guard): Guard sent a sign-in here that was answered with today's key.
 *   Whether Guard accepted the answer cannot be seen from here: the words say so.
 * - Step 3 (Enforce): a test sign-in with today's key, and the checklist ticked through.
 */
export type StepStatus = 'todo' | 'saved' | 'done';

export interface StepProgress {
  readonly status: StepStatus;
  /** The status in a few words, shown once per step. */
  readonly summary: string;
  /** What the bridge saw that makes it so (a time, a key). */
  readonly evidence?: string;
  /** What is missing, in the admin's words (absent once done). */
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

const latest = (records: readonly SignInRecord[]) => records.reduce<SignInRecord | undefined>((newest, record) => (newest === undefined || record.at > newest.at ? record : newest), undefined);

function entraProgress(config: StoredConfig, recent: readonly SignInRecord[]): StepProgress {
  const saved = config.entra !== undefined && (config.clientSecretSavedAt !== undefined || config.clientCertificate !== undefined);
  if (!saved) return { status: 'todo', summary: 'To do', next: 'Save the tenant, the client and the credential.' };
  const key = entraVerificationKey(config);
  if (key !== undefined && config.verified?.entra === key) return { status: 'done', summary: 'Connection tested', evidence: 'Test connection passed for the settings saved now.' };
  // A sign-in through step 1's directory redeemed a code with these settings: as good a proof.
  const since = config.entraChangedAt ?? '';
  const through = latest(recent.filter((record) => record.outcome === 'signed-in' && record.connection === undefined && record.at >= since));
  if (through !== undefined) return { status: 'done', summary: 'Signing people in', evidence: `Last sign-in through this directory: ${through.at}.` };
  if (config.clientCredential === 'certificate' && certificateUploadOf(config) === 'pending') return { status: 'saved', summary: 'Saved, not tested', next: 'Upload the client certificate to the app registration, then run Test connection.' };
  return { status: 'saved', summary: 'Saved, not tested', next: 'Run Test connection for the settings saved now.' };
}

export function describeProgress(config: StoredConfig, recent: readonly SignInRecord[]): SetupProgress {
  const checklist = Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, config.checklist?.[item] === true])) as Record<ChecklistItem, boolean>;
  const keyId = signingKeyId(config);
  const signedWith = (kind: SignInRecord['kind']) => latest(keyId === undefined ? [] : recent.filter((record) => record.kind === kind && record.outcome === 'signed-in' && record.key === keyId));
  const fromGuard = signedWith('sp');
  const guard: StepProgress =
    config.guard === undefined || config.signing === undefined
      ? { status: 'todo', summary: 'To do', next: config.signing === undefined ? 'Create the signing key, and save Guard’s SP Entity ID, ACS URL and domains.' : 'Save Guard’s SP Entity ID, ACS URL and domains.' }
      : fromGuard !== undefined
        ? { status: 'done', summary: 'Guard sends sign-ins here', evidence: `Last sign-in from Guard: ${fromGuard.at}, answered with the key ${keyId ?? ''}. Whether Guard accepted the answer cannot be seen from here.` }
        : { status: 'saved', summary: 'No sign-in from Guard yet', next: 'Sign in from Atlassian with a test user in an authentication policy with SSO: the bridge sees it arrive, answered with this key.' };

  const ticked = CHECKLIST_ITEMS.filter((item) => checklist[item]).length;
  const tested = signedWith('test') !== undefined;
  const enforce: StepProgress =
    tested && ticked === CHECKLIST_ITEMS.length
      ? { status: 'done', summary: 'Tested and checked' }
      : tested || ticked > 0
        ? { status: 'saved', summary: 'Under way', next: [tested ? undefined : 'Run a test sign-in with the current key.', ticked === CHECKLIST_ITEMS.length ? undefined : `Checklist: ${ticked} of ${CHECKLIST_ITEMS.length} done.`].filter(Boolean).join(' ') }
        : { status: 'todo', summary: 'To do', next: 'Run a test sign-in, then work through the checklist.' };
  return { entra: entraProgress(config, recent), guard, enforce, checklist };
}
