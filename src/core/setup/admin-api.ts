import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { ADMIN_TRAIL, RECENT_ADMIN_RECORDS_LIMIT, type AdminRecord, type AdminTrail } from '../audit/admin-record';
import { REFUSAL_TRAIL, summarizeRefusals, type RefusalCounts, type RefusalSummary } from '../audit/refusals';
import type { Trail } from '../audit/trail';
import { adminRecordsToCsv, signInsToCsv } from '../audit/sign-ins-csv';
import { RECENT_SIGN_INS_LIMIT, SIGN_IN_EXPORT_LIMIT, type AuditLog, type SignInRecord } from '../audit/sign-in-record';
import { additionalConnectionSchema, bridgeConfigSchema, connectionClashes, entraSettingsSchema, guardSettingsSchema, PRIMARY_CONNECTION_ID, type ConnectionClash } from '../config/schema';
import { describeError, type ErrorCode } from '../errors/catalogue';
import { checkCredentials, checkProvider, forgetTenants, type ConnectionCheck, type OidcTransport } from '../oidc/entra-client';
import type { SingleUseStore } from '../kernel/ports';
import type { Result } from '../kernel/result';
import { storageFault } from '../kernel/storage-fault';
import {
  TEST_TTL_SECONDS,
  isWellFormedTicket,
  newTestTicket,
  testResultKey,
  testSignInResultSchema,
  testTicketKey,
  type TestSignInResult,
} from '../signin/test-sign-in';
import { createSigningIdentity } from '../saml/certificate-factory';
import { LOGIN_STATE_TTL_SECONDS } from '../signin/login-state';
import { readConfig } from './runtime-settings';
import { PORTABLE_FORMAT, portableConfigurationSchema, type PortableConfiguration } from './portable-configuration';
import { activateNext, CLIENT_CERTIFICATE_SLOTS, prepareNext, rollBack, type RotationStep } from './signing-rotation';
import { describeSetup, type SetupView } from './setup-view';
import { CHECKLIST_ITEMS, entraVerificationKey } from './progress';
import { describeChanges, signingFingerprint } from './admin-changes';
import { TRUST_CHANGE_WARNING } from './trust';
import { bindConfig, bindSecrets, decideTrust, replaceKey } from './trust-binding';
import { newCheckRecord, newSiteCheckTicket, siteCheckKey, siteCheckReport, SITE_CHECK_TTL_SECONDS, type SiteCheckReport } from '../site-check/site-check';
import { entraCredential, isNewEntraClient, reusableSecret, savedConnectionSecret, secretsOfConnections, SECRET_FOR_ANOTHER_CLIENT, withConnectionSecret } from './credential-ownership';
import { clientOfSaved, entraClientOf } from '../signin/connections';
import { EMPTY_CONFIG, storedSecretsSchema, type BridgeEndpoints, type SetupStore, type StoredConfig, type StoredSecrets } from './stored-setup';

/** What every admin action answers: JSON, as Forge's invoke and the local /api/invoke carry it. */
export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: { readonly code: ErrorCode; readonly message: string; readonly remedy: string; readonly step?: 1 | 2 | 3; readonly fields?: Record<string, string> };
    };

export interface AdminApiDependencies extends OidcTransport {
  readonly store: SetupStore;
  /** The sign-in endpoints' single-use store: test tickets go in, test results come out. */
  readonly loginStore: SingleUseStore;
  readonly audit: AuditLog;
  /** The admin trail: every change, with its actor. */
  readonly adminTrail: AdminTrail;
  /** Refusals before anyone authenticated, counted per window (see refusals.ts). */
  readonly refusalTrail: Trail<RefusalCounts>;
  /** Who is calling: the Atlassian account ID on Forge; how the caller got in, locally. */
  readonly actor: string;
  readonly endpoints: () => Promise<BridgeEndpoints>;
  /** The subject of new signing certificates, e.g. the Jira site's name. */
  readonly certificateName?: string;
  /** Told after every save, so a warm process stops using what it cached. */
  readonly onChange?: () => void;
}

function refuse(code: ErrorCode, fields?: Record<string, string>): ApiResult<never> {
  const { title, remedy, step } = describeError(code);
  return { ok: false, error: { code, message: title, remedy, ...(step !== undefined && { step }), ...(fields !== undefined && { fields }) } };
}

