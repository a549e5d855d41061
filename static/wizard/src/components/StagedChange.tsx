import Button from '@atlaskit/button/new';
import { adminApi, type SetupView } from '../api';
import { download } from '../browser-actions';
import { useSetupActions } from './ActionButton';
import { CopyField } from './CopyField';
import { Note, NoteHeadingLevel } from './Messages';

/** A setting as the admin trail names it, in the admin's words. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  'entra.authority': 'Entra ID cloud',
  'entra.tenantId': 'Directory (tenant) ID',
  'entra.clientId': 'Application (client) ID',
  'entra.nameIdClaim': 'Claim that names the Atlassian account',
  'entra.requireXmsEdov': 'Require a verified email domain (xms_edov)',
  'entra.domainHint': 'Domain hint',
  'guard.allowedDomains': 'Allowed email domains',
  'guard.spEntityId': 'Guard’s SP Entity ID',
  'guard.acsUrl': 'Guard’s ACS URL',
};

function fieldName(field: string): string {
  if (field.startsWith('connections.')) return `Further directory ${field.slice('connections.'.length)}`;
  return FIELD_NAMES[field] ?? field;
}

/** A directory's settings are JSON in the trail; the list says whether it is added, changed or removed. */
function changeWords(change: NonNullable<SetupView['staged']>['changes'][number]): string {
  if (change.field.startsWith('connections.')) return change.before === undefined ? 'added' : change.after === undefined ? 'removed' : 'changed';
  if (change.before === undefined && change.after === undefined) return 'changed';
  return `${change.before ?? '(none)'} → ${change.after ?? '(none)'}`;
}

/**
 * A change of trust prepared, and after an activation the way back. Guard trusts one
 * certificate, so a change of whom the bridge vouches for comes with a key of its own, which
 * Guard must hold before it signs: sign-ins go on with the settings in force until the admin
 * activates the change, and a roll back restores settings and key together.
 */
export function StagedChange({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const { button, outcome } = useSetupActions(onSaved);
  const staged = setup.staged;
  const rollback = setup.rollback;
  if (staged === undefined && rollback === undefined) return null;
  return (
    <section className="section staged-change" aria-label={staged !== undefined ? 'Prepared change' : 'Last activated change'}>
      <NoteHeadingLevel.Provider value="h2">
      {staged !== undefined && (
        <Note appearance="warning" title="A change is prepared, not in force">
          <div className="stack">
            <p>
              {`Prepared ${new Date(staged.preparedAt).toLocaleString()}. Sign-ins go on with the settings in force, signed with the certificate Guard holds now (SHA-256 ${setup.signing?.fingerprintSha256 ?? '—'}). The steps below show the settings this change makes.`}
            </p>
            <h3>What the change makes</h3>
            <ul>
              {staged.changes.map((change) => (
                <li key={change.field}>
                  <strong>{fieldName(change.field)}</strong>: {changeWords(change)}
                </li>
              ))}
            </ul>
            <ol className="instructions">
              <li>Copy the new certificate below. In Atlassian Guard, open this identity provider’s SAML settings and paste it into <em>Public x509 certificate</em>.</li>
              <li>Save in Guard, then press <strong>Activate the change</strong> here straight away: from then on the bridge uses these settings and signs with the new key.</li>
              <li>Sign in once to check. If it fails, roll back here and put the previous certificate back into Guard.</li>
            </ol>
            <CopyField label="New x509 certificate" value={staged.certificate.certificatePem} multiline hint={`SHA-256 ${staged.certificate.fingerprintSha256}. Metadata already lists it beside the one signing.`} />
            <div className="actions">
              <Button onClick={() => download('entra-sso-bridge-new.pem', staged.certificate.certificatePem, 'application/x-pem-file')}>Download new certificate (.pem)</Button>
              {button({
                label: 'Activate the change',
                working: 'Activating…',
                done: 'The change is in force: the new key signs.',
                call: adminApi.activateTrustChange,
                appearance: 'primary',
                confirm: {
                  title: 'Activate the prepared change?',
                  body: <p>{`From now on sign-ins use the settings this change makes, signed with the key of certificate ${staged.certificate.fingerprintSha256}. Press this right after saving that certificate in Atlassian Guard; until Guard holds it, sign-ins fail.`}</p>,
                  action: 'Activate now',
                },
              })}
              {button({
                label: 'Discard the change',
                working: 'Discarding…',
                done: 'The prepared change is discarded; nothing in force changed.',
                call: adminApi.discardTrustChange,
                appearance: 'subtle',
                confirm: { title: 'Discard the prepared change?', body: <p>The settings go back to those in force, and the new key is destroyed. Nothing in force changes.</p>, action: 'Discard', appearance: 'danger' },
              })}
            </div>
          </div>
        </Note>
      )}
      {staged === undefined && rollback !== undefined && (
        <Note appearance="information" title={`A change was activated ${new Date(rollback.activatedAt).toLocaleString()}`}>
          <div className="stack">
            <p>{`It changed: ${rollback.changes.map((change) => fieldName(change.field)).join(', ')}. If sign-ins fail because Guard still holds the previous certificate, roll back: the settings and the key before it come back together, and the change is prepared again.`}</p>
            <div className="actions">
              {button({
                label: 'Roll back the change',
                working: 'Rolling back…',
                done: 'The settings and key before the change are in force again; the change is prepared again.',
                call: adminApi.rollBackTrustChange,
                appearance: 'subtle',
                confirm: { title: 'Roll back the change?', body: <p>The settings and the key before it sign again. Put the previous certificate back into Atlassian Guard, or sign-ins keep failing.</p>, action: 'Roll back' },
              })}
            </div>
          </div>
        </Note>
      )}
      </NoteHeadingLevel.Provider>
      {outcome}
    </section>
  );
}
