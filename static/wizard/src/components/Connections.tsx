import { useState, type FormEvent } from 'react';
import { adminApi, type ApiError, type SetupView } from '../api';
import { Field } from './Field';
import { ErrorMessage, Message } from './Message';
import { TRUST_CHANGE_UNCONFIRMED, TrustChangeConfirmation } from './TrustChangeConfirmation';

type Connection = NonNullable<SetupView['connections']>[number];

/** What the admin reads for each kind of directory: where to register, what to paste. */
const PRESETS = {
  entra: { label: 'Another Entra ID tenant', issuerLabel: '', help: 'Register an app in that tenant exactly as in the steps above, with the same Callback URL.' },
  okta: { label: 'Okta', issuerLabel: 'Okta issuer (https://<org>.okta.com or an authorization server)', help: 'Applications → Create App Integration → OIDC, Web Application; sign-in redirect URI = the Callback URL.' },
  google: { label: 'Google Workspace', issuerLabel: 'Issuer', help: 'Google Cloud console → APIs & Services → Credentials → OAuth client ID (Web); redirect URI = the Callback URL. Google proves the domain with the hd claim.' },
  keycloak: { label: 'Keycloak', issuerLabel: 'Realm issuer (https://<host>/realms/<realm>)', help: 'Clients → Create client (OpenID Connect, client authentication on); valid redirect URI = the Callback URL.' },
  auth0: { label: 'Auth0', issuerLabel: 'Issuer (https://<tenant>.auth0.com/)', help: 'Applications → Create Application (Regular Web); allowed callback URL = the Callback URL.' },
  ping: { label: 'Ping Identity', issuerLabel: 'Issuer (https://auth.pingone.<region>/<environment>/as)', help: 'Applications → Add (OIDC Web App); redirect URI = the Callback URL.' },
  generic: { label: 'Another OpenID provider', issuerLabel: 'Issuer URL', help: 'Register a confidential web client with the Callback URL; the provider must send email and email_verified.' },
} as const;
type Preset = keyof typeof PRESETS;

const EMPTY = { id: '', preset: 'okta' as Preset, issuer: '', authority: 'https://login.microsoftonline.com', tenantId: '', clientId: '', clientSecret: '', domains: '' };

