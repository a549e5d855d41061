import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Form, { ErrorMessage as FieldError, Field, HelperMessage, type FormApi } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import { useRef, useState } from 'react';
import { adminApi, type ApiError, type SetupView } from '../api';
import { useAction } from '../hooks/use-action';
import { isLocalMode } from '../local-mode';
import { ConfirmModal } from './ConfirmModal';
import { formErrors, TextField, UnsavedEdits } from './form-parts';
import { ActionOutcome, ErrorMessage, Section, Success, TableScroll } from './Messages';

type Connection = NonNullable<SetupView['connections']>[number];

/** What the admin reads for each kind of directory: where to register, what to paste. */
const PRESETS = {
  entra: { label: 'Another Entra ID tenant', issuerLabel: '', help: 'Register an app in that tenant as in the steps above, with this directory’s own Redirect URI (below).' },
  okta: { label: 'Okta', issuerLabel: 'Okta issuer (https://<org>.okta.com or an authorization server)', help: 'Applications → Create App Integration → OIDC, Web Application; sign-in redirect URI = this directory’s Redirect URI (below).' },
  google: { label: 'Google Workspace', issuerLabel: 'Issuer', help: 'Google Cloud console → APIs & Services → Credentials → OAuth client ID (Web); redirect URI = this directory’s Redirect URI (below). Google proves the domain with the hd claim.' },
  keycloak: { label: 'Keycloak', issuerLabel: 'Realm issuer (https://<host>/realms/<realm>)', help: 'Clients → Create client (OpenID Connect, client authentication on); valid redirect URI = this directory’s Redirect URI (below).' },
  auth0: { label: 'Auth0', issuerLabel: 'Issuer (https://<tenant>.auth0.com/)', help: 'Applications → Create Application (Regular Web); allowed callback URL = this directory’s Redirect URI (below).' },
  ping: { label: 'Ping Identity', issuerLabel: 'Issuer (https://auth.pingone.<region>/<environment>/as)', help: 'Applications → Add (OIDC Web App); redirect URI = this directory’s Redirect URI (below).' },
  generic: { label: 'Another OpenID provider', issuerLabel: 'Issuer URL', help: 'Register a confidential web client with this directory’s Redirect URI (below); the provider must send email and email_verified.' },
} as const;
type Preset = keyof typeof PRESETS;

/**
 * The kinds this runtime can reach. A Forge app fetches only the hosts its manifest names
 * (Entra ID's, in every cloud): other providers need the self-hosted bridge.
 */
function reachablePresets(current: Preset | undefined): Preset[] {
  const reachable: Preset[] = isLocalMode() ? (Object.keys(PRESETS) as Preset[]) : ['entra'];
  // A directory saved before (an imported setup) keeps its kind on the form.
  return current === undefined || reachable.includes(current) ? reachable : [...reachable, current];
}

interface ConnectionValues {
  id: string;
  /** None chosen until the admin chooses: no provider is suggested. */
  preset: Preset | undefined;
  issuer: string;
  authority: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  domains: string;
}

const EMPTY: ConnectionValues = { id: '', preset: undefined, issuer: '', authority: 'https://login.microsoftonline.com', tenantId: '', clientId: '', clientSecret: '', domains: '' };
const FIELDS = ['id', 'preset', 'issuer', 'authority', 'tenantId', 'clientId', 'clientSecret', 'allowedDomains'] as const;

function valuesOf(connection: Connection): ConnectionValues {
  return {
    ...EMPTY,
    id: connection.id,
    preset: connection.kind === 'entra' ? 'entra' : connection.preset,
    issuer: connection.kind === 'oidc' ? connection.issuer : '',
    authority: connection.kind === 'entra' ? connection.authority : EMPTY.authority,
    tenantId: connection.kind === 'entra' ? connection.tenantId : '',
    clientId: connection.clientId,
    domains: connection.allowedDomains.join(', '),
  };
}

function payloadOf(values: ConnectionValues) {
  const allowedDomains = values.domains.split(/[\s,;]+/).filter((d) => d !== '');
  const secret = values.clientSecret === '' ? {} : { clientSecret: values.clientSecret };
  return values.preset === 'entra'
    ? { id: values.id, kind: 'entra', authority: values.authority, tenantId: values.tenantId, clientId: values.clientId, allowedDomains, ...secret }
    : { id: values.id, kind: 'oidc', preset: values.preset, issuer: values.issuer, clientId: values.clientId, allowedDomains, ...secret };
}

