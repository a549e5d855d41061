import type { AdminTrail } from '../audit/admin-record';
import type { RefusalCounts } from '../audit/refusals';
import type { Trail } from '../audit/trail';
import { RECENT_SIGN_INS_LIMIT, type AuditLog } from '../audit/sign-in-record';
import type { Logger, SingleUseStore } from '../kernel/ports';
import { StorageError } from '../kernel/storage-fault';
import type { OidcTransport } from '../oidc/relying-party';
import { createSigningIdentity } from '../saml/certificate-factory';
import { fromResult, type ApiResult } from './api-result';
import { readConfig } from './settings-loader';
import { describeSetup, type SetupView } from './setup-view';
import { EMPTY_CONFIG, storedConfigSchema, storedSecretsSchema, type BridgeEndpoints, type SetupStore, type StoredConfig, type StoredSecrets } from './stored-setup';

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
  /** Where a fault of the bridge's own is logged, with its reference. */
  readonly logger?: Logger;
}

type KeyPair = { readonly privateKeyPem: string; readonly certificatePem: string };

/** What every action reads and makes: the setup as stored, the view of it, new keys. */
export class AdminContext {
  constructor(readonly deps: AdminApiDependencies) {}

  now(): Date {
    return this.deps.clock.now();
  }

  /** The setup in force, as sign-ins read it (the empty one before the first save). */
  async inForce(): Promise<ApiResult<StoredConfig>> {
    const stored = await readConfig(this.deps.store);
    return stored.ok ? { ok: true, value: stored.value ?? EMPTY_CONFIG } : fromResult(stored);
  }

  /**
   * The setup the admin edits: the one in force, or, while a change of trust is prepared,
   * the setup that change makes (its snapshot). Every save builds on this one.
   */
  async current(): Promise<ApiResult<StoredConfig>> {
    const top = await this.inForce();
    if (!top.ok || top.value.staged === undefined) return top;
    return { ok: true, value: await this.snapshot(top.value.staged.snapshot) };
  }

  /** A snapshot the configuration names; one that is gone or unreadable is a storage fault. */
  async snapshot(version: string): Promise<StoredConfig> {
    const parsed = storedConfigSchema.safeParse((await this.deps.store.readSnapshot(version)) ?? null);
    if (!parsed.success) throw new StorageError('a stored setup snapshot is not readable');
    return parsed.data;
  }

  /**
   * What the wizard shows: the settings as the admin edits them (`working`), and from the
   * setup in force (`top`) the key signing, the change prepared and the statuses. The trail
   * proves steps 2 and 3 (a sign-in from Guard, a test sign-in, with today's key).
   */
  async view(top: StoredConfig, working: StoredConfig = top): Promise<ApiResult<SetupView>> {
    const recent = await this.deps.audit.recent(RECENT_SIGN_INS_LIMIT).catch(() => []);
    return { ok: true, value: describeSetup(working, await this.deps.endpoints(), this.now(), recent, top) };
  }

  /** The secrets the setup names; unreadable ones are a storage fault, not a bug. */
  async readSecrets(config: StoredConfig): Promise<StoredSecrets> {
    if (config.secretsVersion === undefined) return {};
    const existing = storedSecretsSchema.safeParse((await this.deps.store.readSecrets(config.secretsVersion)) ?? {});
    if (!existing.success) throw new StorageError('the stored secrets are not readable');
    return existing.data;
  }

  /** A new SAML signing key with its certificate. */
  newKeyPair(): KeyPair {
    const identity = createSigningIdentity({ commonName: this.deps.certificateName ?? 'Entra ID SSO bridge for Atlassian', now: this.now() });
    return { privateKeyPem: identity.privateKeyPem, certificatePem: identity.certificatePem };
  }

  /** The bridge's client certificate for Entra ID: a key of its own, never the SAML one. */
  newClientPair(): KeyPair {
    const identity = createSigningIdentity({ commonName: 'Entra ID SSO bridge client credential', now: this.now() });
    return { privateKeyPem: identity.privateKeyPem, certificatePem: identity.certificatePem };
  }
}
