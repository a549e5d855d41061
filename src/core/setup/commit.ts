import { randomBytes } from 'node:crypto';
import type { AdminRecord } from '../audit/admin-record';
import { connectionClashes, PRIMARY_CONNECTION_ID, type ConnectionClash } from '../config/schema';
import { LOGIN_STATE_TTL_SECONDS } from '../signin/login-state';
import { describeChanges, signingFingerprint } from './admin-changes';
import { entraVerificationKey } from './progress';
import type { AdminContext } from './admin-context';
import { refuse, type ApiResult } from './api-result';
import type { SetupView } from './setup-view';
import type { RotationStep } from './signing-rotation';
import type { StoredConfig, StoredSecrets } from './stored-setup';
import { fingerprintOf } from './trust';
import { bindConfig, bindSecrets, boundFingerprint, decideTrust, isComplete, replaceKey } from './trust-binding';
import { dropStagesLeftBehind, stageTrustChange, withoutStages } from './trust-staging';

export interface CommitOptions {
  /** The admin action, as the trail names it. */
  readonly action: string;
  /** Apply a change of trust at once, with a new key, instead of preparing it (the operator's own configuration at start). */
  readonly confirmTrustChange?: boolean;
  /** The field of a client secret that was replaced (the trail says so, never what it is). */
  readonly secretReplaced?: string;
}

/** Clashes as field messages; Guard's step names its own field, with the directory that holds the domain. */
function clashFields(clashes: readonly ConnectionClash[], action: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const clash of clashes) {
    if (action === 'saveGuardStep' && clash.domain?.owner === PRIMARY_CONNECTION_ID) {
      fields['allowedDomains'] ??= `The domain ${clash.domain.name} belongs to the further directory ${clash.domain.claimant}: each domain signs in through one directory. Remove it there first, or leave it out here.`;
    } else fields[clash.path.join('.')] ??= clash.message;
  }
  return fields;
}

/**
 * Saves a change as one step: new secrets (if any) go under a new version, then the
 * configuration naming them is written. That write is the commit; if it fails, the
 * previous configuration and the secrets it names are untouched.
 *
 * Every save passes here, so here are the rules every save obeys. The routing rule: no
 * saved setup routes a domain twice. The trust rule (trust-binding.ts): the key is bound
 * when the setup first becomes complete; once bound, a change of whom the bridge vouches
 * for is prepared, not applied (trust-staging.ts): sign-ins go on with the settings and key
 * in force until the admin activates it. `confirmTrustChange` applies it at once instead,
 * with a new key, destroying the old keys and every older secrets version (the operator's
 * own configuration at start does this). Each change is then written to the admin trail,
 * with its actor.
 *
 * `base` is the setup the admin edits (context.current()): while a change is prepared, the
 * one it makes. A save that brings the settings back to those in force applies at once and
 * ends the prepared change; any other save while one is prepared adds to it.
 */