function fromResult<T>(result: Result<T>): ApiResult<T> {
  if (result.ok) return { ok: true, value: result.value };
  const { title, remedy, step } = describeError(result.error.code);
  const message = result.error.detail === undefined ? title : `${title} (${result.error.detail})`;
  return { ok: false, error: { code: result.error.code, message, remedy, ...(step !== undefined && { step }) } };
}

interface CommitOptions {
  /** The admin action, as the trail names it. */
  readonly action: AdminAction;
  /** The admin confirmed that this save may replace the signing key (a change of trust). */
  readonly confirmTrustChange?: boolean;
  /** The field of a client secret that was replaced (the trail says so, never what it is). */
  readonly secretReplaced?: string;
}

/** Clashes as field messages; Guard's step names its own field, with the directory that holds the domain. */
function clashFields(clashes: readonly ConnectionClash[], action: AdminAction): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const clash of clashes) {
    if (action === 'saveGuardStep' && clash.domain?.owner === PRIMARY_CONNECTION_ID) {
      fields['allowedDomains'] ??= `The domain ${clash.domain.name} belongs to the further directory ${clash.domain.claimant}: each domain signs in through one directory. Remove it there first, or leave it out here.`;
    } else fields[clash.path.join('.')] ??= clash.message;
  }
  return fields;
}

/** A save's payload without its `confirmTrustChange: true`, which is not a setting. */
function withoutConfirmation(payload: unknown): { confirm: boolean; settings: unknown } | undefined {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return { confirm: false, settings: payload };
  const { confirmTrustChange, ...settings } = payload as Record<string, unknown>;
  if (confirmTrustChange !== undefined && confirmTrustChange !== true) return undefined;
  return { confirm: confirmTrustChange === true, settings };
}

const CONFIRMATION_INVALID = { confirmTrustChange: 'confirmTrustChange is true, or left out' };

function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.') || 'payload'] ??= issue.message;
  return fields;
}

// A GUID is the shape of a secret's ID in Entra ID; its Value never is one.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const entraStepSchema = z.strictObject({
  ...entraSettingsSchema.shape,
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

const checklistSchema = z.strictObject({ checklist: z.partialRecord(z.enum(CHECKLIST_ITEMS), z.boolean()) });

/**
 * The admin page's actions, shared by the Forge resolvers and the local runtime. Each
 * parses its payload with the shared schema and writes nothing unless all of it is valid.
 * Callers check that the caller is a Jira administrator before calling any of them.
 */
