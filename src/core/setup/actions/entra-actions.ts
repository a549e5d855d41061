import * as z from 'zod';
import { DOMAIN_NAME, entraSettingsSchema } from '../../config/schema';
import { ok } from '../../kernel/result';
import { tenantIdOfDomain } from '../../oidc/discovery';
import { certificateThumbprintSha1 } from '../../oidc/client-credential';
import { checkCredentials, forgetTenants } from '../../oidc/relying-party';
import { entraClientOf } from '../../signin/connections';
import { adminAction, NO_PAYLOAD } from '../admin-action';
import type { AdminContext } from '../admin-context';
import { fromResult, refuse } from '../api-result';
import { commit, commitBookkeeping, commitRotation } from '../commit';
import { entraCredential, isNewEntraClient } from '../credential-ownership';
import { certificateDigest, entraVerificationKey } from '../progress';
import { activateNext, CLIENT_CERTIFICATE_SLOTS, prepareNext, rollBack } from '../signing-rotation';
import type { StoredConfig, StoredSecrets } from '../stored-setup';

/** Step 1, the Entra ID app: its tenant and client, and how the bridge proves itself (a secret, or its own certificate). */

// A GUID is the shape of a secret's ID in Entra ID; its Value never is one.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const entraStepSchema = z.strictObject({
  ...entraSettingsSchema.shape,
  // Entra ID takes a tenant's domain in place of its ID: the save resolves it to the ID (tenantIdOfDomain).
  tenantId: z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => GUID.test(value) || DOMAIN_NAME.test(value), 'The Directory (tenant) ID is a GUID, like 9122040d-6c67-4c5b-b112-36a304b66dad, or one of the tenant’s domains, like contoso.onmicrosoft.com'),
  clientSecret: z
    .string()
    .trim()
    .max(1024, 'A client secret Value is about 40 characters')
    .refine((value) => !GUID.test(value), 'This looks like the Secret ID. Paste the secret’s Value (shown once, when it is created)')
    .optional(),
  /** When the secret expires, as Entra ID shows it beside the secret (YYYY-MM-DD): the wizard warns 30 days ahead. */
  clientSecretExpiresOn: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'The date as Entra ID shows it, like 2027-05-31')
    .refine((value) => !Number.isNaN(Date.parse(value)), 'Not a date')
    .optional(),
  /**
   * Which credential sign-ins present: the bridge's own certificate (Microsoft's
   * recommendation; made in this save when there is none yet) or the client secret. Left
   * out, the credential in use stays.
   */
  clientCredential: z.enum(['secret', 'certificate']).optional(),
});

/** Step 1's save needs a credential: a secret given or saved, or the certificate chosen or made. */
async function secretMissing(raw: unknown, context: AdminContext): Promise<Record<string, string>> {
  const config = await context.current();
  if (!config.ok) return {};
  const given = (raw ?? {}) as { clientSecret?: unknown; clientCredential?: unknown };
  const secretGiven = typeof given.clientSecret === 'string' && given.clientSecret.trim() !== '';
  const certificateWanted = given.clientCredential === 'certificate' || (given.clientCredential === undefined && config.value.clientCertificate !== undefined && !secretGiven);
  return !certificateWanted && !secretGiven && config.value.clientSecretSavedAt === undefined ? { clientSecret: 'Paste the client secret’s Value from Certificates & secrets, or choose the certificate' } : {};
}

