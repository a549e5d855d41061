import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** A labelled input with its hint and, under it, the message of the field's error. */
export function Field({
  label,
  error,
  hint,
  warning,
  ...input
}: { label: string; error?: string | undefined; hint?: ReactNode; warning?: string | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', warning ? `${id}-warning` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} {...input} />
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {warning && <p className="warning" id={`${id}-warning`}>{warning}</p>}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