/** The further directories behind the one Guard IdP: list, add, edit, test, remove. */
export function Connections({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const [editing, setEditing] = useState<Connection>();
  // The form to add one is closed until asked for: most setups have one directory.
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState<string>();
  const [formError, setFormError] = useState<ApiError>();
  const [removing, setRemoving] = useState<string>();
  const formApi = useRef<FormApi<ConnectionValues>>();
  const test = useAction(adminApi.testDirectory);
  const [tested, setTested] = useState<string>();
  const connections = setup.connections ?? [];

  /** Saves or removes. A directory is part of whom the bridge vouches for: once the setup is live, the bridge prepares the change, to activate above the steps. */
  async function change(call: () => ReturnType<typeof adminApi.saveConnection>, doneText: string): Promise<Record<string, string> | undefined> {
    setDone(undefined);
    setFormError(undefined);
    const answer = await call();
    if (answer.ok) {
      setDone(answer.value.staged === undefined ? doneText : `${doneText.replace(/\.$/, '')} as a prepared change: not in force until you activate it (above the steps).`);
      setEditing(undefined);
      setAdding(false);
      const form = formApi.current;
      setTimeout(() => form?.initialize(EMPTY));
      onSaved(answer.value);
      return undefined;
    }
    if (answer.error.fields === undefined) setFormError(answer.error);
    return formErrors(answer.error.fields, FIELDS, { allowedDomains: 'domains' });
  }

  return (
    <Section id="connections-heading" title="Further directories">
      <p>
        People of another Entra ID tenant or another OpenID provider can sign in through the same Guard identity provider: each directory signs in the email domains it
        owns, and the bridge sends each person to the directory of their domain.
      </p>
      {connections.length > 0 && (
        <TableScroll id="connections" label="Further directories">
          <DynamicTable
            caption={<span className="visually-hidden">Further directories</span>}
            head={{ cells: [{ key: 'name', content: 'Name' }, { key: 'directory', content: 'Directory' }, { key: 'domains', content: 'Domains' }, { key: 'redirect', content: 'Redirect URI' }, { key: 'actions', content: 'Actions' }] }}
            rows={connections.map((connection) => ({
              key: connection.id,
              cells: [
                { key: 'name', content: connection.id },
                { key: 'directory', content: connection.kind === 'entra' ? `Entra ID tenant ${connection.tenantId}` : `${PRESETS[connection.preset].label}: ${connection.issuer}` },
                { key: 'domains', content: connection.allowedDomains.join(', ') },
                { key: 'redirect', content: <code data-redirect-uri={connection.id}>{connection.redirectUri}</code> },
                {
                  key: 'actions',
                  content: (
                    <div className="actions">
                      <Button appearance="subtle" onClick={() => setEditing(connection)}>{`Edit ${connection.id}`}</Button>
                      <Button
                        appearance="subtle"
                        onClick={() => {
                          setTested(connection.id);
                          void test.run({ id: connection.id });
                        }}
                      >
                        {`Test ${connection.id}`}
                      </Button>
                      <Button appearance="subtle" onClick={() => setRemoving(connection.id)}>{`Remove ${connection.id}`}</Button>
                    </div>
                  ),
                },
              ],
            }))}
          />
        </TableScroll>
      )}
      {tested !== undefined && (
        <ActionOutcome
          state={test.state}
          working={`Testing ${tested}…`}
          onRetry={() => void test.retry()}
          onCancel={test.cancel}
          done={(value) => (
            <Success title={value.secretProven === false ? `Found ${value.issuer}; this provider proves the secret only at a test sign-in.` : `Found ${value.issuer}, and the client secret was accepted.`} />
          )}
        />
      )}
      {done !== undefined && editing === undefined && !adding && <Success title={done} />}
      {editing === undefined && !adding && (
        <div className="actions">
          <Button onClick={() => (setDone(undefined), setAdding(true))}>Add a directory</Button>
        </div>
      )}
      {(editing !== undefined || adding) && <h4>{editing === undefined ? 'Add a directory' : `Edit ${editing.id}`}</h4>}
      {(editing !== undefined || adding) && (
      <Form<ConnectionValues>
        key={editing?.id ?? 'new'}
        onSubmit={(values, form) => {
          formApi.current = form;
          if (values.preset === undefined) return { preset: 'Choose the kind of directory' };
          const payload = payloadOf({ ...values, preset: values.preset });
          return change(() => adminApi.saveConnection(payload), 'Directory saved.');
        }}
      >
        {({ formProps, dirty, submitting }) => (
          <form {...formProps} noValidate aria-label={editing === undefined ? 'Add a directory' : `Edit ${editing.id}`}>
            <UnsavedEdits dirty={dirty} />
            <div className="stack">
              <Field<Preset | undefined> name="preset" label="Kind of directory" defaultValue={editing === undefined ? EMPTY.preset : valuesOf(editing).preset}>
                {({ fieldProps, error }) => (
                  <>
                    <RadioGroup
                      {...fieldProps}
                      value={fieldProps.value ?? null}
                      options={reachablePresets(editing === undefined ? undefined : valuesOf(editing).preset).map((key) => ({ name: 'preset', value: key, label: PRESETS[key].label }))}
                      onChange={(event) => fieldProps.onChange(event.currentTarget.value as Preset)}
                    />
                    {!isLocalMode() && (
                      <HelperMessage>
                        On Forge the app reaches only Entra ID’s hosts (its manifest allows no others), so a further directory is another Entra ID tenant. Okta, Google
                        Workspace, Keycloak, Auth0, Ping and other OpenID providers need the self-hosted bridge.
                      </HelperMessage>
                    )}
                    {fieldProps.value !== undefined && <HelperMessage>{PRESETS[fieldProps.value].help}</HelperMessage>}
                    {error !== undefined && <FieldError>{error}</FieldError>}
                    {fieldProps.value !== undefined && <DirectoryFields preset={fieldProps.value} initial={editing === undefined ? EMPTY : valuesOf(editing)} />}
                  </>
                )}
              </Field>
              <TextField
                name="id"
                label="Name"
                defaultValue={editing?.id ?? ''}
                hint={`A short name: lowercase letters, digits and dashes. It ends this directory’s own Redirect URI, to register at the provider: ${setup.endpoints.callbackUrl}/<name>. Each directory has its own, so an answer meant for one never reaches another.`}
              />
              <TextField name="clientId" label="Client ID" defaultValue={editing?.clientId ?? ''} />
              <TextField name="clientSecret" label="Client secret" type="password" autoComplete="new-password" hint={editing === undefined ? 'Write-only: never shown again.' : 'Leave empty to keep the saved one.'} />
              <TextField name="domains" label="Email domains of this directory" defaultValue={editing?.allowedDomains.join(', ') ?? ''} hint="Separated by commas; no other directory may have them." />
              <div className="actions">
                <Button type="submit" appearance="primary" isLoading={submitting}>
                  {editing === undefined ? 'Add directory' : 'Save directory'}
                </Button>
                <Button onClick={() => (setEditing(undefined), setAdding(false))}>Cancel</Button>
              </div>
              {formError !== undefined && <ErrorMessage error={formError} />}
            </div>
          </form>
        )}
      </Form>
      )}
      <ConfirmModal
        open={removing !== undefined}
        title={`Remove the directory ${removing ?? ''}?`}
        confirm="Remove"
        appearance="danger"
        onConfirm={() => {
          const id = removing ?? '';
          setRemoving(undefined);
          void change(() => adminApi.removeConnection({ id }), 'Directory removed.');
        }}
        onCancel={() => setRemoving(undefined)}
      >
        <p>People of its domains can no longer sign in through the bridge. Once the setup is live this is a change of trust: it is prepared, and takes effect when you activate it.</p>
      </ConfirmModal>
    </Section>
  );
}

/** The fields that differ by kind: an Entra ID tenant's authority and tenant, or a provider's issuer. */
function DirectoryFields({ preset, initial }: { preset: Preset; initial: ConnectionValues }) {
  if (preset === 'entra') {
    return (
      <>
        <TextField name="authority" label="Entra ID authority" defaultValue={initial.authority} />
        <TextField name="tenantId" label="Directory (tenant) ID" defaultValue={initial.tenantId} />
      </>
    );
  }
  return <TextField name="issuer" label={PRESETS[preset].issuerLabel} defaultValue={initial.issuer} />;
}
