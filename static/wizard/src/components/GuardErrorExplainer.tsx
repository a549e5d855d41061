import Button from '@atlaskit/button/new';
import Form from '@atlaskit/form';
import { adminApi } from '../api';
import { useAction } from '../hooks/use-action';
import { TextField } from './form-parts';
import { ActionOutcome, Note, Section } from './Messages';

/**
 * What Guard trusts cannot be seen from here, and Guard shows an admin no reason for a
 * refusal: but Atlassian's error page names it in its address. The admin pastes it; the
 * bridge names the cause and the fix.
 */
export function GuardErrorExplainer({ fingerprint }: { fingerprint: string | undefined }) {
  const explain = useAction(adminApi.explainGuardError);
  return (
    <Section id="guard-refused-heading" title="Did Atlassian refuse a sign-in?">
      <p>
        The bridge sees each sign-in Guard sends here, but not whether Guard accepted the answer, nor which certificate Guard holds.
        {fingerprint !== undefined && (
          <>
            {' '}
            Guard must hold the certificate with SHA-256 fingerprint <code id="guard-should-hold">{fingerprint}</code>.
          </>
        )}
      </p>
      <Form<{ address: string }> onSubmit={(values) => void explain.run({ address: values.address })}>
        {({ formProps }) => (
          <form {...formProps} noValidate aria-label="Explain Atlassian’s error page">
            <div className="stack">
              <TextField name="address" label="Address of Atlassian’s error page" placeholder="https://id.atlassian.com/error?error=access_denied&error_description=…" hint="Copy it from the address bar of the page that says Atlassian could not sign you in." />
              <div className="actions">
                <Button type="submit" isDisabled={explain.state.phase === 'running'}>
                  Explain
                </Button>
              </div>
            </div>
          </form>
        )}
      </Form>
      <ActionOutcome
        state={explain.state}
        working="Reading the address…"
        onRetry={() => void explain.retry()}
        onCancel={explain.cancel}
        done={(reading) =>
          reading.found ? (
            <Note appearance={reading.explanation.kind === 'unknown' ? 'information' : 'warning'} title={`Atlassian says: “${reading.explanation.atlassianSays}”`}>
              <div className="stack" id="guard-error-explanation">
                <p>{reading.explanation.cause}</p>
                <p>
                  <strong>What to do:</strong> {reading.explanation.fix}
                </p>
              </div>
            </Note>
          ) : (
            <Note appearance="information" title="Nothing to explain in this address.">
              <p id="guard-error-explanation">{reading.why}</p>
            </Note>
          )
        }
      />
    </Section>
  );
}
