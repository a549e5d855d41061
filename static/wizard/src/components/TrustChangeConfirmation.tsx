import { useEffect, useRef } from 'react';
import type { ApiError } from '../api';

/** The refusal a save gets when it would change whom the bridge vouches for. */
export const TRUST_CHANGE_UNCONFIRMED = 'SETUP_TRUST_CHANGE_UNCONFIRMED';

/**
 * Asks before a change of trust is saved, in the bridge's own words (which fields, and that
 * an organization admin must paste the new certificate into Guard). Focus moves here, so a
 * keyboard or screen-reader user meets the question before anything else.
 */
export function TrustChangeConfirmation({ error, busy, onConfirm, onCancel }: { error: ApiError; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const title = useRef<HTMLElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <div className="message warning" role="alertdialog" aria-labelledby="trust-change-title" aria-describedby="trust-change-text">
      <strong id="trust-change-title" tabIndex={-1} ref={title}>
        This change replaces the signing certificate
      </strong>
      <p id="trust-change-text">{error.fields?.['trust'] ?? error.remedy}</p>
      <div className="actions">
        <button type="button" className="button primary" onClick={onConfirm} disabled={busy}>
          {busy ? 'Saving…' : 'Replace the certificate and save'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
