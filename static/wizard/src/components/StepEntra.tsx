import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Form, { CheckboxField, ErrorMessage as FieldError, Field, HelperMessage } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import { adminApi, type SetupView } from '../api';
import { useStepSave } from '../hooks/use-step-save';
import { useAction } from '../hooks/use-action';
import { isLocalMode } from '../local-mode';
import { awaitsCertificateUpload, CertificateUpload } from './CertificateUpload';
import { ClientCertificate } from './ClientCertificate';
import { Connections } from './Connections';
import { CopyField } from './CopyField';
import { ExternalLink } from './ExternalLink';
import { TextField, UnsavedEdits } from './form-parts';
import { ActionOutcome, Note, Section, Success } from './Messages';
import { SiteCheck } from './SiteCheck';
import { useStepNavigation } from './step-navigation';

const CLOUDS = {
  global: { label: 'Global: login.microsoftonline.com', authority: 'https://login.microsoftonline.com' },
  usGovernment: { label: 'US Government: login.microsoftonline.us', authority: 'https://login.microsoftonline.us' },
  china: { label: 'China, operated by 21Vianet: login.partner.microsoftonline.cn', authority: 'https://login.partner.microsoftonline.cn' },
  other: { label: 'A stand-in on this machine (testing)', authority: '' },
} as const;
type Cloud = keyof typeof CLOUDS;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A domain name: Entra ID takes one of the tenant's domains in place of its ID. */
const TENANT_DOMAIN = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const FIELDS = ['authority', 'tenantId', 'clientId', 'clientCredential', 'clientSecret', 'clientSecretExpiresOn', 'requireXmsEdov'] as const;

interface EntraValues {
  cloud: Cloud;
  authority: string;
  tenantId: string;
  clientId: string;
  credential: 'certificate' | 'secret';
  clientSecret: string;
  clientSecretExpiresOn: string;
  requireXmsEdov: boolean;
}

function cloudOf(authority: string | undefined): Cloud {
  if (authority === undefined) return 'global';
  return (Object.keys(CLOUDS) as Cloud[]).find((key) => CLOUDS[key].authority === authority) ?? 'other';
}

