import { randomBytes } from 'node:crypto';
import type { AdminRecord } from '../audit/admin-record';
import { describeChanges, signingFingerprint } from './admin-changes';
import type { AdminContext } from './admin-context';
import { refuse, type ApiResult } from './api-result';
import type { SetupView } from './setup-view';
import type { StoredConfig, StoredSecrets } from './stored-setup';
import { changedTrustFields, fingerprintOf, trustSettingsOf } from './trust';

/**
 * A change of trust is a key rotation that carries settings. Guard trusts one certificate,
 * and a change of whom the bridge vouches for needs a key of its own, so the change goes in
 * stages the admin controls, and sign-in never stops:
 * 1. prepare: the setup the change makes is kept whole in a snapshot, with a new key bound to
 *    it; the configuration in force names it (`staged`) and metadata lists its certificate.
 *    Sign-ins go on with the settings and key in force. Saves meanwhile add to the change.
 * 2. activate, once Guard holds the new certificate: the snapshot becomes the configuration
 *    in force, settings and key at once; the setup it replaces is kept (`rollback`).
 * 3. roll back: the setup before comes back, settings and key; the change is prepared again.
 * Or discard: the prepared change goes, its key destroyed; nothing in force changed.
 *
 * Every write of a stage names what it writes only in its last step, the configuration,
 * which is the commit point: a stage that fails half-way leaves the previous one whole.
 */

const newVersion = () => randomBytes(12).toString('base64url');

/** The configuration without the markers of stages: what a snapshot holds. */
export function withoutStages(config: StoredConfig): StoredConfig {
  const { staged: _staged, rollback: _rollback, ...rest } = config;
  return rest;
}

type KeyPair = NonNullable<StoredSecrets['signing']>;

/** Every secrets version and snapshot the configuration still needs. */
function referenced(config: StoredConfig): Set<string> {
  return new Set([config.secretsVersion, config.staged?.snapshot, config.rollback?.snapshot, ...(config.retiredSecrets ?? []).map((entry) => entry.version)].filter((version): version is string => version !== undefined));
}

/** Deletes a snapshot the configuration no longer names, and its secrets version unless still needed. */
async function dropSnapshot(context: AdminContext, version: string | undefined, kept: StoredConfig): Promise<void> {
  if (version === undefined || referenced(kept).has(version)) return;
  const snapshot = await context.snapshot(version).catch(() => undefined);
  await context.deps.store.deleteSnapshot(version).catch(() => undefined);
  const secrets = snapshot?.secretsVersion;
  if (secrets !== undefined && !referenced(kept).has(secrets)) await context.deps.store.deleteSecrets(secrets).catch(() => undefined);
}

/** The snapshots of stages the configuration in force named before a save that leaves them behind. */
export async function dropStagesLeftBehind(context: AdminContext, before: StoredConfig, after: StoredConfig): Promise<void> {
  for (const version of [before.staged?.snapshot, before.rollback?.snapshot]) if (version !== after.staged?.snapshot && version !== after.rollback?.snapshot) await dropSnapshot(context, version, after);
}

/** A stage on the admin trail, with the certificate that signs in `signed` (the setup the stage leaves), when it has one. */
async function record(context: AdminContext, record: Omit<AdminRecord, 'at' | 'actor' | 'certificate'>, signed?: StoredConfig): Promise<ApiResult<undefined>> {
  const certificate = signed === undefined ? undefined : signingFingerprint(signed);
  try {
    await context.deps.adminTrail.append({ at: context.now().toISOString(), actor: context.deps.actor, ...record, ...(certificate !== undefined && { certificate }) });
    return { ok: true, value: undefined };
  } catch {
    return refuse('ADMIN_TRAIL_UNAVAILABLE');
  }
}

/**
 * Writes the setup in force with `kept` saved beside it first (the setup a stage keeps to
 * come back to): a write of the setup that fails leaves no snapshot behind.
 */
async function writeConfigKeeping(context: AdminContext, top: StoredConfig, kept: { readonly version: string; readonly config: StoredConfig }): Promise<void> {
  await context.deps.store.writeSnapshot(kept.version, kept.config);
  try {
    await context.deps.store.writeConfig(top);
  } catch (error) {
    await context.deps.store.deleteSnapshot(kept.version).catch(() => undefined);
    throw error;
  }
}

/**
 * Prepares (or changes) a change of trust: `next` is the setup it makes, `working` the one
 * the save started from (the prepared one, when there is one: its key stays, so a
 * certificate already given to Guard stays right).
 */
