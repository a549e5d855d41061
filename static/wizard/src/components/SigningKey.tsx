import Button from '@atlaskit/button/new';
import { adminApi, type SetupView } from '../api';
import { download } from '../browser-actions';
import { useSetupActions } from './ActionButton';
import { CopyField } from './CopyField';
import { Note } from './Messages';

/**
 * The bridge's SAML signing key: its certificate for Guard's *Public x509 certificate*,
 * downloads, and a rotation written for a Guard that holds one certificate at a time (its
 * form has one certificate field, and Atlassian documents no second), so the moment between
 * saving in Guard and activating here is the only time sign-ins fail.
 */
export function SigningKey({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const { button, outcome } = useSetupActions(onSaved);
  const signing = setup.signing;
  if (signing === undefined) {
    return (
      <div className="stack">
        <Note appearance="information" title="The bridge needs a signing key.">
          <p>It signs every SAML Response; Guard checks the signature with its certificate.</p>
        </Note>
        <div className="actions">{button({ label: 'Create signing key', working: 'Creating the signing key…', done: 'Signing key created.', call: adminApi.createSigningKey, appearance: 'primary' })}</div>
        {outcome}
      </div>
    );
  }
  const next = setup.nextSigning;
  return (
    <div className="stack">
      <CopyField label="Public x509 certificate" value={signing.certificatePem} multiline />
      <dl className="facts">
        <dt>SHA-256 fingerprint</dt>
        <dd id="fingerprint">{signing.fingerprintSha256}</dd>
        <dt>Expires</dt>
        <dd>
          {new Date(signing.notAfter).toLocaleDateString()} ({signing.expiresInDays} days)
        </dd>
      </dl>
      {setup.trust !== undefined && <VouchesFor trust={setup.trust} />}
      {signing.expiresSoon && (
        <Note appearance="warning" title={`The signing certificate expires in ${signing.expiresInDays} days.`}>
          <p>Rotate the key below before then: Atlassian Guard refuses sign-ins signed by an expired certificate.</p>
        </Note>
      )}
      <div className="actions">
        <Button onClick={() => download('entra-sso-bridge.pem', signing.certificatePem, 'application/x-pem-file')}>Download certificate (.pem)</Button>
        <Button onClick={() => download('entra-sso-bridge-metadata.xml', signing.metadataXml, 'application/samlmetadata+xml')}>Download metadata (.xml)</Button>
      </div>
      <h4>Rotating the signing key</h4>
      {next === undefined && setup.previousSigning === undefined && <p className="hint">Before the certificate expires, prepare the next key: the current one keeps signing until you activate the next.</p>}
      {(next !== undefined || setup.previousSigning !== undefined) && (
      <ol className="instructions" id="signing-rotation-steps">
        <li>Prepare the next key here. The current key keeps signing; the metadata lists both certificates.</li>
        <li>
          In Atlassian Guard, open this identity provider’s <em>SAML single sign-on</em> settings and paste the next certificate into <em>Public x509 certificate</em>.
          Do not save yet.
        </li>
        <li>
          Save in Guard, then press <strong>Activate the next key</strong> here straight away. Guard holds one certificate, so sign-ins fail only between those two
          clicks: a few seconds.
        </li>
        <li>Sign in once to check. If it fails, roll back here and put the previous certificate back into Guard.</li>
      </ol>
      )}
      {next !== undefined && (
        <>
          <CopyField label="Next x509 certificate" value={next.certificatePem} multiline hint={`SHA-256 ${next.fingerprintSha256}. The current key signs until you activate this one.`} />
          <div className="actions">
            <Button onClick={() => download('entra-sso-bridge-next.pem', next.certificatePem, 'application/x-pem-file')}>Download next certificate (.pem)</Button>
          </div>
        </>
      )}
      <div className="actions">
        {next === undefined && button({ label: 'Prepare the next key', working: 'Preparing the next key…', done: 'Next key prepared: paste its certificate into Guard, save there, then activate it here.', call: adminApi.prepareNextSigningKey })}
        {next !== undefined &&
          button({
            label: 'Activate the next key',
            working: 'Activating…',
            done: 'The next key now signs.',
            call: adminApi.activateNextSigningKey,
            appearance: 'primary',
            confirm: {
              title: 'Activate the next signing key?',
              body: <p>{`From now on every Response is signed with the key of certificate ${next.fingerprintSha256}. Press this right after saving that certificate in Atlassian Guard; until Guard holds it, sign-ins fail.`}</p>,
              action: 'Activate now',
            },
          })}
        {setup.previousSigning !== undefined &&
          button({
            label: 'Roll back to the previous key',
            working: 'Rolling back…',
            done: 'The previous key signs again.',
            call: adminApi.rollBackSigningKey,
            appearance: 'subtle',
            confirm: {
              title: 'Roll back the signing key?',
              body: <p>The previous key signs again. Put its certificate back into Atlassian Guard’s Public x509 certificate, or sign-ins keep failing.</p>,
              action: 'Roll back',
            },
          })}
      </div>
      {outcome}
    </div>
  );
}

/** What the certificate vouches for: Guard trusts it for exactly these settings. */
function VouchesFor({ trust }: { trust: NonNullable<SetupView['trust']> }) {
  return (
    <div id="vouches-for" className="stack">
      <p>
        <strong>This certificate vouches for</strong>
        {trust.bound ? '' : ' (bound once the setup is complete)'}:
      </p>
      <dl className="facts">
        <dt>Entra ID cloud</dt>
        <dd>{trust.settings.authority}</dd>
        <dt>Directory (tenant) ID</dt>
        <dd>{trust.settings.tenantId}</dd>
        <dt>Application (client) ID</dt>
        <dd>{trust.settings.clientId}</dd>
        <dt>User identifier claim</dt>
        <dd>{trust.settings.nameIdClaim}</dd>
        <dt>Email domains</dt>
        <dd>{trust.settings.allowedDomains.join(', ')}</dd>
        <dt>Service provider entity URL</dt>
        <dd>{trust.settings.spEntityId}</dd>
      </dl>
      <p className="hint">Changing any of these is a change of trust: the bridge prepares it with a certificate of its own, and sign-ins go on as they are until you activate it, right after an organization admin pastes that certificate into Atlassian Guard.</p>
    </div>
  );
}
