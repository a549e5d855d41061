import { randomBytes } from 'node:crypto';
import type { AdminRecord } from '../audit/admin-record';
import { connectionClashes, PRIMARY_CONNECTION_ID, type ConnectionClash } from '../config/schema';
import { LOGIN_STATE_TTL_SECONDS } from '../signin/login-state';
import { describeChanges, signingFingerprint } from './admin-changes';
import type { AdminContext } from './admin-context';
import { refuse, type ApiResult } from './api-result';
import type { SetupView } from './setup-view';
import type { RotationStep } from './signing-rotation';
import type { StoredConfig, StoredSecrets } from './stored-setup';
import { TRUST_CHANGE_WARNING } from './trust';
import { bindConfig, bindSecrets, decideTrust, replaceKey } from './trust-binding';

export interface CommitOptions {
  /** The admin action, as the trail names it. */
  readonly action: string;
  /** The admin confirmed that this save may replace the signing key (a change of trust). */
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
 * for needs the admin's confirmation and replaces the key in this same commit, destroying
 * the old keys and every older secrets version. Each change is then written to the admin
 * trail, with its actor.
 */
export async function commit(context: AdminContext, base: StoredConfig, change: Partial<StoredConfig>, secretsIn: StoredSecrets | undefined, options: CommitOptions): Promise<ApiResult<SetupView>> {
  const { deps } = context;
  const at = context.now();
  let next: StoredConfig = { ...base, ...change, updatedAt: at.toISOString() };
  for (const key of Object.keys(change) as (keyof StoredConfig)[]) if (change[key] === undefined) delete next[key];
  const clashes = next.guard === undefined ? [] : connectionClashes({ guard: next.guard, connections: next.connections });
  if (clashes.length > 0) return refuse('SETUP_INVALID', clashFields(clashes, options.action));
  let secrets = secretsIn;
  const decision = decideTrust(base, next);
  const keyReplaced = decision.kind === 'replace-key';
  if (decision.kind === 'replace-key') {
    if (options.confirmTrustChange !== true) return refuse('SETUP_TRUST_CHANGE_UNCONFIRMED', { trust: `${TRUST_CHANGE_WARNING} Changed: ${decision.changed.join(', ')}.` });
    const replaced = replaceKey(next, secrets ?? (await context.readSecrets(base)), context.newKeyPair(), decision.fingerprint, at.toISOString());
    next = replaced.config;
    secrets = replaced.secrets;
  } else if (decision.kind === 'bind') {
    next = bindConfig(next, decision.fingerprint);
    secrets = bindSecrets(secrets ?? (await context.readSecrets(base)), decision.fingerprint);
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
  return context.view(next);
}

/** A step of a key rotation (signing key or client certificate), committed like any save. */
export async function commitRotation(context: AdminContext, action: string, step: (config: StoredConfig, secrets: StoredSecrets) => RotationStep): Promise<ApiResult<SetupView>> {
  const config = await context.current();
  if (!config.ok) return config;
  const result = step(config.value, await context.readSecrets(config.value));
  if ('refused' in result) return refuse('SETUP_INCOMPLETE', { signing: result.refused });
  return commit(context, config.value, result.config, result.secrets, { action });
}
