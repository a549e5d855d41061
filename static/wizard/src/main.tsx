import './local-shim';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { callAdmin } from './transport';

interface SetupView {
  endpoints: { ssoUrl: string; idpInitiatedUrl: string; callbackUrl: string; metadataUrl: string; idpEntityId: string };
  clientSecret: { set: boolean; savedAt?: string };
  signing?: { fingerprintSha256: string; notAfter: string; expiresSoon: boolean };
  steps: { entra: boolean; guard: boolean; signingKey: boolean };
}

function Status({ done }: { done: boolean }) {
  return <span className={`status ${done ? 'done' : 'todo'}`}>{done ? 'Done' : 'To do'}</span>;
}

/** The admin page: where the setup stands, and the addresses to copy. */
function SetupOverview() {
  const [setup, setSetup] = useState<SetupView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    callAdmin<SetupView>('getSetup').then(
      (answer) => (answer.ok ? setSetup(answer.value) : setError(`${answer.error.message} ${answer.error.remedy} (${answer.error.code})`)),
      () => setError('The setup could not be loaded. Reload the page.'),
    );
  }, []);
  if (error !== undefined) return <p className="error" role="alert">{error}</p>;
  if (setup === undefined) return <p>Loading…</p>;
  return (
    <>
      <h1>Entra ID single sign-on</h1>
      <h2>
        1. Entra ID app <Status done={setup.steps.entra} />
      </h2>
      <dl>
        <dt>Callback URL (Redirect URI, platform Web)</dt>
        <dd>{setup.endpoints.callbackUrl}</dd>
        <dt>Client secret</dt>
        <dd>{setup.clientSecret.set ? `set on ${setup.clientSecret.savedAt ?? ''}` : 'not set'}</dd>
      </dl>
      <h2>
        2. Atlassian Guard <Status done={setup.steps.guard} />
      </h2>
      <dl>
        <dt>IdP Entity ID</dt>
        <dd>{setup.endpoints.idpEntityId}</dd>
        <dt>IdP SSO URL</dt>
        <dd>{setup.endpoints.ssoUrl}</dd>
        <dt>Certificate fingerprint (SHA-256)</dt>
        <dd>{setup.signing?.fingerprintSha256 ?? 'no signing key yet'}</dd>
      </dl>
    </>
  );
}

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<SetupOverview />);
