import Button from '@atlaskit/button/new';
import { adminApi, type SetupView } from '../api';
import { download } from '../browser-actions';
import { useSetupActions } from './ActionButton';
import { Note } from './Messages';

type Certificate = NonNullable<SetupView['clientCertificate']>;

/** Whether step 1 still waits for the admin to upload the certificate: Entra ID refuses every sign-in until then. */
export function awaitsCertificateUpload(setup: SetupView): boolean {
  return setup.clientCredential === 'certificate' && setup.clientCertificate?.upload === 'pending';
}

export const UPLOAD_PATH = 'App registrations → your app → Certificates & secrets → Certificates → Upload certificate';

/**
 * Step 1's last instruction when the credential is the certificate: upload it to the app
 * registration. *Save and continue* stops here until Test connection proves the upload or
 * the admin says it is done (recorded on the trail).
 */
export function CertificateUpload({ setup, certificate, onSaved }: { setup: SetupView; certificate: Certificate; onSaved: (view: SetupView) => void }) {
  const { button, outcome } = useSetupActions(onSaved);
  return (
    <section className="section" aria-labelledby="certificate-upload-heading" id="certificate-upload">
      <h3 id="certificate-upload-heading" tabIndex={-1}>
        Upload the certificate to Entra ID
      </h3>
      <ol className="instructions" start={6}>
        <li>
          Download the bridge’s certificate and upload it in the Entra admin center: <em>{UPLOAD_PATH}</em>. The portal lists it by its thumbprint:{' '}
          <code id="upload-thumbprint">{certificate.thumbprintSha1}</code>.
        </li>
        <li>Run Test connection below: it proves Entra ID accepts the certificate. Or, if you cannot test from here, confirm that you uploaded it.</li>
      </ol>
      <div className="actions">
        <Button appearance={certificate.upload === 'pending' ? 'primary' : 'default'} onClick={() => download('entra-sso-bridge-client.cer', certificate.certificatePem, 'application/pkix-cert')}>
          Download certificate (.cer)
        </Button>
        {certificate.upload === 'pending' &&
          button({
            label: 'I have uploaded it',
            working: 'Recording…',
            done: 'Recorded: you uploaded the certificate. Test connection will prove it.',
            call: () => adminApi.acknowledgeCertificateUpload({ thumbprintSha1: certificate.thumbprintSha1 }),
          })}
      </div>
      {outcome}
      <p id="certificate-upload-status">
        {certificate.upload === 'proven'
          ? 'Entra ID accepted this certificate (Test connection passed).'
          : certificate.upload === 'acknowledged'
            ? 'You said this certificate is uploaded. Test connection has not proven it yet.'
            : setup.progress.entra.status === 'todo'
              ? 'Not uploaded yet.'
              : 'Not uploaded yet, as far as the bridge knows: until it is, Entra ID refuses every sign-in.'}
      </p>
      {certificate.upload === 'pending' && (
        <Note appearance="information">
          <p>Step 2 opens once the certificate is uploaded: Test connection proves it, or confirm the upload above.</p>
        </Note>
      )}
    </section>
  );
}