const saveEntraStep = adminAction({
  payload: entraStepSchema,
  confirmable: true,
  // Every field's message at once: the missing secret too, even when another field is wrong.
  moreFields: secretMissing,
  async handle(payload, context, confirmed) {
    const config = await context.current();
    if (!config.ok) return config;
    const { clientSecret, clientSecretExpiresOn, clientCredential, ...named } = payload;
    const tenantId = GUID.test(named.tenantId) ? ok(named.tenantId) : await tenantIdOfDomain(named.authority, named.tenantId, context.deps);
    if (!tenantId.ok) {
      return tenantId.error.code === 'ENTRA_TENANT_NOT_FOUND' || tenantId.error.code === 'OIDC_DISCOVERY_FAILED'
        ? refuse('SETUP_INVALID', { tenantId: `Entra ID knows no tenant with the domain ${named.tenantId}: paste the Directory (tenant) ID from the app registration’s Overview page` })
        : fromResult<never>(tenantId);
    }
    const entra = { ...named, tenantId: tenantId.value };
    const stored = await context.readSecrets(config.value);
    const given = clientSecret === undefined || clientSecret === '' ? undefined : clientSecret;
    // Another cloud, tenant or client: no credential of the old one is sent to the new one.
    const newClient = isNewEntraClient(config.value.entra, entra);
    // The secret already saved, given again (a --config file at every start, each replica): not a new secret.
    const newSecret = given !== undefined && given === stored.clientSecret && !newClient ? undefined : given;
    const inUse = clientCredential ?? config.value.clientCredential ?? 'secret';
    if (newClient && inUse === 'secret' && newSecret === undefined) {
      return refuse('SETUP_INVALID', { clientSecret: 'A new tenant, cloud or client ID needs a secret of that app registration: paste its Value, or choose the certificate' });
    }
    forgetTenants();
    const options = { action: 'saveEntraStep', confirmTrustChange: confirmed, ...(newSecret !== undefined && { secretReplaced: 'entra.clientSecret' }) } as const;
    const change: Partial<StoredConfig> = { entra, ...(clientSecretExpiresOn !== undefined && { clientSecretExpiresOn }), ...(clientCredential !== undefined && { clientCredential }) };
    const secrets: StoredSecrets = { ...stored, ...(clientCredential !== undefined && { clientCredential }) };
    if (newClient) {
      // The old app registration's secret and certificates stay behind, in the trail only.
      for (const key of ['clientSecret', 'clientSecretFor', 'clientCertificate', 'nextClientCertificate', 'previousClientCertificate'] as const) delete secrets[key];
      Object.assign(change, { clientSecretSavedAt: undefined, clientSecretExpiresOn: undefined, clientCertificate: undefined, nextClientCertificate: undefined, previousClientCertificate: undefined });
    }
    // A new secret comes with its own expiry: an old date must not stand for it.
    if (newSecret !== undefined) {
      secrets.clientSecret = newSecret;
      Object.assign(change, { clientSecretSavedAt: context.now().toISOString(), clientSecretExpiresOn });
    }
    if (secrets.clientSecret !== undefined) secrets.clientSecretFor = entraClientOf(entra);
    const makeCertificate = inUse === 'certificate' && secrets.clientCertificate === undefined;
    if (makeCertificate) {
      const pair = context.newClientPair();
      secrets.clientCertificate = pair;
      change.clientCertificate = { certificatePem: pair.certificatePem, createdAt: context.now().toISOString() };
    }
    const secretsChanged = newClient || newSecret !== undefined || clientCredential !== undefined || makeCertificate || (stored.clientSecret !== undefined && stored.clientSecretFor === undefined);
    return commit(context, config.value, change, secretsChanged ? secrets : undefined, options);
  },
});

/**
 * Marks what a test proved, only if the settings it proved are still the ones saved (a save
 * during the test wins), where they are kept: in the configuration in force, or in the
 * prepared change's snapshot (its statuses count once it is activated). Not a change of the
 * setup: no new secrets, no trail record.
 */
async function markVerified(context: AdminContext, proved: string | undefined, passed: boolean): Promise<void> {
  const top = await context.inForce();
  if (!top.ok || proved === undefined) return;
  const snapshot = top.value.staged?.snapshot;
  const latest = snapshot === undefined ? top.value : await context.snapshot(snapshot);
  if (entraVerificationKey(latest) !== proved) return;
  const { entra: _previous, ...others } = latest.verified ?? {};
  const marked = { ...latest, verified: passed ? { ...others, entra: proved } : others };
  if (snapshot === undefined) await context.deps.store.writeConfig(marked);
  else await context.deps.store.writeSnapshot(snapshot, marked);
}

/**
 * The admin says the client certificate is uploaded to the app registration: the wizard goes
 * on to step 2 (Test connection would prove it; this records the admin's word, on the trail).
 */
const acknowledgeCertificateUpload = adminAction({
  payload: z.strictObject({ thumbprintSha1: z.string().regex(/^[0-9A-F]{40}$/, 'The thumbprint of the certificate shown') }),
  async handle({ thumbprintSha1 }, context) {
    const config = await context.current();
    if (!config.ok) return config;
    const pem = config.value.clientCertificate?.certificatePem;
    if (pem === undefined) return refuse('SETUP_INCOMPLETE', { clientCertificate: 'There is no client certificate to upload: choose the certificate in step 1 and save.' });
    // The certificate the admin looked at, not one made since in another tab.
    if (certificateThumbprintSha1(pem) !== thumbprintSha1) return refuse('SETUP_INVALID', { thumbprintSha1: 'The client certificate changed since this page showed it: reload, and upload the certificate shown now.' });
    return commitBookkeeping(context, { certificateUploaded: certificateDigest(pem) }, 'acknowledgeCertificateUpload');
  },
});

