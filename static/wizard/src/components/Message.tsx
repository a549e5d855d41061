import type { ReactNode } from 'react';
import type { ApiError } from '../api';

/** A section message in the Atlassian style: information, success, warning or error. */
export function Message({ appearance, title, children }: { appearance: 'information' | 'success' | 'warning' | 'error'; title?: string; children?: ReactNode }) {
  return (
    <div className={`message ${appearance}`} role={appearance === 'error' ? 'alert' : 'status'}>
      {title && <strong>{title}</strong>}
      {children && <div>{children}</div>}
    </div>
  );
}

/** An admin-API refusal: what happened, what to do, the code. */
export function ErrorMessage({ error }: { error: ApiError }) {
  return (
    <Message appearance="error" title={error.message}>
      <p>{error.remedy}</p>
      <p className="hint">
        Error code: <code>{error.code}</code>
      </p>
    </Message>
  );
}