export async function stageTrustChange(
  context: AdminContext,
  inForce: StoredConfig,
  working: StoredConfig,
  next: StoredConfig,
  secretsIn: StoredSecrets | undefined,
  options: { readonly action: string; readonly secretReplaced?: string },
): Promise<ApiResult<SetupView>> {
  // A key rotation under way stays as it is until the change is activated, which ends it.
  const at = context.now().toISOString();
  const fingerprint = fingerprintOf(next) ?? '';
  const workingSecrets = secretsIn ?? (await context.readSecrets(working));
  const kept = inForce.staged !== undefined ? workingSecrets.signing : undefined;
  const pair: KeyPair = kept ?? context.newKeyPair();
  const { nextSigning: _next, previousSigning: _previous, ...secretsRest } = workingSecrets;
  const secrets: StoredSecrets = { ...secretsRest, signing: { privateKeyPem: pair.privateKeyPem, certificatePem: pair.certificatePem, boundTo: fingerprint } };
  const certificate = { certificatePem: pair.certificatePem, createdAt: kept !== undefined && working.signing !== undefined ? working.signing.createdAt : at, boundTo: fingerprint };
  const { nextSigning: _n, previousSigning: _p, retiredSecrets: _r, ...nextRest } = withoutStages(next);
  const secretsVersion = newVersion();
  const snapshot = newVersion();
  const staged: StoredConfig = { ...nextRest, signing: certificate, secretsVersion, updatedAt: at };
  const top: StoredConfig = {
    ...withoutStages(inForce),
    staged: { snapshot, preparedAt: inForce.staged?.preparedAt ?? at, changed: changedTrustFields(trustSettingsOf(inForce), trustSettingsOf(next)), certificate },
    updatedAt: at,
  };
  await context.deps.store.writeSecrets(secretsVersion, secrets);
  try {
    await writeConfigKeeping(context, top, { version: snapshot, config: staged });
  } catch (error) {
    await context.deps.store.deleteSecrets(secretsVersion).catch(() => undefined);
    throw error;
  }
  await dropStagesLeftBehind(context, inForce, top);
  context.deps.onChange?.();
  const changes = describeChanges(working, staged, options.secretReplaced);
  const trail = await record(context, { action: options.action, changes, stage: 'prepared' }, staged);
  if (!trail.ok) return trail;
  return context.view(top, staged);
}

/** Activation: the prepared setup is in force from now on, settings and key at once; the one before is kept to roll back to. */
export async function activateTrustChange(context: AdminContext): Promise<ApiResult<SetupView>> {
  const inForce = await context.inForce();
  if (!inForce.ok) return inForce;
  const staged = inForce.value.staged;
  if (staged === undefined) return refuse('SETUP_INCOMPLETE', { trust: 'No change of trust is prepared.' });
  const next = await context.snapshot(staged.snapshot);
  const at = context.now().toISOString();
  const before = newVersion();
  const top: StoredConfig = { ...withoutStages(next), rollback: { snapshot: before, activatedAt: at, changed: staged.changed }, updatedAt: at };
  await writeConfigKeeping(context, top, { version: before, config: withoutStages(inForce.value) });
  // The snapshot is the configuration now; its secrets version is in force.
  await context.deps.store.deleteSnapshot(staged.snapshot).catch(() => undefined);
  await dropStagesLeftBehind(context, { ...inForce.value, staged: undefined }, top);
  context.deps.onChange?.();
  const trail = await record(context, { action: 'activateTrustChange', changes: describeChanges(inForce.value, top, undefined), stage: 'activated' }, top);
  if (!trail.ok) return trail;
  return context.view(top);
}

/** Roll back: the setup before the activation is in force again, settings and key; the change it undid is prepared again. */
export async function rollBackTrustChange(context: AdminContext): Promise<ApiResult<SetupView>> {
  const inForce = await context.inForce();
  if (!inForce.ok) return inForce;
  const rollback = inForce.value.rollback;
  if (rollback === undefined) return refuse('SETUP_INCOMPLETE', { trust: 'No activated change of trust to roll back.' });
  const previous = await context.snapshot(rollback.snapshot);
  const at = context.now().toISOString();
  const undone = newVersion();
  const change = withoutStages(inForce.value);
  const certificate = change.signing;
  const top: StoredConfig = {
    ...withoutStages(previous),
    ...(certificate !== undefined && { staged: { snapshot: undone, preparedAt: at, changed: rollback.changed, certificate } }),
    updatedAt: at,
  };
  await writeConfigKeeping(context, top, { version: undone, config: change });
  await context.deps.store.deleteSnapshot(rollback.snapshot).catch(() => undefined);
  context.deps.onChange?.();
  const trail = await record(context, { action: 'rollBackTrustChange', changes: describeChanges(inForce.value, top, undefined), stage: 'rolled-back' }, top);
  if (!trail.ok) return trail;
  return context.view(top, change);
}

/** Discard: the prepared change goes, with its key; nothing in force changes. */
export async function discardTrustChange(context: AdminContext): Promise<ApiResult<SetupView>> {
  const inForce = await context.inForce();
  if (!inForce.ok) return inForce;
  const staged = inForce.value.staged;
  if (staged === undefined) return refuse('SETUP_INCOMPLETE', { trust: 'No change of trust is prepared.' });
  const discarded = await context.snapshot(staged.snapshot);
  const { staged: _staged, ...kept } = inForce.value;
  const top: StoredConfig = { ...kept, updatedAt: context.now().toISOString() };
  await context.deps.store.writeConfig(top);
  await dropSnapshot(context, staged.snapshot, top);
  context.deps.onChange?.();
  const trail = await record(context, { action: 'discardTrustChange', changes: describeChanges(discarded, top, undefined).filter((change) => !change.field.startsWith('signing.')), stage: 'discarded' });
  if (!trail.ok) return trail;
  return context.view(top);
}
