import { useEffect, useState, type FormEvent } from 'react';
import { adminApi, type ApiError, type SetupView, type SignInRecord } from '../api';
import { CopyField } from './CopyField';
import { ClientCertificate } from './ClientCertificate';
import { Connections } from './Connections';
import { Field } from './Field';
import { ErrorMessage, Message } from './Message';
import { TRUST_CHANGE_UNCONFIRMED, TrustChangeConfirmation } from './TrustChangeConfirmation';

const CLOUDS = {
  global: { label: 'Global (login.microsoftonline.com)', authority: 'https://login.microsoftonline.com' },
  usGovernment: { label: 'US Government (login.microsoftonline.us)', authority: 'https://login.microsoftonline.us' },
  china: { label: 'China, operated by 21Vianet (login.partner.microsoftonline.cn)', authority: 'https://login.partner.microsoftonline.cn' },
  other: { label: 'A stand-in on this machine (testing)', authority: '' },
} as const;
type Cloud = keyof typeof CLOUDS;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function cloudOf(authority: string | undefined): Cloud {
  const found = (Object.keys(CLOUDS) as Cloud[]).find((key) => CLOUDS[key].authority === authority);
  return authority === undefined ? 'global' : (found ?? 'other');
}

/** Step 1: register the app in Entra ID, paste its IDs and secret, test the connection. */
export function StepEntra({ setup, records, onSaved }: { setup: SetupView; records: SignInRecord[] | undefined; onSaved: (view: SetupView) => void }) {
  const edovMissing = (records ?? []).some((record) => record.code === 'CLAIMS_EMAIL_VERIFICATION_MISSING');
  const [cloud, setCloud] = useState<Cloud>(cloudOf(setup.entra?.authority));
  const [authority, setAuthority] = useState(cloudOf(setup.entra?.authority) === 'other' ? (setup.entra?.authority ?? '') : '');
  const [tenantId, setTenantId] = useState(setup.entra?.tenantId ?? '');
  const [clientId, setClientId] = useState(setup.entra?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  // A new setup starts on Microsoft's recommendation: the bridge's own certificate.
  const [credential, setCredential] = useState<'certificate' | 'secret'>(setup.entra === undefined ? 'certificate' : setup.clientCredential);
  // A switch made with the credential section's buttons shows here too.
  useEffect(() => {
    if (setup.entra !== undefined) setCredential(setup.clientCredential);
  }, [setup.entra, setup.clientCredential]);
  const [requireXmsEdov, setRequireXmsEdov] = useState(setup.entra?.requireXmsEdov ?? true);
  const [secretExpiresOn, setSecretExpiresOn] = useState(setup.clientSecret.expiresOn ?? '');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ saved: true } | { error: ApiError } | undefined>();
  const [confirming, setConfirming] = useState<ApiError>();
  const [test, setTest] = useState<{ running: true } | { issuer: string } | { error: ApiError } | undefined>();

  async function send(confirmTrustChange: boolean) {
    setSaving(true);
    setOutcome(undefined);
    const answer = await adminApi.saveEntraStep({
      authority: cloud === 'other' ? authority : CLOUDS[cloud].authority,
      tenantId,
      clientId,
      ...(setup.entra?.domainHint !== undefined && { domainHint: setup.entra.domainHint }),
      ...(setup.entra?.nameIdClaim !== undefined && { nameIdClaim: setup.entra.nameIdClaim }),
      requireXmsEdov,
      clientCredential: credential,
      ...(credential === 'secret' && secretExpiresOn !== '' && { clientSecretExpiresOn: secretExpiresOn }),
      clientSecret: credential === 'secret' && clientSecret !== '' ? clientSecret : undefined,
      ...(confirmTrustChange && { confirmTrustChange: true }),
    });
    setSaving(false);
    setConfirming(undefined);
    if (answer.ok) {
      setFields({});
      setClientSecret('');
      setOutcome({ saved: true });
      onSaved(answer.value);
    } else if (answer.error.code === TRUST_CHANGE_UNCONFIRMED) {
      setConfirming(answer.error);
    } else {
      setFields(answer.error.fields ?? {});
      setOutcome({ error: answer.error });
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    void send(false);
  }

  async function testConnection() {
    setTest({ running: true });
    const answer = await adminApi.testEntraConnection();
    setTest(answer.ok ? { issuer: answer.value.issuer } : { error: answer.error });
  }

  return (
    <>
      <ol className="instructions">
        <li>In the Microsoft Entra admin center, open <em>App registrations → New registration</em>.</li>
        <li>Under <em>Redirect URI</em>, choose the platform <em>Web</em> and paste the Callback URL below.</li>
        <li>
          Choose the credential below. With the certificate (recommended), save, download it and upload it in <em>Certificates &amp; secrets → Certificates → Upload certificate</em>. With a
          client secret, create one in <em>Certificates &amp; secrets</em> and copy its <strong>Value</strong> (not its Secret ID).
        </li>
        <li>In <em>Token configuration → Add optional claim → ID</em>, add <code>email</code>, <code>xms_edov</code>, <code>auth_time</code>, <code>given_name</code> and <code>family_name</code>.</li>
      </ol>
      <CopyField label="Callback URL" value={setup.endpoints.callbackUrl} hint="Register it exactly, as a Web redirect URI." />
      <form onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor="entra-cloud">Entra ID cloud</label>
          <select id="entra-cloud" value={cloud} onChange={(event) => setCloud(event.target.value as Cloud)}>
            {(Object.keys(CLOUDS) as Cloud[]).map((key) => (
              <option key={key} value={key}>
                {CLOUDS[key].label}
              </option>
            ))}
          </select>
        </div>
        {cloud === 'other' && <Field label="Authority URL" value={authority} onChange={(e) => setAuthority(e.target.value)} error={fields['authority']} hint="http://127.0.0.1:… or http://localhost:…" />}
        <Field label="Tenant ID (Directory ID)" value={tenantId} onChange={(e) => setTenantId(e.target.value)} error={fields['tenantId']} autoComplete="off" spellCheck={false} />
        <Field label="Client ID (Application ID)" value={clientId} onChange={(e) => setClientId(e.target.value)} error={fields['clientId']} autoComplete="off" spellCheck={false} />
        <fieldset className="field credential-choice">
          <legend>How the bridge proves itself to Entra ID</legend>
          <div className="checkbox-field">
            <input id="credential-certificate" type="radio" name="credential" checked={credential === 'certificate'} onChange={() => setCredential('certificate')} />
            <label htmlFor="credential-certificate">Certificate (recommended): the bridge makes its own; you upload it in Entra ID</label>
          </div>
          <div className="checkbox-field">
            <input id="credential-secret" type="radio" name="credential" checked={credential === 'secret'} onChange={() => setCredential('secret')} />
            <label htmlFor="credential-secret">Client secret: you create one in Entra ID and paste its Value</label>
          </div>
        </fieldset>
        {credential === 'secret' && (
          <>
            <Field
              label="Client secret (Value)"
              type="password"
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
              error={fields['clientSecret']}
              autoComplete="new-password"
              hint={setup.clientSecret.set ? `A secret is set (saved ${new Date(setup.clientSecret.savedAt ?? '').toLocaleString()}). Leave empty to keep it.` : 'Write-only: it is never shown again after saving.'}
              warning={GUID.test(clientSecret.trim()) ? 'This looks like the Secret ID. Paste the secret’s Value instead.' : undefined}
            />
            <Field
              label="Client secret expires (the Expires date in Entra ID)"
              type="date"
              value={secretExpiresOn}
              onChange={(e) => setSecretExpiresOn(e.target.value)}
              error={fields['clientSecretExpiresOn']}
              hint="Secrets live at most 24 months; the setup page warns 30 days before."
            />
            {setup.clientSecret.expiresSoon === true && (
              <Message appearance="warning" title={`The client secret expires in ${setup.clientSecret.expiresInDays ?? 0} days.`}>
                <p>Create a new secret in Entra ID (or switch to the certificate) and save it here before then.</p>
              </Message>
            )}
          </>
        )}
        <div className="field checkbox-field">
          <input id="require-xms-edov" type="checkbox" checked={requireXmsEdov} onChange={(event) => setRequireXmsEdov(event.target.checked)} aria-describedby="require-xms-edov-hint" />
          <label htmlFor="require-xms-edov">Require Entra ID’s proof that the email’s domain is verified (xms_edov)</label>
          <p className="hint" id="require-xms-edov-hint">
            Recommended. Turned off, the allowed-domain list is the only check on the email claim: an account whose email was set to an address it does not own
            (the nOAuth risk) could sign in to Atlassian as that address. Changing this replaces the signing certificate.
          </p>
        </div>
        {edovMissing && (
          <Message appearance="warning" title="Recent sign-ins were refused because tokens arrive without xms_edov.">
            <p>Add the optional claims email and xms_edov to the app registration (Token configuration → Add optional claim → ID).</p>
          </Message>
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button" onClick={testConnection} disabled={!setup.steps.entra || test?.hasOwnProperty('running') === true}>
            Test connection
          </button>
        </div>
      </form>
      {confirming !== undefined && <TrustChangeConfirmation error={confirming} busy={saving} onConfirm={() => void send(true)} onCancel={() => setConfirming(undefined)} />}
      {outcome !== undefined && ('error' in outcome ? <ErrorMessage error={outcome.error} /> : <Message appearance="success" title="Saved." />)}
      {test !== undefined && 'running' in test && <Message appearance="information" title="Testing the connection…" />}
      {test !== undefined && 'issuer' in test && (
        <Message appearance="success" title={`Connected: the tenant was found and the ${setup.clientCredential === 'certificate' ? 'client certificate' : 'client secret'} was accepted.`}>
          <p className="hint">Issuer: {test.issuer}</p>
        </Message>
      )}
      {test !== undefined && 'error' in test && <ErrorMessage error={test.error} />}
      {setup.entra !== undefined && <ClientCertificate setup={setup} onSaved={onSaved} />}
      {setup.steps.entra && setup.guard !== undefined && <Connections setup={setup} onSaved={onSaved} />}
    </>
  );
}
