import { createHash } from 'node:crypto';
import type { AdditionalConnection, EntraSettings, GuardSettings } from '../config/schema';

/**
 * The settings that decide whom the bridge vouches for, and to whom: Atlassian Guard trusts
 * the signing certificate for every account in its verified domains, so changing any of
 * these is changing what that certificate means. Anything of that kind added later belongs
 * here too. The domain hint and the client secret do not: they change how a sign-in looks
 * or authenticates, not whom it vouches for.
 */
export interface TrustSettings {
  readonly authority: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly nameIdClaim: string;
  readonly requireXmsEdov: boolean;
  readonly allowedDomains: readonly string[];
  readonly spEntityId: string;
  readonly acsUrl: string;
  /** The further directories: each one's provider, tenant or issuer, client and domains. */
  readonly connections: readonly unknown[];
}

/** Field names as the wizard and the admin trail show them. */
export const TRUST_FIELDS: Readonly<Record<keyof TrustSettings, string>> = {
  authority: 'entra.authority',
  tenantId: 'entra.tenantId',
  clientId: 'entra.clientId',
  nameIdClaim: 'entra.nameIdClaim',
  requireXmsEdov: 'entra.requireXmsEdov',
  allowedDomains: 'guard.allowedDomains',
  spEntityId: 'guard.spEntityId',
  acsUrl: 'guard.acsUrl',
  connections: 'connections',
};

type TrustSource = { entra?: EntraSettings | undefined; guard?: GuardSettings | undefined; connections?: readonly AdditionalConnection[] | undefined };

export function trustSettingsOf(config: TrustSource): TrustSettings | undefined {
  const { entra, guard } = config;
  if (entra === undefined || guard === undefined) return undefined;
  return {
    authority: entra.authority,
    tenantId: entra.tenantId,
    clientId: entra.clientId,
    nameIdClaim: entra.nameIdClaim,
    requireXmsEdov: entra.requireXmsEdov,
    // The same set of domains in another order vouches for the same people.
    allowedDomains: [...new Set(guard.allowedDomains)].sort(),
    spEntityId: guard.spEntityId,
    acsUrl: guard.acsUrl,
    // Every field of a connection decides whom it vouches for; only its domain hint does not.
    connections: [...(config.connections ?? [])]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((connection) => {
        const { domainHint: _hint, ...rest } = connection as AdditionalConnection & { domainHint?: string };
        return { ...rest, allowedDomains: [...new Set(connection.allowedDomains)].sort() };
      }),
  };
}

/**
 * Trust settings added after keys were first bound, with the value that keeps what the
 * bridge vouched for before. They enter the fingerprint only when they differ from it, so
 * keys bound before they existed stay bound.
 */
const LATER_SETTINGS: Partial<Record<keyof TrustSettings, unknown>> = { requireXmsEdov: true, connections: [] };

/** SHA-256 over the settings in a fixed order: equal exactly when they vouch for the same. */
export function trustFingerprint(settings: TrustSettings): string {
  const ordered = (Object.keys(TRUST_FIELDS) as (keyof TrustSettings)[])
    .filter((key) => !(key in LATER_SETTINGS) || JSON.stringify(settings[key]) !== JSON.stringify(LATER_SETTINGS[key]))
    .map((key) => [key, settings[key]]);
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}

/** The fingerprint of a configuration's trust settings, when it has them all. */
export function fingerprintOf(config: TrustSource): string | undefined {
  const settings = trustSettingsOf(config);
  return settings === undefined ? undefined : trustFingerprint(settings);
}

/** The trust fields that differ between two configurations. */
export function changedTrustFields(before: TrustSettings | undefined, after: TrustSettings | undefined): string[] {
  return (Object.keys(TRUST_FIELDS) as (keyof TrustSettings)[])
    .filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]))
    .map((key) => TRUST_FIELDS[key]);
}