export function createAdminApi(deps: AdminApiDependencies) {
  const now = () => deps.clock.now();

  async function current(): Promise<ApiResult<StoredConfig>> {
    const stored = await readConfig(deps.store);
    return stored.ok ? { ok: true, value: stored.value ?? EMPTY_CONFIG } : fromResult(stored);
  }

  async function view(config: StoredConfig | undefined): Promise<ApiResult<SetupView>> {
    // The trail proves steps 2 and 3 (a sign-in from Guard, a test sign-in, with today's key).
    const recent = await deps.audit.recent(RECENT_SIGN_INS_LIMIT).catch(() => []);
    return { ok: true, value: describeSetup(config, await deps.endpoints(), now(), recent) };
  }

  /**
   * Marks what a test proved, only if the settings it proved are still the ones saved (a
   * save during the test wins). Not a change of the setup: no new secrets, no trail record.
   */
  async function markVerified(proved: string | undefined, passed: boolean): Promise<void> {
    const latest = await current();
    if (!latest.ok || proved === undefined || entraVerificationKey(latest.value) !== proved) return;
    const { entra: _previous, ...others } = latest.value.verified ?? {};
    await deps.store.writeConfig({ ...latest.value, verified: passed ? { ...others, entra: proved } : others });
  }

  async function readSecrets(config: StoredConfig): Promise<StoredSecrets> {
    if (config.secretsVersion === undefined) return {};
    const existing = storedSecretsSchema.safeParse((await deps.store.readSecrets(config.secretsVersion)) ?? {});
    if (!existing.success) throw new Error('stored secrets are not readable');
    return existing.data;
  }

  /**
   * Saves a change as one step: new secrets (if any) go under a new version, then the
   * configuration naming them is written. That write is the commit; if it fails, the
   * previous configuration and the secrets it names are untouched.
   *
   * The trust rule (trust-binding.ts) applies to every save: the key is bound when the
   * setup first becomes complete; once bound, a change of whom the bridge vouches for needs
   * the admin's confirmation and replaces the key in this same commit, destroying the old
   * keys and every older secrets version. Each change is then written to the admin trail.
   */
  async function commit(base: StoredConfig, change: Partial<StoredConfig>, secretsIn: StoredSecrets | undefined, options: CommitOptions): Promise<ApiResult<SetupView>> {
    const at = now();
    let next: StoredConfig = { ...base, ...change, updatedAt: at.toISOString() };
    for (const key of Object.keys(change) as (keyof StoredConfig)[]) if (change[key] === undefined) delete next[key];
    // The routing rule, for whatever path writes domains: no saved setup routes a domain twice.
    const clashes = next.guard === undefined ? [] : connectionClashes({ guard: next.guard, connections: next.connections });
    if (clashes.length > 0) return refuse('SETUP_INVALID', clashFields(clashes, options.action));
    let secrets = secretsIn;
    const decision = decideTrust(base, next);
    const keyReplaced = decision.kind === 'replace-key';
    if (decision.kind === 'replace-key') {
      if (options.confirmTrustChange !== true) return refuse('SETUP_TRUST_CHANGE_UNCONFIRMED', { trust: `${TRUST_CHANGE_WARNING} Changed: ${decision.changed.join(', ')}.` });
      const replaced = replaceKey(next, secrets ?? (await readSecrets(base)), newKeyPair(), decision.fingerprint, at.toISOString());
      next = replaced.config;
      secrets = replaced.secrets;
    } else if (decision.kind === 'bind') {
      next = bindConfig(next, decision.fingerprint);
      secrets = bindSecrets(secrets ?? (await readSecrets(base)), decision.fingerprint);
    }
    const retired = base.retiredSecrets ?? [];
    // After a change of trust nothing older survives: not even for sign-ins in progress.
    const doomed = keyReplaced ? [...retired.map((entry) => entry.version), ...(base.secretsVersion === undefined ? [] : [base.secretsVersion])] : retired.filter((entry) => Date.parse(entry.until) <= at.getTime()).map((entry) => entry.version);
    let written: string | undefined;
    if (secrets !== undefined) {
      written = randomBytes(12).toString('base64url');
      await deps.store.writeSecrets(written, secrets);
      next.secretsVersion = written;
      // Sign-ins in progress still name the replaced version: it stays for their lifetime.
      const keep = keyReplaced ? [] : retired.filter((entry) => !doomed.includes(entry.version));
      if (!keyReplaced && base.secretsVersion !== undefined) keep.push({ version: base.secretsVersion, until: new Date(at.getTime() + LOGIN_STATE_TTL_SECONDS * 1000).toISOString() });
      next.retiredSecrets = keep;
    }
    try {
      await deps.store.writeConfig(next);
    } catch (error) {
      if (written !== undefined) await deps.store.deleteSecrets(written).catch(() => undefined);
      throw error;
    }
    if (written !== undefined) for (const version of doomed) await deps.store.deleteSecrets(version).catch(() => undefined);
    deps.onChange?.();
    const changes = describeChanges(base, next, options.secretReplaced);
    if (changes.length > 0) {
      const certificate = signingFingerprint(next);
      const record: AdminRecord = { at: at.toISOString(), actor: deps.actor, action: options.action, changes, ...(certificate !== undefined && { certificate }), ...(keyReplaced && { keyReplaced }) };
      try {
        await deps.adminTrail.append(record);
      } catch {
        return refuse('ADMIN_TRAIL_UNAVAILABLE');
      }
    }
    return view(next);
  }

  /** The bridge's client certificate for Entra ID: a key of its own, never the SAML one. */
  function newClientPair() {
    const identity = createSigningIdentity({ commonName: 'Entra ID SSO bridge client credential', now: now() });
    return { privateKeyPem: identity.privateKeyPem, certificatePem: identity.certificatePem };
  }

  function newKeyPair() {
    const identity = createSigningIdentity({ commonName: deps.certificateName ?? 'Entra ID SSO bridge for Atlassian', now: now() });
    return { privateKeyPem: identity.privateKeyPem, certificatePem: identity.certificatePem };
  }

  async function rotate(action: AdminAction, step: (config: StoredConfig, secrets: StoredSecrets) => RotationStep): Promise<ApiResult<SetupView>> {
    const config = await current();
    if (!config.ok) return config;
    const result = step(config.value, await readSecrets(config.value));
    if ('refused' in result) return refuse('SETUP_INCOMPLETE', { signing: result.refused });
    return commit(config.value, result.config, result.secrets, { action });
  }

  async function guarded<T>(action: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    try {
      return await action();
    } catch (error) {
      return refuse(storageFault(error, '').error.code);
    }
  }

  return {
    getSetup: (): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const config = await current();
        return config.ok ? view(config.value) : config;
      }),

    saveEntraStep: (payload: unknown): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const request = withoutConfirmation(payload);
        if (request === undefined) return refuse('SETUP_INVALID', CONFIRMATION_INVALID);
        const config = await current();
        if (!config.ok) return config;
        const parsed = entraStepSchema.safeParse(request.settings);
        // Every field's message at once: the missing secret too, even when another field is wrong.
        const raw = (request.settings ?? {}) as { clientSecret?: unknown; clientCredential?: unknown };
        const secretGiven = typeof raw.clientSecret === 'string' && raw.clientSecret.trim() !== '';
        const certificateWanted = raw.clientCredential === 'certificate' || (raw.clientCredential === undefined && config.value.clientCertificate !== undefined && !secretGiven);
        const secretMissing = !certificateWanted && !secretGiven && config.value.clientSecretSavedAt === undefined;
        if (!parsed.success || secretMissing) {
          const fields = parsed.success ? {} : fieldErrors(parsed.error);
          if (secretMissing) fields['clientSecret'] ??= 'Paste the client secret’s Value from Certificates & secrets, or choose the certificate';
          return refuse('SETUP_INVALID', fields);
        }
        const { clientSecret, clientSecretExpiresOn, clientCredential, ...entra } = parsed.data;
        const stored = await readSecrets(config.value);
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
        const options = { action: 'saveEntraStep', confirmTrustChange: request.confirm, ...(newSecret !== undefined && { secretReplaced: 'entra.clientSecret' }) } as const;
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
          Object.assign(change, { clientSecretSavedAt: now().toISOString(), clientSecretExpiresOn });
        }
        if (secrets.clientSecret !== undefined) secrets.clientSecretFor = entraClientOf(entra);
        const makeCertificate = inUse === 'certificate' && secrets.clientCertificate === undefined;
        if (makeCertificate) {
          const pair = newClientPair();
          secrets.clientCertificate = pair;
          change.clientCertificate = { certificatePem: pair.certificatePem, createdAt: now().toISOString() };
        }
        const secretsChanged = newClient || newSecret !== undefined || clientCredential !== undefined || makeCertificate || (stored.clientSecret !== undefined && stored.clientSecretFor === undefined);
        return commit(config.value, change, secretsChanged ? secrets : undefined, options);
      }),

    saveGuardStep: (payload: unknown): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const request = withoutConfirmation(payload);
        if (request === undefined) return refuse('SETUP_INVALID', CONFIRMATION_INVALID);
        const parsed = guardSettingsSchema.safeParse(request.settings);
        if (!parsed.success) return refuse('SETUP_INVALID', fieldErrors(parsed.error));
        const config = await current();
        if (!config.ok) return config;
        return commit(config.value, { guard: parsed.data }, undefined, { action: 'saveGuardStep', confirmTrustChange: request.confirm });
      }),

    /** The first signing key. Later changes go through the rotation actions, so Guard is never left behind. */
    createSigningKey: (): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const config = await current();
        if (!config.ok) return config;
        if (config.value.signing !== undefined) return refuse('SETUP_INCOMPLETE', { signing: 'A signing key exists: rotate it (prepare, paste into Guard, activate) instead.' });
        const pair = newKeyPair();
        const secrets = { ...(await readSecrets(config.value)), signing: pair };
        return commit(config.value, { signing: { certificatePem: pair.certificatePem, createdAt: now().toISOString() } }, secrets, { action: 'createSigningKey' });
      }),

    /** Rotation, step 1: a next key, published in metadata; the current key keeps signing. */
    prepareNextSigningKey: (): Promise<ApiResult<SetupView>> =>
      guarded(() => rotate('prepareNextSigningKey', (config, secrets) => prepareNext(config, secrets, newKeyPair(), now().toISOString()))),

    /** Rotation, step 2: the next key signs from now on (after its certificate is in Guard). */
    activateNextSigningKey: (): Promise<ApiResult<SetupView>> => guarded(() => rotate('activateNextSigningKey', activateNext)),

    /** Rotation, undone: the previous key signs again. */
    rollBackSigningKey: (): Promise<ApiResult<SetupView>> => guarded(() => rotate('rollBackSigningKey', (config, secrets) => rollBack(config, secrets, now().toISOString()))),

    testEntraConnection: (): Promise<ApiResult<ConnectionCheck>> =>
      guarded(async () => {
        const config = await current();
        if (!config.ok) return config;
        const secrets = await readSecrets(config.value);
        // The credential in use: the proof is of what sign-ins will present, to its own client only.
        const credential = config.value.entra === undefined ? undefined : entraCredential(config.value.entra, secrets);
        if (config.value.entra === undefined || credential === undefined) return refuse('SETUP_INCOMPLETE');
        const checked = await checkCredentials(config.value.entra, credential, deps);
        await markVerified(entraVerificationKey(config.value), checked.ok);
        return fromResult(checked);
      }),

    /**
     * The bridge's own client certificate for step 1's tenant (a new RSA key, never the SAML
     * one): the wizard offers it for upload to the app registration, and from now on token
     * requests are signed client assertions. Replaces an earlier client certificate.
     */
    createClientCertificate: (): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const config = await current();
        if (!config.ok) return config;
        if (config.value.entra === undefined) return refuse('SETUP_INCOMPLETE', { clientCertificate: 'Save the Tenant ID and Client ID first.' });
        const pair = newClientPair();
        const secrets = { ...(await readSecrets(config.value)), clientCertificate: pair, clientCredential: 'certificate' as const };
        return commit(config.value, { clientCertificate: { certificatePem: pair.certificatePem, createdAt: now().toISOString() }, clientCredential: 'certificate' }, secrets, { action: 'createClientCertificate' });
      }),

    /** Client certificate rotation, step 1: a next certificate to upload to Entra ID beside the current one. */
    prepareNextClientCertificate: (): Promise<ApiResult<SetupView>> =>
      guarded(() => rotate('prepareNextClientCertificate', (config, secrets) => prepareNext(config, secrets, newClientPair(), now().toISOString(), CLIENT_CERTIFICATE_SLOTS))),

    /** Client certificate rotation, step 2: the next certificate signs the assertions from now on. */
    activateNextClientCertificate: (): Promise<ApiResult<SetupView>> =>
      guarded(() => rotate('activateNextClientCertificate', (config, secrets) => activateNext(config, secrets, CLIENT_CERTIFICATE_SLOTS))),

    /** Client certificate rotation, undone: the previous certificate signs again. */
    rollBackClientCertificate: (): Promise<ApiResult<SetupView>> =>
      guarded(() => rotate('rollBackClientCertificate', (config, secrets) => rollBack(config, secrets, now().toISOString(), CLIENT_CERTIFICATE_SLOTS))),

    /** Which credential sign-ins present: the client secret or the client certificate (both kept). */
    useClientCredential: (payload: unknown): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const credential = (payload as { credential?: unknown } | null)?.credential;
        if (credential !== 'secret' && credential !== 'certificate') return refuse('SETUP_INVALID', { credential: 'secret or certificate' });
        const config = await current();
        if (!config.ok) return config;
        const secrets = await readSecrets(config.value);
        const usable = config.value.entra === undefined ? undefined : entraCredential(config.value.entra, { ...secrets, clientCredential: credential });
        if (usable === undefined) {
          return refuse('SETUP_INCOMPLETE', { credential: credential === 'secret' ? 'Save a client secret first.' : 'Create the client certificate first.' });
        }
        return commit(config.value, { clientCredential: credential }, { ...secrets, clientCredential: credential }, { action: 'useClientCredential' });
      }),

    /** Step 3's checklist, ticked by the admin: saved, and on the admin trail. */
    saveChecklist: (payload: unknown): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const parsed = checklistSchema.safeParse(payload);
        if (!parsed.success) return refuse('SETUP_INVALID', fieldErrors(parsed.error));
        const config = await current();
        if (!config.ok) return config;
        return commit(config.value, { checklist: parsed.data.checklist }, undefined, { action: 'saveChecklist' });
      }),

    /** A one-time link that runs a test sign-in (it sends nothing to Guard). */
    startTestSignIn: (payload?: unknown): Promise<ApiResult<{ url: string; ticket: string }>> =>
      guarded(async (): Promise<ApiResult<{ url: string; ticket: string }>> => {
        const config = await current();
        if (!config.ok) return config;
        if (config.value.entra === undefined || config.value.guard === undefined || config.value.signing === undefined) {
          return refuse('SETUP_INCOMPLETE');
        }
        const connection = (payload as { connection?: unknown } | null | undefined)?.connection;
        if (connection !== undefined && (typeof connection !== 'string' || !(config.value.connections ?? []).some((c) => c.id === connection))) {
          return refuse('SETUP_INVALID', { connection: 'No further connection has this name' });
        }
        const ticket = newTestTicket();
        await deps.loginStore.put(testTicketKey(ticket), { issuedAt: now().toISOString(), ...(connection !== undefined && { connection }) }, TEST_TTL_SECONDS);
        return { ok: true, value: { url: `${(await deps.endpoints()).idpInitiatedUrl}?test=${ticket}`, ticket } };
      }),

    /** The test's report once the test window has finished: taken once; `pending` until then. */
    getTestSignInResult: (payload: unknown): Promise<ApiResult<TestSignInResult | { status: 'pending' }>> =>
      guarded(async (): Promise<ApiResult<TestSignInResult | { status: 'pending' }>> => {
        const ticket = (payload as { ticket?: unknown } | null)?.ticket;
        if (!isWellFormedTicket(ticket)) return refuse('SETUP_INVALID', { ticket: 'Start the test sign-in again' });
        const taken = await deps.loginStore.take(testResultKey(ticket));
        if (taken.status !== 'taken') return { ok: true, value: { status: 'pending' } };
        const result = testSignInResultSchema.safeParse(taken.value);
        return result.success ? { ok: true, value: result.data } : refuse('STORE_UNAVAILABLE');
      }),

    /** A one-time link that proves, on this site, the web-trigger behaviours the sign-in needs. */
    startSiteCheck: (): Promise<ApiResult<{ url: string; ticket: string }>> =>
      guarded(async () => {
        const ticket = newSiteCheckTicket();
        await deps.loginStore.put(siteCheckKey(ticket), newCheckRecord(now()), SITE_CHECK_TTL_SECONDS);
        const url = new URL((await deps.endpoints()).healthUrl);
        url.searchParams.set('check', ticket);
        return { ok: true, value: { url: url.href, ticket } };
      }),

    /** What the site check has proven so far, behaviour by behaviour. */
    getSiteCheckResult: (payload: unknown): Promise<ApiResult<SiteCheckReport>> =>
      guarded(async () => fromResult(await siteCheckReport((payload as { ticket?: unknown } | null)?.ticket, { store: deps.loginStore, clock: deps.clock }))),

    /** The sign-in trail as CSV (no tokens, codes or secrets are ever in it). */
    exportSignIns: (): Promise<ApiResult<{ csv: string }>> =>
      guarded(async () => ({ ok: true, value: { csv: signInsToCsv(await deps.audit.recent(SIGN_IN_EXPORT_LIMIT)) } })),

    /** The configuration without secrets, to set up another site or environment. */
    exportConfiguration: (): Promise<ApiResult<PortableConfiguration>> =>
      guarded(async (): Promise<ApiResult<PortableConfiguration>> => {
        const config = await current();
        if (!config.ok) return config;
        if (config.value.entra === undefined || config.value.guard === undefined) return refuse('SETUP_INCOMPLETE', { configuration: 'Save steps 1 and 2 first.' });
        return { ok: true, value: { format: PORTABLE_FORMAT, entra: config.value.entra, guard: config.value.guard, connections: config.value.connections ?? [] } };
      }),

    /** Takes an exported configuration whole, or nothing; secrets and keys stay as they are. */
    importConfiguration: (payload: unknown): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const request = withoutConfirmation(payload);
        if (request === undefined) return refuse('SETUP_INVALID', CONFIRMATION_INVALID);
        const parsed = portableConfigurationSchema.safeParse(request.settings);
        if (!parsed.success) return refuse('SETUP_INVALID', fieldErrors(parsed.error));
        const config = await current();
        if (!config.ok) return config;
        // A file carries no secret: step 1's stays with its own app registration, never another's.
        const stored = await readSecrets(config.value);
        if (isNewEntraClient(config.value.entra, parsed.data.entra) && (stored.clientSecret !== undefined || stored.clientCertificate !== undefined)) {
          return refuse('SETUP_INVALID', { 'entra.clientId': 'The file names another app registration (tenant, cloud or client ID) than step 1’s. Save step 1 with that app’s credential first, then import.' });
        }
        forgetTenants();
        // Taken whole: further connections not in the file are removed, and with them their
        // secrets; a connection whose client changed keeps no secret (save it with its new one).
        const connections = parsed.data.connections.length === 0 ? undefined : parsed.data.connections;
        const secrets = secretsOfConnections(stored, config.value.connections ?? [], parsed.data.connections);
        return commit(config.value, { entra: parsed.data.entra, guard: parsed.data.guard, connections }, secrets === stored ? undefined : secrets, { action: 'importConfiguration', confirmTrustChange: request.confirm });
      }),

    /**
     * Adds or replaces a further directory (by its id): another Entra ID tenant or another
     * OpenID provider, with its client secret and its own domains, disjoint from every other
     * connection's. Like any change of whom the bridge vouches for, it needs confirming once
     * the key is bound, and replaces the key.
     */
    saveConnection: (payload: unknown): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const request = withoutConfirmation(payload);
        if (request === undefined) return refuse('SETUP_INVALID', CONFIRMATION_INVALID);
        const { clientSecret, ...settings } = (request.settings ?? {}) as { clientSecret?: unknown };
        const parsed = additionalConnectionSchema.safeParse(settings);
        if (!parsed.success) return refuse('SETUP_INVALID', fieldErrors(parsed.error));
        if (clientSecret !== undefined && (typeof clientSecret !== 'string' || clientSecret.length > 1024)) return refuse('SETUP_INVALID', { clientSecret: 'The client secret is text of at most 1024 characters' });
        const config = await current();
        if (!config.ok) return config;
        if (config.value.entra === undefined || config.value.guard === undefined) return refuse('SETUP_INCOMPLETE', { connections: 'Save steps 1 and 2 (the first directory and Guard) first.' });
        const connections = [...(config.value.connections ?? []).filter((c) => c.id !== parsed.data.id), parsed.data];
        const whole = bridgeConfigSchema.safeParse({ entra: config.value.entra, guard: config.value.guard, connections });
        if (!whole.success) return refuse('SETUP_INVALID', fieldErrors(whole.error));
        const existing = await readSecrets(config.value);
        const saved = (config.value.connections ?? []).find((c) => c.id === parsed.data.id);
        const given = typeof clientSecret === 'string' && clientSecret.trim() !== '' ? clientSecret.trim() : undefined;
        const kept = reusableSecret(saved, parsed.data, savedConnectionSecret(existing, parsed.data.id));
        if (given === undefined && kept === undefined) {
          const message = saved === undefined ? 'Paste the client secret of this directory’s app registration' : SECRET_FOR_ANOTHER_CLIENT;
          return refuse('SETUP_INVALID', { clientSecret: message });
        }
        forgetTenants();
        const secrets = withConnectionSecret(existing, parsed.data.id, { value: given ?? kept?.value ?? '', for: clientOfSaved(parsed.data) });
        return commit(config.value, { connections: whole.data.connections ?? [] }, secrets, { action: 'saveConnection', confirmTrustChange: request.confirm, ...(given !== undefined && { secretReplaced: `connections.${parsed.data.id}.clientSecret` }) });
      }),

    /** Proves a further directory's registration: discovery, and the secret where the provider allows it. */
    testDirectory: (payload: unknown): Promise<ApiResult<ConnectionCheck>> =>
      guarded(async () => {
        const id = (payload as { id?: unknown } | null)?.id;
        const config = await current();
        if (!config.ok) return config;
        const connection = (config.value.connections ?? []).find((c) => c.id === id);
        if (connection === undefined) return refuse('SETUP_INVALID', { id: 'No further connection has this name' });
        // The secret goes only to the client it was saved for (a re-pointed issuer gets none).
        const secret = reusableSecret(connection, connection, savedConnectionSecret(await readSecrets(config.value), connection.id));
        if (secret === undefined) return refuse('SETUP_INCOMPLETE', { clientSecret: 'Save this directory’s client secret first' });
        const { id: _id, kind: _kind, allowedDomains: _domains, ...entra } = connection as Extract<typeof connection, { kind: 'entra' }>;
        const provider = connection.kind === 'entra' ? { kind: 'entra' as const, entra } : { kind: 'oidc' as const, issuer: connection.issuer, clientId: connection.clientId };
        return fromResult(await checkProvider(provider, secret.value, deps));
      }),

    /** Removes a further directory and its secret (a change of trust, like adding one). */
    removeConnection: (payload: unknown): Promise<ApiResult<SetupView>> =>
      guarded(async () => {
        const request = withoutConfirmation(payload);
        if (request === undefined) return refuse('SETUP_INVALID', CONFIRMATION_INVALID);
        const id = (request.settings as { id?: unknown } | null)?.id;
        const config = await current();
        if (!config.ok) return config;
        if (typeof id !== 'string' || !(config.value.connections ?? []).some((c) => c.id === id)) return refuse('SETUP_INVALID', { id: 'No further connection has this name' });
        // Its secret goes with it.
        const secrets = withConnectionSecret(await readSecrets(config.value), id, undefined);
        return commit(config.value, { connections: (config.value.connections ?? []).filter((c) => c.id !== id) }, secrets, { action: 'removeConnection', confirmTrustChange: request.confirm });
      }),

    /** The admin trail: who changed what, newest first. */
    listAdminTrail: (): Promise<ApiResult<AdminRecord[]>> => guarded(async () => ({ ok: true, value: await deps.adminTrail.recent(RECENT_ADMIN_RECORDS_LIMIT) })),

    /** The admin trail as CSV, one row per changed field. */
    exportAdminTrail: (): Promise<ApiResult<{ csv: string }>> =>
      guarded(async () => ({ ok: true, value: { csv: adminRecordsToCsv(await deps.adminTrail.recent(ADMIN_TRAIL.capacity)) } })),

    /** Refusals before anyone authenticated: counts per hour, kind and code, newest first. */
    listRefusals: (): Promise<ApiResult<RefusalSummary[]>> =>
      guarded(async () => ({ ok: true, value: summarizeRefusals(await deps.refusalTrail.recent(REFUSAL_TRAIL.capacity)) })),

    listRecentSignIns: (): Promise<ApiResult<SignInRecord[]>> =>
      guarded(async () => ({ ok: true, value: await deps.audit.recent(RECENT_SIGN_INS_LIMIT) })),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
