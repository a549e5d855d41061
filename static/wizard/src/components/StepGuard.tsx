import Form, { Field, HelperMessage } from '@atlaskit/form';
import TextArea from '@atlaskit/textarea';
import { adminApi, type SetupView } from '../api';
import { useStepSave } from '../hooks/use-step-save';
import { CopyField } from './CopyField';
import { ExternalLink } from './ExternalLink';
import { GuardErrorExplainer } from './GuardErrorExplainer';
import { TextField, UnsavedEdits } from './form-parts';
import { Section } from './Messages';
import { SigningKey } from './SigningKey';

const ENTITY_ID = /https:\/\/auth\.atlassian\.com\/saml\/[0-9a-f-]{36}/;
const ACS_URL = /https:\/\/auth\.atlassian\.com\/login\/callback\?connection=saml-[0-9a-f-]{36}/;

interface GuardValues {
  spEntityId: string;
  acsUrl: string;
  allowedDomains: string;
}

/** Step 2: give Guard the bridge's identity-provider details, and take Guard's service-provider details. */
export function StepGuard({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const step = useStepSave<GuardValues>({
    save: (values) =>
      adminApi.saveGuardStep({
        spEntityId: values.spEntityId,
        acsUrl: values.acsUrl,
        allowedDomains: values.allowedDomains.split(/[\s,;]+/).filter((domain) => domain !== ''),
      }),
    onSaved,
    nextStep: 2,
    fields: ['spEntityId', 'acsUrl', 'allowedDomains'],
  });

  return (
    <div className="stack">
      <Section id="into-guard-heading" title="Into Atlassian Guard">
        <ol className="instructions">
          <li>
            In <ExternalLink href="https://admin.atlassian.com/">Atlassian Administration</ExternalLink>, open <em>Security → Identity providers</em>, choose{' '}
            <em>Other provider</em>, name the directory (for example “Entra ID”) and add it. Then choose <em>Set up SAML single sign-on</em> and <em>Next</em>.
          </li>
          <li>
            Paste the three values below into Guard’s fields of the same names: <em>Identity provider Entity ID</em>, <em>Identity provider SSO URL</em> and{' '}
            <em>Public x509 certificate</em>. Then <em>Next</em>.
          </li>
          <li>
            Guard now shows its <em>Service provider entity URL</em> and <em>Service provider assertion consumer service URL</em>: copy both into the form under{' '}
            <em>From Atlassian Guard</em>. Then <em>Next</em>.
          </li>
          <li>
            Link your verified domains to this identity provider, and choose <em>Stop and save SAML</em>.
          </li>
        </ol>
        <CopyField label="Identity provider Entity ID" value={setup.endpoints.idpEntityId} />
        <CopyField label="Identity provider SSO URL" value={setup.endpoints.ssoUrl} />
        <SigningKey setup={setup} onSaved={onSaved} />
      </Section>
      <Section id="from-guard-heading" title="From Atlassian Guard">
        <Form<GuardValues> onSubmit={step.onSubmit}>
          {({ formProps, dirty, submitting, setFieldValue }) => (
            <form {...formProps} noValidate aria-label="From Atlassian Guard">
              <UnsavedEdits dirty={dirty} />
              <div className="stack">
                <Field<string> name="guardScreen" label="Paste Guard’s SAML details (optional)" defaultValue="">
                  {({ fieldProps }) => (
                    <>
                      <TextArea
                        {...fieldProps}
                        minimumRows={3}
                        onChange={(event) => {
                          fieldProps.onChange(event.currentTarget.value);
                          const entityId = ENTITY_ID.exec(event.currentTarget.value)?.[0];
                          const acs = ACS_URL.exec(event.currentTarget.value)?.[0];
                          if (entityId !== undefined) setFieldValue('spEntityId', entityId);
                          if (acs !== undefined) setFieldValue('acsUrl', acs);
                        }}
                      />
                      <HelperMessage>Paste the part of Guard’s screen with both URLs; the two fields below are filled in.</HelperMessage>
                    </>
                  )}
                </Field>
                <TextField name="spEntityId" label="Service provider entity URL" defaultValue={setup.guard?.spEntityId ?? ''} placeholder="https://auth.atlassian.com/saml/…" hint="Guard’s SP Entity ID." />
                <TextField
                  name="acsUrl"
                  label="Service provider assertion consumer service URL"
                  defaultValue={setup.guard?.acsUrl ?? ''}
                  placeholder="https://auth.atlassian.com/login/callback?connection=saml-…"
                  hint="Guard’s ACS URL: the only address the bridge ever sends a signed Response to."
                />
                <TextField
                  name="allowedDomains"
                  label="Allowed email domains"
                  defaultValue={(setup.guard?.allowedDomains ?? []).join(', ')}
                  hint="The domains verified in Atlassian Guard and linked to this identity provider, separated by commas."
                />
                {step.footer({ saving: submitting, dirty })}
              </div>
            </form>
          )}
        </Form>
      </Section>
      {setup.signing !== undefined && <GuardErrorExplainer fingerprint={setup.signing.fingerprintSha256} />}
    </div>
  );
}