/** The further directories behind the one Guard IdP: list, add, edit, remove. */
export function Connections({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const [form, setForm] = useState(EMPTY);
  const [editing, setEditing] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ done: string } | { error: ApiError }>();
  const [confirming, setConfirming] = useState<{ error: ApiError; retry: () => void }>();
  const [tested, setTested] = useState<{ id: string; text: string }>();
  const connections = setup.connections ?? [];

  function payloadOf(values: typeof form) {
    const allowedDomains = values.domains.split(/[\s,;]+/).filter((d) => d !== '');
    const secret = values.clientSecret === '' ? {} : { clientSecret: values.clientSecret };
    return values.preset === 'entra'
      ? { id: values.id, kind: 'entra', authority: values.authority, tenantId: values.tenantId, clientId: values.clientId, allowedDomains, ...secret }
      : { id: values.id, kind: 'oidc', preset: values.preset, issuer: values.issuer, clientId: values.clientId, allowedDomains, ...secret };
  }

  async function run(call: (confirm: boolean) => ReturnType<typeof adminApi.saveConnection>, done: string, confirm = false): Promise<void> {
    setBusy(true);
    setOutcome(undefined);
    const answer = await call(confirm);
    setBusy(false);
    setConfirming(undefined);
    if (answer.ok) {
      setFields({});
      setForm(EMPTY);
      setEditing(undefined);
      setOutcome({ done });
      onSaved(answer.value);
    } else if (answer.error.code === TRUST_CHANGE_UNCONFIRMED) {
      setConfirming({ error: answer.error, retry: () => void run(call, done, true) });
    } else {
      setFields(answer.error.fields ?? {});
      setOutcome({ error: answer.error });
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const payload = payloadOf(form);
    void run((confirm) => adminApi.saveConnection({ ...payload, ...(confirm && { confirmTrustChange: true }) }), 'Directory saved.');
  }

  function edit(connection: Connection) {
    setEditing(connection.id);
    setForm({
      ...EMPTY,
      id: connection.id,
      preset: connection.kind === 'entra' ? 'entra' : connection.preset,
      issuer: connection.kind === 'oidc' ? connection.issuer : '',
      authority: connection.kind === 'entra' ? connection.authority : EMPTY.authority,
      tenantId: connection.kind === 'entra' ? connection.tenantId : '',
      clientId: connection.clientId,
      domains: connection.allowedDomains.join(', '),
    });
  }

  const preset = PRESETS[form.preset];
  const field = (name: string) => fields[name] ?? Object.entries(fields).find(([key]) => key.startsWith(`${name}.`))?.[1];
  return (
    <section aria-labelledby="connections-heading">
      <h3 id="connections-heading">Further directories</h3>
      <p>
        People of another Entra ID tenant or another OpenID provider can sign in through the same Guard identity provider: each directory signs in the email
        domains it owns, and the bridge sends each person to the directory of their domain.
      </p>
      {connections.length > 0 && (
        <table className="table" id="connections">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Directory</th>
              <th scope="col">Domains</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {connections.map((connection) => (
              <tr key={connection.id}>
                <td>{connection.id}</td>
                <td>{connection.kind === 'entra' ? `Entra ID tenant ${connection.tenantId}` : `${PRESETS[connection.preset].label}: ${connection.issuer}`}</td>
                <td>{connection.allowedDomains.join(', ')}</td>
                <td>
                  <button type="button" className="button subtle" onClick={() => edit(connection)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button subtle"
                    onClick={async () => {
                      setTested({ id: connection.id, text: 'Testing…' });
                      const answer = await adminApi.testDirectory(connection.id);
                      setTested({
                        id: connection.id,
                        text: answer.ok
                          ? answer.value.secretProven === false
                            ? `Found ${answer.value.issuer}; this provider proves the secret only at a test sign-in.`
                            : `Found ${answer.value.issuer}, and the client secret was accepted.`
                          : `${answer.error.message} (${answer.error.code})`,
                      });
                    }}
                  >
                    Test {connection.id}
                  </button>
                  {tested?.id === connection.id && (
                    <p className="hint" role="status">
                      {tested.text}
                    </p>
                  )}
                  <button
                    type="button"
                    className="button subtle"
                    onClick={() => void run((confirm) => adminApi.removeConnection({ id: connection.id, ...(confirm && { confirmTrustChange: true }) }), 'Directory removed.')}
                  >
                    Remove {connection.id}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={save} noValidate aria-label={editing === undefined ? 'Add a directory' : `Edit ${editing}`}>
        <div className="field">
          <label htmlFor="connection-preset">Kind of directory</label>
          <select id="connection-preset" value={form.preset} onChange={(event) => setForm({ ...form, preset: event.target.value as Preset })}>
            {(Object.keys(PRESETS) as Preset[]).map((key) => (
              <option key={key} value={key}>
                {PRESETS[key].label}
              </option>
            ))}
          </select>
          <p className="hint">{preset.help}</p>
        </div>
        <Field label="Name" value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} error={field('id')} hint="A short name: lowercase letters, digits and dashes." spellCheck={false} />
        {form.preset === 'entra' ? (
          <>
            <Field label="Authority" value={form.authority} onChange={(e) => setForm({ ...form, authority: e.target.value })} error={field('authority')} spellCheck={false} />
            <Field label="Directory (tenant) ID" value={form.tenantId} onChange={(e) => setForm({ ...form, tenantId: e.target.value })} error={field('tenantId')} spellCheck={false} />
          </>
        ) : (
          <Field label={preset.issuerLabel} value={form.issuer} onChange={(e) => setForm({ ...form, issuer: e.target.value })} error={field('issuer')} spellCheck={false} />
        )}
        <Field label="Client ID" value={form.clientId} onChange={(e) => setForm({ ...form, clientId: e.target.value })} error={field('clientId')} spellCheck={false} />
        <Field
          label="Client secret"
          type="password"
          value={form.clientSecret}
          onChange={(e) => setForm({ ...form, clientSecret: e.target.value })}
          error={field('clientSecret')}
          autoComplete="new-password"
          hint={editing === undefined ? 'Write-only: never shown again.' : 'Leave empty to keep the saved one.'}
        />
        <Field label="Email domains of this directory" value={form.domains} onChange={(e) => setForm({ ...form, domains: e.target.value })} error={field('allowedDomains')} hint="Separated by commas; no other directory may have them." spellCheck={false} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Saving…' : editing === undefined ? 'Add directory' : 'Save directory'}
          </button>
          {editing !== undefined && (
            <button type="button" className="button" onClick={() => (setEditing(undefined), setForm(EMPTY))}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {confirming !== undefined && <TrustChangeConfirmation error={confirming.error} busy={busy} onConfirm={confirming.retry} onCancel={() => setConfirming(undefined)} />}
      {outcome !== undefined && ('error' in outcome ? <ErrorMessage error={outcome.error} /> : <Message appearance="success" title={outcome.done} />)}
    </section>
  );
}
