import Button from '@atlaskit/button/new';
import Form from '@atlaskit/form';
import { rememberLocalToken } from '../transport';
import { TextField } from './form-parts';
import { Note } from './Messages';

/**
 * The local runtime's sign-in to its own wizard: the page carried no admin token, or another
 * bridge's. The token is kept for this tab only, and tried at once.
 */
export function AdminTokenForm({ onEntered }: { onEntered: () => void }) {
  return (
    <Note appearance="warning" title="This page does not carry this bridge’s admin token.">
      <Form<{ token: string }>
        onSubmit={(values) => {
          rememberLocalToken(values.token);
          onEntered();
        }}
      >
        {({ formProps }) => (
          <form {...formProps} noValidate aria-label="Admin token">
            <div className="stack">
              <TextField
                name="token"
                label="Admin token"
                type="password"
                hint="The file admin-token in the bridge’s data folder holds it (for example .data/admin-token), unless the operator set ADMIN_TOKEN."
              />
              <div className="actions">
                <Button type="submit" appearance="primary">
                  Open the wizard
                </Button>
              </div>
            </div>
          </form>
        )}
      </Form>
    </Note>
  );
}