/** Step 1: the app registration in Entra ID, its IDs and its credential, and Test connection. */
export function StepEntra({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const { refresh } = useStepNavigation();
  const test = useAction(adminApi.testEntraConnection);
  const cloud = cloudOf(setup.entra?.authority);
  const step = useStepSave<EntraValues>({
    save: (values) =>
      adminApi.saveEntraStep({
        authority: values.cloud === 'other' ? values.authority : CLOUDS[values.cloud].authority,
        tenantId: values.tenantId,
        clientId: values.clientId,
        ...(setup.entra?.domainHint !== undefined && { domainHint: setup.entra.domainHint }),
        ...(setup.entra?.nameIdClaim !== undefined && { nameIdClaim: setup.entra.nameIdClaim }),
        requireXmsEdov: values.requireXmsEdov,
        clientCredential: values.credential,
        ...(values.credential === 'secret' && values.clientSecret !== '' && { clientSecret: values.clientSecret }),
        ...(values.credential === 'secret' && values.clientSecretExpiresOn !== '' && { clientSecretExpiresOn: values.clientSecretExpiresOn }),
      }),
    onSaved: (view) => {
      test.reset();
      onSaved(view);
    },
    nextStep: 1,
    fields: FIELDS,
    // The recommended path's last instruction: Entra ID needs the certificate before any sign-in.
    holdFor: { until: (view) => !awaitsCertificateUpload(view), focus: 'certificate-upload-heading', message: 'One more instruction before step 2: upload the certificate (below).' },
    // The secret is write-only: once saved, its field is empty again.
    savedValues: (values) => ({ ...values, clientSecret: '' }),
  });

  const defaults: EntraValues = {
    cloud,
    authority: cloud === 'other' ? (setup.entra?.authority ?? '') : '',
    tenantId: setup.entra?.tenantId ?? '',
    clientId: setup.entra?.clientId ?? '',
    credential: setup.entra === undefined ? 'certificate' : setup.clientCredential,
    clientSecret: '',
    clientSecretExpiresOn: setup.clientSecret.expiresOn ?? '',
    requireXmsEdov: setup.entra?.requireXmsEdov ?? true,
  };
  const credentialInUse = setup.clientCredential === 'certificate' ? 'client certificate' : 'client secret';

  return (
    <div className="stack">
      {/* Before any URL is registered in Entra ID (the Callback URL, just below) or in Guard. */}
      <SiteCheck />
      <ol className="instructions">
        <li>
          In the <ExternalLink href="https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade">Microsoft Entra admin center</ExternalLink>, open{' '}
          <em>Identity → Applications → App registrations → New registration</em>. Under <em>Supported account types</em> choose{' '}
          <em>Accounts in this organizational directory only (single tenant)</em>. Under <em>Redirect URI</em> choose the platform <em>Web</em> and paste the Callback URL below.
        </li>
        <li>
          On the app’s <em>Overview</em> page, copy the <em>Application (client) ID</em> and the <em>Directory (tenant) ID</em> into the fields below.
        </li>
        <li>
          In <em>Token configuration → Add optional claim</em>, choose the token type <em>ID</em> and add <code>email</code>, <code>xms_edov</code>, <code>auth_time</code>,{' '}
          <code>given_name</code> and <code>family_name</code>. When the portal asks, tick <em>Turn on the Microsoft Graph email permission</em>.
        </li>
        <li>
          If people in your organization may not consent to apps themselves, open <em>API permissions</em> and press <em>Grant admin consent for</em> your organization.
        </li>
        <li>
          Choose the credential. The <strong>certificate</strong> (recommended) is made by the bridge when you save: download it and upload it in{' '}
          <em>Certificates &amp; secrets → Certificates → Upload certificate</em>. A <strong>client secret</strong> is made in{' '}
          <em>Certificates &amp; secrets → Client secrets → New client secret</em>: copy its <em>Value</em> (not its <em>Secret ID</em>) and its <em>Expires</em> date.
        </li>
      </ol>
      <CopyField label="Callback URL" value={setup.endpoints.callbackUrl} hint="Register it exactly, as a Web redirect URI." />
      <Form<EntraValues> onSubmit={step.onSubmit}>
        {({ formProps, dirty, submitting }) => (
          <form {...formProps} noValidate aria-label="Entra ID app">
            <UnsavedEdits dirty={dirty} />
            <div className="stack">
              <Field<Cloud> name="cloud" label="Entra ID cloud" defaultValue={defaults.cloud}>
                {({ fieldProps }) => (
                  <>
                    <RadioGroup
                      {...fieldProps}
                      // A stand-in on this machine is for the local runtime's tests and demo; never offered inside Jira.
                      options={(Object.keys(CLOUDS) as Cloud[]).filter((key) => key !== 'other' || isLocalMode() || defaults.cloud === 'other').map((key) => ({ name: 'cloud', value: key, label: CLOUDS[key].label }))}
                      onChange={(event) => fieldProps.onChange(event.currentTarget.value as Cloud)}
                    />
                    {fieldProps.value === 'other' && <TextField name="authority" label="Authority URL" defaultValue={defaults.authority} hint="http://127.0.0.1:… or http://localhost:…" />}
                  </>
                )}
              </Field>
              <TextField
                name="tenantId"
                label="Directory (tenant) ID"
                defaultValue={defaults.tenantId}
                hint="On the app registration’s Overview page; a GUID, or one of the tenant’s domains (contoso.onmicrosoft.com), which the bridge looks up."
                warning={(value) => (value.trim() !== '' && !GUID.test(value.trim()) && !TENANT_DOMAIN.test(value.trim()) ? 'A Directory (tenant) ID looks like 9122040d-6c67-4c5b-b112-36a304b66dad.' : undefined)}
              />
              <TextField
                name="clientId"
                label="Application (client) ID"
                defaultValue={defaults.clientId}
                hint="On the app registration’s Overview page; a GUID."
                warning={(value) => (value.trim() !== '' && !GUID.test(value.trim()) ? 'An Application (client) ID looks like 6731de76-14a6-49ae-97bc-6eba6914391e.' : undefined)}
              />
              <Field<'certificate' | 'secret'> name="credential" label="How the bridge proves itself to Entra ID" defaultValue={defaults.credential}>
                {({ fieldProps, error }) => (
                  <>
                    <RadioGroup
                      {...fieldProps}
                      options={[
                        { name: 'credential', value: 'certificate', label: 'Certificate (recommended): the bridge makes its own; you upload it in Entra ID' },
                        { name: 'credential', value: 'secret', label: 'Client secret: you create one in Entra ID and paste its Value' },
                      ]}
                      onChange={(event) => fieldProps.onChange(event.currentTarget.value as 'certificate' | 'secret')}
                    />
                    {error !== undefined && <FieldError>{error}</FieldError>}
                    {fieldProps.value === 'secret' && <SecretFields setup={setup} expiresOn={defaults.clientSecretExpiresOn} />}
                  </>
                )}
              </Field>
              <CheckboxField name="requireXmsEdov" defaultIsChecked={defaults.requireXmsEdov}>
                {({ fieldProps }) => (
                  <>
                    <Checkbox {...fieldProps} label="Require Entra ID’s proof that the email’s domain is verified (xms_edov)" />
                    <HelperMessage>
                      Recommended. Turned off, the allowed-domain list is the only check on the email claim: an account whose email was set to an address it does not own (the
                      nOAuth risk) could sign in to Atlassian as that address. Changing this is a change of trust: prepared, and in force once you activate it.
                    </HelperMessage>
                  </>
                )}
              </CheckboxField>
              {step.footer({ saving: submitting, dirty })}
            </div>
          </form>
        )}
      </Form>
      {setup.clientCredential === 'certificate' && setup.clientCertificate !== undefined && <CertificateUpload setup={setup} certificate={setup.clientCertificate} onSaved={onSaved} />}
      <Section id="test-connection-heading" title="Test connection">
        <p className="hint">Finds the tenant and asks Entra ID for a token with the saved credential, without anyone signing in. Step 1 is verified when this passes.</p>
        <div className="actions">
          <Button onClick={() => void test.run(undefined).then(refresh)} isDisabled={setup.progress.entra.status === 'todo' || test.state.phase === 'running'}>
            Test connection
          </Button>
        </div>
        <ActionOutcome
          state={test.state}
          working="Testing the connection…"
          onRetry={() => void test.retry().then(refresh)}
          onCancel={test.cancel}
          done={(value) => (
            <Success title={`Connected: the tenant was found and the ${credentialInUse} was accepted.`}>
              <p className="hint">Issuer: {value.issuer}</p>
            </Success>
          )}
        />
      </Section>
      {setup.entra !== undefined && <ClientCertificate setup={setup} onSaved={onSaved} />}
      {setup.steps.entra && setup.guard !== undefined && <Connections setup={setup} onSaved={onSaved} />}
    </div>
  );
}

/** The secret's Value (write-only) and its expiry, when the secret is the credential. */
function SecretFields({ setup, expiresOn }: { setup: SetupView; expiresOn: string }) {
  return (
    <>
      <TextField
        name="clientSecret"
        label="Client secret Value"
        type="password"
        autoComplete="new-password"
        hint={setup.clientSecret.set ? `A secret is saved (${new Date(setup.clientSecret.savedAt ?? '').toLocaleString()}). Leave this empty to keep it.` : 'Write-only: it is never shown again after saving.'}
        warning={(value) => (GUID.test(value.trim()) ? 'This looks like the Secret ID. Paste the secret’s Value instead.' : undefined)}
      />
      <TextField name="clientSecretExpiresOn" label="Client secret expires" type="date" defaultValue={expiresOn} hint="The Expires date Entra ID shows beside the secret (at most 24 months away). The page warns 30 days before." />
      {setup.clientSecret.expiresSoon === true && (
        <Note appearance="warning" title={`The client secret expires in ${setup.clientSecret.expiresInDays ?? 0} days.`}>
          <p>Create a new secret in Entra ID and save it here before then, or switch to the certificate.</p>
        </Note>
      )}
    </>
  );
}
