import { REPLACED, type AdminRecord } from '../audit/admin-record';
import { summarizeCertificate } from '../saml/signing-identity';
import { certificateDigest } from './progress';
import type { StoredConfig } from './stored-setup';
import { TRUST_FIELDS, type TrustSettings } from './trust';

type Change = AdminRecord['changes'][number];

function fingerprint(certificate: { certificatePem: string } | undefined): string | undefined {
  return certificate === undefined ? undefined : summarizeCertificate(certificate.certificatePem).fingerprintSha256;
}

const digestOf = (certificate: { certificatePem: string } | undefined): string | undefined => (certificate === undefined ? undefined : certificateDigest(certificate.certificatePem));

const text = (value: unknown): string | undefined => (value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value));

/**
 * Each trust setting as a saved configuration holds it (trust.ts). Keyed by TrustSettings, so
 * a trust setting added there cannot be left out of the trail: the type check fails.
 */
const TRUST_VALUES = {
  authority: (config) => config.entra?.authority,
  tenantId: (config) => config.entra?.tenantId,
  clientId: (config) => config.entra?.clientId,
  nameIdClaim: (config) => config.entra?.nameIdClaim,
  requireXmsEdov: (config) => config.entra?.requireXmsEdov,
  allowedDomains: (config) => config.guard?.allowedDomains,
  spEntityId: (config) => config.guard?.spEntityId,
  acsUrl: (config) => config.guard?.acsUrl,
  // One entry per connection, so the trail names which directory changed.
  connections: (config) => new Map((config.connections ?? []).map((c) => [c.id, JSON.stringify(c)])),
} as const satisfies Record<keyof TrustSettings, (config: StoredConfig) => unknown>;

/**
 * What a save changed, field by field, for the admin trail. Settings appear with their
 * values before and after (none of them is secret); the client secret only as "replaced";
 * signing keys by their certificates' fingerprints, never the keys.
 */
export function describeChanges(before: StoredConfig, after: StoredConfig, secretReplaced: string | undefined): Change[] {
  const changes: Change[] = [];
  const compare = (field: string, a: unknown, b: unknown) => {
    const [from, to] = [text(a), text(b)];
    if (from !== to) changes.push({ field, ...(from !== undefined && { before: from }), ...(to !== undefined && { after: to }) });
  };
  // Every setting that decides whom the bridge vouches for, named as the wizard names it.
  for (const key of Object.keys(TRUST_VALUES) as (keyof TrustSettings)[]) {
    if (key === 'connections') continue;
    compare(TRUST_FIELDS[key], TRUST_VALUES[key](before), TRUST_VALUES[key](after));
  }
  const [beforeConnections, afterConnections] = [TRUST_VALUES.connections(before), TRUST_VALUES.connections(after)];
  for (const id of new Set([...beforeConnections.keys(), ...afterConnections.keys()])) compare(`connections.${id}`, beforeConnections.get(id), afterConnections.get(id));
  compare('entra.domainHint', before.entra?.domainHint, after.entra?.domainHint);
  if (secretReplaced !== undefined) changes.push({ field: secretReplaced, after: REPLACED });
  compare('entra.clientCredential', before.clientCredential, after.clientCredential);
  compare('entra.clientSecretExpiresOn', before.clientSecretExpiresOn, after.clientSecretExpiresOn);
  compare('entra.clientCertificate', fingerprint(before.clientCertificate), fingerprint(after.clientCertificate));
  compare('entra.nextClientCertificate', fingerprint(before.nextClientCertificate), fingerprint(after.nextClientCertificate));
  compare('entra.previousClientCertificate', fingerprint(before.previousClientCertificate), fingerprint(after.previousClientCertificate));
  // The admin's word that Entra ID has the certificate: the thumbprint they said it for.
  const uploaded = (config: StoredConfig) => (config.certificateUploaded !== undefined && config.certificateUploaded === digestOf(config.clientCertificate) ? fingerprint(config.clientCertificate) : undefined);
  compare('entra.clientCertificateUploaded', uploaded(before), uploaded(after));
  const ticked = (config: StoredConfig) => Object.entries(config.checklist ?? {}).filter(([, done]) => done).map(([item]) => item).sort();
  compare('checklist', ticked(before), ticked(after));
  compare('signing.certificate', fingerprint(before.signing), fingerprint(after.signing));
  compare('signing.nextCertificate', fingerprint(before.nextSigning), fingerprint(after.nextSigning));
  compare('signing.previousCertificate', fingerprint(before.previousSigning), fingerprint(after.previousSigning));
  return changes;
}

export function signingFingerprint(config: StoredConfig): string | undefined {
  return fingerprint(config.signing);
}
