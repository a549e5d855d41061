import { useId, useState } from 'react';
import { copyText } from '../browser-actions';

/** A value to paste into another console, with a copy button that says when it worked. */
export function CopyField({ label, value, multiline = false, hint }: { label: string; value: string; multiline?: boolean; hint?: string }) {
  const id = useId();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        {multiline ? (
          <textarea id={id} readOnly value={value} rows={6} aria-describedby={hint ? `${id}-hint` : undefined} />
        ) : (
          <input id={id} readOnly value={value} aria-describedby={hint ? `${id}-hint` : undefined} />
        )}
        <button
          type="button"
          className="button subtle"
          aria-label={`Copy ${label}`}
          onClick={async () => setStatus((await copyText(value)) ? 'copied' : 'failed')}
        >
          {status === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <span className="visually-hidden" aria-live="polite">
        {status === 'copied' ? `${label} copied` : status === 'failed' ? 'The browser did not allow copying; select the text and copy it' : ''}
      </span>
    </div>
  );
}
