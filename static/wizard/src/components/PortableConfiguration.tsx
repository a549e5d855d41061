import { useState } from 'react';
import { adminApi, type ApiError, type SetupView } from '../api';
import { download } from '../browser-actions';
import { ErrorMessage, Message } from './Message';
import { TRUST_CHANGE_UNCONFIRMED, TrustChangeConfirmation } from './TrustChangeConfirmation';

/** Moving the setup between sites: export without secrets, import all or nothing. */
export function PortableConfiguration({ onImported }: { onImported: (view: SetupView) => void }) {
  const [outcome, setOutcome] = useState<{ done: string } | { error: ApiError } | undefined>();
  const [confirming, setConfirming] = useState<{ error: ApiError; configuration: unknown }>();
  const [busy, setBusy] = useState(false);

  async function exportConfiguration() {
    const answer = await adminApi.exportConfiguration();
    if (answer.ok) download('entra-sso-bridge-configuration.json', `${JSON.stringify(answer.value, null, 2)}\n`, 'application/json');
    else setOutcome({ error: answer.error });
  }

  async function importConfiguration(file: File | undefined) {
    if (file === undefined) return;
    let json: unknown;
    try {
      json = JSON.parse(await file.text()) as unknown;
    } catch {
      return setOutcome({ error: { code: 'SETUP_INVALID', message: 'The file is not JSON.', remedy: 'Choose a file exported from this page.' } });
    }
    await send(json, false);
  }

  async function send(configuration: unknown, confirmTrustChange: boolean) {
    const payload = confirmTrustChange && configuration !== null && typeof configuration === 'object' ? { ...configuration, confirmTrustChange: true } : configuration;
    setBusy(true);
    const answer = await adminApi.importConfiguration(payload);
    setBusy(false);
    setConfirming(undefined);
    if (answer.ok) {
      setOutcome({ done: 'Configuration imported. Paste the client secret in step 1 if this site has none yet.' });
      onImported(answer.value);
    } else if (answer.error.code === TRUST_CHANGE_UNCONFIRMED) {
      setConfirming({ error: answer.error, configuration });
    } else setOutcome({ error: answer.error });
  }

  return (
    <section aria-labelledby="portable-heading">
      <h3 id="portable-heading">Move the setup to another site</h3>
      <p className="hint">The export holds the Entra ID and Guard settings, never the client secret or the signing key.</p>
      <div className="actions">
        <button type="button" className="button" onClick={exportConfiguration}>
          Export configuration
        </button>
        <label className="button" htmlFor="import-configuration">
          Import configuration…
        </label>
        <input id="import-configuration" type="file" accept="application/json,.json" className="visually-hidden" onChange={(event) => void importConfiguration(event.target.files?.[0])} />
      </div>
      {confirming !== undefined && (
        <TrustChangeConfirmation error={confirming.error} busy={busy} onConfirm={() => void send(confirming.configuration, true)} onCancel={() => setConfirming(undefined)} />
      )}
      {outcome !== undefined && ('error' in outcome ? <ErrorMessage error={outcome.error} /> : <Message appearance="success" title={outcome.done} />)}
    </section>
  );
}
