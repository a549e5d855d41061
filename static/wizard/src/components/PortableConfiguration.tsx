import Button from '@atlaskit/button/new';
import { useRef, useState } from 'react';
import { adminApi, type ApiError, type SetupView } from '../api';
import { download } from '../browser-actions';
import { useAction } from '../hooks/use-action';
import { ConfirmModal } from './ConfirmModal';
import { ActionOutcome, ErrorMessage, Section, Success } from './Messages';
import type { AdminActionPayload } from '../../../../src/core/setup/action-table';

/** Moving the setup between sites: export without secrets, import all or nothing (asked first: it overwrites). */
export function PortableConfiguration({ onImported }: { onImported: (view: SetupView) => void }) {
  const exporting = useAction(adminApi.exportConfiguration);
  const importing = useAction(adminApi.importConfiguration);
  const [chosen, setChosen] = useState<{ name: string; configuration: unknown }>();
  const [fileError, setFileError] = useState<ApiError>();
  const input = useRef<HTMLInputElement>(null);

  async function exportConfiguration() {
    const answer = await exporting.run(undefined);
    if (answer?.ok === true) download('entra-sso-bridge-configuration.json', `${JSON.stringify(answer.value, null, 2)}\n`, 'application/json');
  }

  async function choose(file: File | undefined) {
    setFileError(undefined);
    if (input.current !== null) input.current.value = '';
    if (file === undefined) return;
    try {
      setChosen({ name: file.name, configuration: JSON.parse(await file.text()) as unknown });
    } catch {
      setFileError({ code: 'SETUP_INVALID', message: 'The file is not JSON.', remedy: 'Choose a file exported from this page.' });
    }
  }

  async function importChosen() {
    if (chosen === undefined) return;
    // A file the admin chose, taken as the bridge's import: the bridge checks it whole.
    const answer = await importing.run(chosen.configuration as AdminActionPayload<'importConfiguration'>);
    if (answer === undefined) return;
    setChosen(undefined);
    if (answer.ok) onImported(answer.value);
  }

  return (
    <Section id="portable-heading" title="Move the setup to another site">
      <p className="hint">The export holds the Entra ID and Guard settings, never the client secret, the client certificate or the signing key.</p>
      <div className="actions">
        <Button onClick={() => void exportConfiguration()}>Export configuration</Button>
        <Button onClick={() => input.current?.click()}>Import configuration…</Button>
        <input ref={input} id="import-configuration" type="file" accept="application/json,.json" className="visually-hidden" tabIndex={-1} aria-label="Configuration file to import" onChange={(event) => void choose(event.target.files?.[0])} />
      </div>
      <ActionOutcome state={exporting.state} working="Exporting…" onRetry={() => void exportConfiguration()} onCancel={exporting.cancel} />
      {fileError !== undefined && <ErrorMessage error={fileError} />}
      <ActionOutcome
        state={importing.state}
        working="Importing…"
        onRetry={() => void importing.retry().then((answer) => answer?.ok === true && onImported(answer.value))}
        onCancel={importing.cancel}
        done={(view) => (
          <Success title={view.staged === undefined ? 'Configuration imported. Save the credential in step 1 if this site has none yet.' : 'Configuration imported as a prepared change: not in force until you activate it (above the steps).'} />
        )}
      />
      <ConfirmModal
        open={chosen !== undefined}
        title={`Import ${chosen?.name ?? ''}?`}
        confirm="Import and overwrite"
        onConfirm={() => void importChosen()}
        onCancel={() => setChosen(undefined)}
      >
        <p>The Entra ID and Guard settings and the further directories of this site are replaced by the file’s, all at once. Secrets and keys stay as they are; once the setup is live, a change of whom the bridge vouches for is prepared, to activate when Guard has the new certificate.</p>
      </ConfirmModal>
    </Section>
  );
}
