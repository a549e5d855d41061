import type { EntraSettings } from '../config/schema';

/** The tenant-pinned issuer Entra ID uses in v2.0 ID tokens. */
export function entraIssuer(entra: Pick<EntraSettings, 'authority' | 'tenantId'>): string {
  return `${entra.authority}/${entra.tenantId}/v2.0`;
}
