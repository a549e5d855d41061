import { adminApi, type SetupView } from '../api';
import { download } from '../browser-actions';
import { useSetupActions } from './ActionButton';
import Button from '@atlaskit/button/new';
import { UPLOAD_PATH } from './CertificateUpload';
import { Note, Section } from './Messages';

/**
 * The bridge's own certificate as its credential at Entra ID (Microsoft's recommendation
 * over client secrets): made here, uploaded by the admin to the app registration, used for
 * signed client assertions. Rotation works as Entra ID allows: it holds several
 * certificates, so the next one is uploaded beside the current one before it signs.
 */
export function ClientCertificate({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const { button, outcome } = useSetupActions(onSaved);
  const certificate = setup.clientCertificate;
  const next = setup.nextClientCertificate;

  return (
    <Section id="credential-heading" title="Client certificate">
      <p id="credential-in-use">
        Sign-ins now present: <strong>{setup.clientCredential === 'certificate' ? 'the client certificate' : 'the client secret'}</strong>.
      </p>
      {certificate === undefined ? (
        <p className="hint">Choose the certificate above and save, or create it here; then upload it in Entra ID ({UPLOAD_PATH}).</p>
      ) : (
        <>
          <p className="hint">Upload it in Entra ID: {UPLOAD_PATH}. The portal lists it by the thumbprint below.</p>
          <dl className="facts">
            <dt>Thumbprint</dt>
            <dd id="client-certificate-thumbprint">{certificate.thumbprintSha1}</dd>
            <dt>Expires</dt>
            <dd>
              {new Date(certificate.notAfter).toLocaleDateString()} ({certificate.expiresInDays} days)
            </dd>
          </dl>
          {certificate.expiresSoon && (
            <Note appearance="warning" title={`The client certificate expires in ${certificate.expiresInDays} days.`}>
              <p>Prepare the next certificate below, upload it in Entra ID beside the current one, then activate it.</p>
            </Note>
          )}
        </>
      )}
      <div className="actions">
        {/* In use, the certificate is offered in its own upload instruction above. */}
        {certificate !== undefined && setup.clientCredential === 'secret' && (
          <Button onClick={() => download('entra-sso-bridge-client.cer', certificate.certificatePem, 'application/pkix-cert')}>Download certificate (.cer)</Button>
        )}
        {certificate === undefined &&
          button({ label: 'Create client certificate', working: 'Creating the certificate…', done: 'Client certificate created: upload it to the app registration.', call: adminApi.createClientCertificate, appearance: 'primary' })}
        {certificate !== undefined &&
          setup.clientCredential === 'secret' &&
          button({ label: 'Use the certificate', working: 'Switching…', done: 'Sign-ins now present the certificate.', call: () => adminApi.useClientCredential({ credential: 'certificate' }) })}
        {certificate !== undefined &&
          setup.clientSecret.set &&
          setup.clientCredential === 'certificate' &&
          button({ label: 'Use the client secret instead', working: 'Switching…', done: 'Sign-ins now present the client secret.', call: () => adminApi.useClientCredential({ credential: 'secret' }), appearance: 'subtle' })}
      </div>
      {certificate !== undefined && (
        <>
          <h4>Rotating the client certificate</h4>
          {/* The steps of a rotation, once one is under way; before, one line says what Prepare does. */}
          {next === undefined && setup.previousClientCertificate === undefined ? (
            <p className="hint">Before it expires, prepare the next certificate: the current one keeps signing until you activate the next.</p>
          ) : (
            <ol className="instructions" id="client-certificate-rotation-steps">
              <li>Prepare the next certificate. The current one keeps signing.</li>
              <li>Download it and upload it in Entra ID beside the current one ({UPLOAD_PATH}); Entra ID accepts either from then on.</li>
              <li>Activate it here. Sign-ins in progress finish with the certificate they started with.</li>
              <li>When a few sign-ins have worked, delete the old certificate in Entra ID.</li>
            </ol>
          )}
          {next !== undefined && (
            <dl className="facts">
              <dt>Next thumbprint</dt>
              <dd id="next-client-certificate-thumbprint">{next.thumbprintSha1}</dd>
            </dl>
          )}
          <div className="actions">
            {next === undefined &&
              button({ label: 'Prepare the next certificate', working: 'Preparing…', done: 'Next client certificate prepared: upload it to the app registration, then activate it.', call: adminApi.prepareNextClientCertificate })}
            {next !== undefined && (
              <Button onClick={() => download('entra-sso-bridge-client-next.cer', next.certificatePem, 'application/pkix-cert')}>Download next certificate (.cer)</Button>
            )}
            {next !== undefined &&
              button({
                label: 'Activate the next certificate',
                working: 'Activating…',
                done: 'The next client certificate signs from now on.',
                call: adminApi.activateNextClientCertificate,
                appearance: 'primary',
                confirm: {
                  title: 'Activate the next client certificate?',
                  body: <p>{`From now on the bridge signs with the certificate ${next.thumbprintSha1}. If Entra ID does not hold it yet, every sign-in fails until you upload it or roll back.`}</p>,
                  action: 'Activate now',
                },
              })}
            {setup.previousClientCertificate !== undefined &&
              button({
                label: 'Roll back to the previous certificate',
                working: 'Rolling back…',
                done: 'The previous client certificate signs again.',
                call: adminApi.rollBackClientCertificate,
                appearance: 'subtle',
                confirm: { title: 'Roll back the client certificate?', body: <p>The previous certificate signs again. Entra ID must still hold it.</p>, action: 'Roll back' },
              })}
          </div>
        </>
      )}
      {outcome}
    </Section>
  );
}
