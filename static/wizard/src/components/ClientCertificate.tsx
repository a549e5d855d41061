import { useState } from 'react';
import { adminApi, type ApiError, type SetupView } from '../api';
import { download } from '../browser-actions';
import { ErrorMessage, Message } from './Message';

/**
 * The bridge's own certificate as its credential at Entra ID (Microsoft's recommendation
 * over client secrets): made here, uploaded by the admin to the app registration, and used
 * for signed client assertions. The secret stays possible; the admin picks which one signs in.
 */
export function ClientCertificate({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ done: string } | { error: ApiError }>();
  const certificate = setup.clientCertificate;

  async function act(call: () => ReturnType<typeof adminApi.createClientCertificate>, done: string) {
    setBusy(true);
    const answer = await call();
    setBusy(false);
    if (answer.ok) {
      setOutcome({ done });
      onSaved(answer.value);
    } else setOutcome({ error: answer.error });
  }

  return (
    <section aria-labelledby="credential-heading">
      <h3 id="credential-heading">Credential: certificate (recommended) or client secret</h3>
      <p>
        Microsoft recommends certificates over client secrets. The bridge makes its own certificate (a key of its own, never the SAML signing key); upload it in
        Entra ID: <em>App registrations → your app → Certificates &amp; secrets → Certificates → Upload certificate</em>.
      </p>
      <p id="credential-in-use">
        Sign-ins now present: <strong>{setup.clientCredential === 'certificate' ? 'the client certificate' : 'the client secret'}</strong>.
      </p>
      {certificate !== undefined && (
        <dl className="facts">
          <dt>Thumbprint (as the portal shows it)</dt>
          <dd id="client-certificate-thumbprint">{certificate.thumbprintSha1}</dd>
          <dt>Expires</dt>
          <dd>{new Date(certificate.notAfter).toLocaleDateString()}</dd>
        </dl>
      )}
      {certificate !== undefined && certificate.expiresSoon && (
        <Message appearance="warning" title={`The client certificate expires in ${certificate.expiresInDays} days.`}>
          <p>Prepare the next certificate below, upload it in Entra ID beside the current one, then activate it.</p>
        </Message>
      )}
      <div className="actions">
        <button type="button" className="button" disabled={busy || setup.entra === undefined} onClick={() => void act(adminApi.createClientCertificate, 'Client certificate created: upload it to the app registration.')}>
          {certificate === undefined ? 'Create client certificate' : 'Replace client certificate'}
        </button>
        {certificate !== undefined && (
          <button type="button" className="button" onClick={() => download('entra-sso-bridge-client.cer', certificate.certificatePem, 'application/pkix-cert')}>
            Download certificate (.cer)
          </button>
        )}
        {certificate !== undefined && setup.clientCredential === 'secret' && (
          <button type="button" className="button" disabled={busy} onClick={() => void act(() => adminApi.useClientCredential('certificate'), 'Sign-ins now present the certificate.')}>
            Use the certificate
          </button>
        )}
        {setup.clientSecret.set && setup.clientCredential === 'certificate' && (
          <button type="button" className="button subtle" disabled={busy} onClick={() => void act(() => adminApi.useClientCredential('secret'), 'Sign-ins now present the client secret.')}>
            Use the client secret instead
          </button>
        )}
      </div>
      {certificate !== undefined && (
        <>
          <h4>Rotating the client certificate</h4>
          {setup.nextClientCertificate === undefined ? (
            <p>
              Entra ID holds several certificates per app: prepare the next one, upload it beside the current one, then activate it.{' '}
              <button type="button" className="button" disabled={busy} onClick={() => void act(adminApi.prepareNextClientCertificate, 'Next client certificate prepared: upload it to the app registration, then activate it.')}>
                Prepare the next certificate
              </button>
            </p>
          ) : (
            <div className="actions">
              <span>
                Next thumbprint: <code id="next-client-certificate-thumbprint">{setup.nextClientCertificate.thumbprintSha1}</code>
              </span>
              <button type="button" className="button" onClick={() => download('entra-sso-bridge-client-next.cer', setup.nextClientCertificate?.certificatePem ?? '', 'application/pkix-cert')}>
                Download next certificate (.cer)
              </button>
              <button type="button" className="button primary" disabled={busy} onClick={() => void act(adminApi.activateNextClientCertificate, 'The next client certificate signs from now on.')}>
                Activate the next certificate
              </button>
            </div>
          )}
          {setup.previousClientCertificate !== undefined && (
            <button type="button" className="button subtle" disabled={busy} onClick={() => void act(adminApi.rollBackClientCertificate, 'The previous client certificate signs again.')}>
              Roll back to the previous certificate
            </button>
          )}
        </>
      )}
      {outcome !== undefined && ('error' in outcome ? <ErrorMessage error={outcome.error} /> : <Message appearance="success" title={outcome.done} />)}
    </section>
  );
}
