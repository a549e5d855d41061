import { REPLACED, type AdminRecord } from './admin-record';

/**
 * The admin trail in words: "local admin token changed the allowed email domains: added
 * fabrikam.org". Made from the record as written, so the words say what the record holds and
 * nothing else; the fields themselves stay one click away, and in the CSV.
 */
const ACTIONS: Readonly<Record<string, string>> = {
  saveEntraStep: 'saved step 1 (Entra ID app)',
  saveGuardStep: 'saved step 2 (Atlassian Guard)',
  saveChecklist: 'updated the checklist',
  saveConnection: 'saved a further directory',
  removeConnection: 'removed a further directory',
  importConfiguration: 'imported a configuration',
  createSigningKey: 'created the signing key',
  prepareNextSigningKey: 'prepared the next signing key',
  activateNextSigningKey: 'activated the next signing key',
  rollBackSigningKey: 'rolled back to the previous signing key',
  createClientCertificate: 'created the client certificate',
  prepareNextClientCertificate: 'prepared the next client certificate',
  activateNextClientCertificate: 'activated the next client certificate',
  rollBackClientCertificate: 'rolled back to the previous client certificate',
  useClientCredential: 'changed the credential sign-ins present',
  acknowledgeCertificateUpload: 'confirmed the client certificate is uploaded to Entra ID',
  activateTrustChange: 'activated the prepared change',
  rollBackTrustChange: 'rolled back the last activated change',
  discardTrustChange: 'discarded the prepared change',
};

const FIELDS: Readonly<Record<string, string>> = {
  'entra.authority': 'the Entra ID cloud',
  'entra.tenantId': 'the Directory (tenant) ID',
  'entra.clientId': 'the Application (client) ID',
  'entra.nameIdClaim': 'the claim that becomes the NameID',
  'entra.requireXmsEdov': 'the xms_edov requirement',
  'entra.domainHint': 'the domain hint',
  'entra.clientSecret': 'the client secret',
  'entra.clientCredential': 'the credential in use',
  'entra.clientSecretExpiresOn': 'the client secret’s expiry date',
  'entra.clientCertificate': 'the client certificate',
  'entra.nextClientCertificate': 'the next client certificate',
  'entra.previousClientCertificate': 'the previous client certificate',
  'entra.clientCertificateUploaded': 'the uploaded client certificate',
  'guard.allowedDomains': 'the allowed email domains',
  'guard.spEntityId': 'Guard’s SP Entity ID',
  'guard.acsUrl': 'Guard’s ACS URL',
  checklist: 'the checklist',
  'signing.certificate': 'the signing certificate',
  'signing.nextCertificate': 'the next signing certificate',
  'signing.previousCertificate': 'the previous signing certificate',
};

/** Lists the trail keeps comma-separated: their change is what was added and removed. */
const LISTS: readonly string[] = ['guard.allowedDomains', 'checklist'];

const STAGES: Readonly<Record<NonNullable<AdminRecord['stage']>, string>> = {
  prepared: 'prepared, not in force',
  activated: 'now in force',
  'rolled-back': 'rolled back',
  discarded: 'discarded',
};

function fieldWords(field: string): string {
  if (field.startsWith('connections.')) return `the directory “${field.slice('connections.'.length)}”`;
  return FIELDS[field] ?? field;
}

const items = (value: string | undefined) => (value === undefined || value === '' ? [] : value.split(', '));

/** One change in words. */
export function changeWords(change: AdminRecord['changes'][number]): string {
  const name = fieldWords(change.field);
  if (change.after === REPLACED) return `replaced ${name}`;
  if (LISTS.includes(change.field)) {
    const [before, after] = [items(change.before), items(change.after)];
    const added = after.filter((item) => !before.includes(item));
    const removed = before.filter((item) => !after.includes(item));
    return `changed ${name}: ${[added.length > 0 ? `added ${added.join(', ')}` : undefined, removed.length > 0 ? `removed ${removed.join(', ')}` : undefined].filter(Boolean).join('; ') || 'reordered'}`;
  }
  if (change.field.startsWith('connections.')) return change.before === undefined ? `added ${name}` : change.after === undefined ? `removed ${name}` : `changed ${name}`;
  if (change.before === undefined) return `set ${name} to ${change.after ?? ''}`;
  if (change.after === undefined) return `removed ${name} (was ${change.before})`;
  return `changed ${name} from ${change.before} to ${change.after}`;
}

/** The record as a sentence: who did what, and its stage when it is a change of trust. */
export function adminRecordSentence(record: AdminRecord): string {
  const action = ACTIONS[record.action] ?? record.action;
  const what = record.changes.length === 1 && record.changes[0] !== undefined ? changeWords(record.changes[0]) : action;
  const stage = record.stage === undefined ? '' : ` (${STAGES[record.stage]})`;
  return `${record.actor} ${what}${stage}`;
}

/** A record as the wizard lists it: the record, its sentence, and each change in words. */
export type AdminRecordInWords = AdminRecord & { readonly sentence: string; readonly changeSentences: readonly string[] };