const testEntraConnection = adminAction({
  payload: NO_PAYLOAD,
  async handle(_payload, context) {
    const config = await context.current();
    if (!config.ok) return config;
    const secrets = await context.readSecrets(config.value);
    // The credential in use: the proof is of what sign-ins will present, to its own client only.
    const credential = config.value.entra === undefined ? undefined : entraCredential(config.value.entra, secrets);
    if (config.value.entra === undefined || credential === undefined) return refuse('SETUP_INCOMPLETE');
    const checked = await checkCredentials(config.value.entra, credential, context.deps);
    await markVerified(context, entraVerificationKey(config.value), checked.ok);
    return fromResult(checked);
  },
});

/**
 * The bridge's own client certificate for step 1's tenant (a new RSA key, never the SAML
 * one): the wizard offers it for upload to the app registration, and from now on token
 * requests are signed client assertions. Replaces an earlier client certificate.
 */
const createClientCertificate = adminAction({
  payload: NO_PAYLOAD,
  async handle(_payload, context) {
    const config = await context.current();
    if (!config.ok) return config;
    if (config.value.entra === undefined) return refuse('SETUP_INCOMPLETE', { clientCertificate: 'Save the Tenant ID and Client ID first.' });
    const pair = context.newClientPair();
    const secrets = { ...(await context.readSecrets(config.value)), clientCertificate: pair, clientCredential: 'certificate' as const };
    return commit(context, config.value, { clientCertificate: { certificatePem: pair.certificatePem, createdAt: context.now().toISOString() }, clientCredential: 'certificate' }, secrets, { action: 'createClientCertificate' });
  },
});

/** Client certificate rotation, step 1: a next certificate to upload to Entra ID beside the current one. */
const prepareNextClientCertificate = adminAction({
  payload: NO_PAYLOAD,
  handle: (_payload, context) => commitRotation(context, 'prepareNextClientCertificate', (config, secrets) => prepareNext(config, secrets, context.newClientPair(), context.now().toISOString(), CLIENT_CERTIFICATE_SLOTS)),
});

/** Client certificate rotation, step 2: the next certificate signs the assertions from now on. */
const activateNextClientCertificate = adminAction({
  payload: NO_PAYLOAD,
  handle: (_payload, context) => commitRotation(context, 'activateNextClientCertificate', (config, secrets) => activateNext(config, secrets, CLIENT_CERTIFICATE_SLOTS)),
});

/** Client certificate rotation, undone: the previous certificate signs again. */
const rollBackClientCertificate = adminAction({
  payload: NO_PAYLOAD,
  handle: (_payload, context) => commitRotation(context, 'rollBackClientCertificate', (config, secrets) => rollBack(config, secrets, context.now().toISOString(), CLIENT_CERTIFICATE_SLOTS)),
});

/** Which credential sign-ins present: the client secret or the client certificate (both kept). */
const useClientCredential = adminAction({
  payload: z.object({ credential: z.enum(['secret', 'certificate'], { error: 'secret or certificate' }) }),
  async handle({ credential }, context) {
    const config = await context.current();
    if (!config.ok) return config;
    const secrets = await context.readSecrets(config.value);
    const usable = config.value.entra === undefined ? undefined : entraCredential(config.value.entra, { ...secrets, clientCredential: credential });
    if (usable === undefined) return refuse('SETUP_INCOMPLETE', { credential: credential === 'secret' ? 'Save a client secret first.' : 'Create the client certificate first.' });
    return commit(context, config.value, { clientCredential: credential }, { ...secrets, clientCredential: credential }, { action: 'useClientCredential' });
  },
});

export const ENTRA_ACTIONS = {
  saveEntraStep,
  testEntraConnection,
  acknowledgeCertificateUpload,
  createClientCertificate,
  prepareNextClientCertificate,
  activateNextClientCertificate,
  rollBackClientCertificate,
  useClientCredential,
};