export type AdminAction = keyof AdminApi;

export const ADMIN_ACTIONS: readonly AdminAction[] = [
  'getSetup',
  'saveEntraStep',
  'saveGuardStep',
  'createSigningKey',
  'prepareNextSigningKey',
  'activateNextSigningKey',
  'rollBackSigningKey',
  'testEntraConnection',
  'startTestSignIn',
  'getTestSignInResult',
  'startSiteCheck',
  'getSiteCheckResult',
  'listRecentSignIns',
  'listRefusals',
  'exportSignIns',
  'exportConfiguration',
  'importConfiguration',
  'listAdminTrail',
  'exportAdminTrail',
  'saveConnection',
  'removeConnection',
  'testDirectory',
  'createClientCertificate',
  'prepareNextClientCertificate',
  'activateNextClientCertificate',
  'rollBackClientCertificate',
  'useClientCredential',
  'saveChecklist',
];

/** Calls an action by name (Forge resolver key, or the local runtime's invoke body). */
export async function invokeAdminAction(api: AdminApi, name: unknown, payload: unknown): Promise<ApiResult<unknown>> {
  if (typeof name !== 'string' || !(ADMIN_ACTIONS as readonly string[]).includes(name)) return refuse('SETUP_UNKNOWN_ACTION');
  const action = api[name as AdminAction] as (payload: unknown) => Promise<ApiResult<unknown>>;
  return action(payload);
}

export { refuse as refusal };