export async function commit(context: AdminContext, base: StoredConfig, change: Partial<StoredConfig>, secretsIn: StoredSecrets | undefined, options: CommitOptions): Promise<ApiResult<SetupView>> {
  const { deps } = context;
  const inForceRead = await context.inForce();
  if (!inForceRead.ok) return inForceRead;
  const inForce = inForceRead.value;
  const at = context.now();
  let next: StoredConfig = { ...withoutStages(base), ...change, updatedAt: at.toISOString() };
  for (const key of Object.keys(change) as (keyof StoredConfig)[]) if (change[key] === undefined) delete next[key];
  if (entraVerificationKey(next) !== entraVerificationKey(base)) next.entraChangedAt = at.toISOString();
  const clashes = next.guard === undefined ? [] : connectionClashes({ guard: next.guard, connections: next.connections });
  if (clashes.length > 0) return refuse('SETUP_INVALID', clashFields(clashes, options.action));
  const bound = boundFingerprint(withoutStages(inForce));
  if (bound !== undefined && options.confirmTrustChange !== true && (isComplete(next) ? fingerprintOf(next) : undefined) !== bound) {
    return stageTrustChange(context, inForce, base, next, secretsIn, options);
  }
  let secrets = secretsIn;
  if (inForce.staged !== undefined) {
    // Back to the settings in force, or applied at once: the prepared change and its key go.
    const kept = keysOf(inForce, await context.readSecrets(inForce));
    next = { ...next, ...kept.config };
    for (const slot of KEY_SLOTS) if (kept.config[slot] === undefined) delete next[slot];
    secrets = { ...(secrets ?? (await context.readSecrets(base))), ...kept.secrets };
    for (const slot of KEY_SLOTS) if (kept.secrets[slot] === undefined) delete secrets[slot];
  }
  if (inForce.rollback !== undefined) next.rollback = inForce.rollback;
  const decision = decideTrust(withoutStages(inForce), next);
  const keyReplaced = decision.kind === 'replace-key';
  if (decision.kind === 'replace-key') {
    const replaced = replaceKey(next, secrets ?? (await context.readSecrets(base)), context.newKeyPair(), decision.fingerprint, at.toISOString());
    next = replaced.config;
    secrets = replaced.secrets;
    // A key replaced at once leaves nothing to roll back to.
    delete next.rollback;
  } else if (decision.kind === 'bind') {
    next = bindConfig(next, decision.fingerprint);
    secrets = bindSecrets(secrets ?? (await context.readSecrets(base)), decision.fingerprint);
  }
  const retired = inForce.retiredSecrets ?? [];
  // After a change of trust nothing older survives: not even for sign-ins in progress.
  const doomed = keyReplaced ? [...retired.map((entry) => entry.version), ...(inForce.secretsVersion === undefined ? [] : [inForce.secretsVersion])] : retired.filter((entry) => Date.parse(entry.until) <= at.getTime()).map((entry) => entry.version);
  let written: string | undefined;
  if (secrets !== undefined) {
    written = randomBytes(12).toString('base64url');
    await deps.store.writeSecrets(written, secrets);
    next.secretsVersion = written;
    // Sign-ins in progress still name the replaced version: it stays for their lifetime.
    const keep = keyReplaced ? [] : retired.filter((entry) => !doomed.includes(entry.version));
    if (!keyReplaced && inForce.secretsVersion !== undefined) keep.push({ version: inForce.secretsVersion, until: new Date(at.getTime() + LOGIN_STATE_TTL_SECONDS * 1000).toISOString() });
    next.retiredSecrets = keep;
  }
  try {
    await deps.store.writeConfig(next);
  } catch (error) {
    if (written !== undefined) await deps.store.deleteSecrets(written).catch(() => undefined);
    throw error;
  }
  if (written !== undefined) for (const version of doomed) await deps.store.deleteSecrets(version).catch(() => undefined);
  await dropStagesLeftBehind(context, inForce, next);
  deps.onChange?.();
  const changes = describeChanges(withoutStages(inForce), next, options.secretReplaced);
  if (changes.length > 0) {
    const certificate = signingFingerprint(next);
    const record: AdminRecord = {
      at: at.toISOString(),
      actor: deps.actor,
      action: options.action,
      changes,
      ...(certificate !== undefined && { certificate }),
      ...(keyReplaced && { keyReplaced }),
      ...(inForce.staged !== undefined && { stage: 'discarded' as const }),
    };
    try {
      await deps.adminTrail.append(record);
    } catch {
      return refuse('ADMIN_TRAIL_UNAVAILABLE');
    }
  }
  return context.view(next);
}

const KEY_SLOTS = ['signing', 'nextSigning', 'previousSigning'] as const;

/** The key slots of the setup in force, in the configuration and in its secrets. */
function keysOf(config: StoredConfig, secrets: StoredSecrets) {
  return {
    config: Object.fromEntries(KEY_SLOTS.map((slot) => [slot, config[slot]])) as Pick<StoredConfig, (typeof KEY_SLOTS)[number]>,
    secrets: Object.fromEntries(KEY_SLOTS.map((slot) => [slot, secrets[slot]])) as Pick<StoredSecrets, (typeof KEY_SLOTS)[number]>,
  };
}

/**
 * Bookkeeping of the admin's own (the checklist) is not a setting: it goes to the setup in
 * force and to a prepared change alike, and never starts or ends one.
 */
export async function commitBookkeeping(context: AdminContext, change: Pick<StoredConfig, 'checklist' | 'certificateUploaded'>, action: string): Promise<ApiResult<SetupView>> {
  const inForce = await context.inForce();
  if (!inForce.ok) return inForce;
  const at = context.now().toISOString();
  const top: StoredConfig = { ...inForce.value, ...change, updatedAt: at };
  const snapshot = inForce.value.staged?.snapshot;
  const working = snapshot === undefined ? top : { ...(await context.snapshot(snapshot)), ...change, updatedAt: at };
  if (snapshot !== undefined) await context.deps.store.writeSnapshot(snapshot, working);
  await context.deps.store.writeConfig(top);
  context.deps.onChange?.();
  const changes = describeChanges(inForce.value, top, undefined);
  if (changes.length > 0) {
    try {
      await context.deps.adminTrail.append({ at, actor: context.deps.actor, action, changes });
    } catch {
      return refuse('ADMIN_TRAIL_UNAVAILABLE');
    }
  }
  return context.view(top, working);
}

/** A step of a key rotation (signing key or client certificate), committed like any save. */
export async function commitRotation(context: AdminContext, action: string, step: (config: StoredConfig, secrets: StoredSecrets) => RotationStep): Promise<ApiResult<SetupView>> {
  const config = await context.inForce();
  if (!config.ok) return config;
  if (config.value.staged !== undefined) return refuse('SETUP_INCOMPLETE', { signing: 'A change of trust is prepared: activate or discard it first. Its activation is the key rotation.' });
  const result = step(config.value, await context.readSecrets(config.value));
  if ('refused' in result) return refuse('SETUP_INCOMPLETE', { signing: result.refused });
  return commit(context, config.value, result.config, result.secrets, { action });
}
