import { useEffect, useState } from 'react';
import { adminApi, type ApiError, type RefusalSummary } from '../api';
import { ErrorMessage } from './Message';

/**
 * Refusals before anyone authenticated (malformed requests, unknown states, forged tokens):
 * counted per hour and code, apart from the sign-ins, so a flood never hides a real one.
 */
export function Refusals() {
  const [rows, setRows] = useState<RefusalSummary[]>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    void adminApi.listRefusals().then((answer) => (answer.ok ? setRows(answer.value) : setError(answer.error)));
  }, []);
  return (
    <section aria-labelledby="refusals-heading">
      <h3 id="refusals-heading">Refused before sign-in</h3>
      <p className="hint">Requests refused before anyone signed in at Entra ID, counted per hour (at least this many).</p>
      {error !== undefined && <ErrorMessage error={error} />}
      {rows !== undefined && rows.length === 0 && <p className="hint">None.</p>}
      {rows !== undefined && rows.length > 0 && (
        <table className="table" id="refusals">
          <thead>
            <tr>
              <th scope="col">Hour</th>
              <th scope="col">Kind</th>
              <th scope="col">Error code</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 50).map((row) => (
              <tr key={`${row.window}-${row.kind}-${row.code}`}>
                <td>{new Date(row.window).toLocaleString()}</td>
                <td>{row.kind === 'test' ? 'test' : row.kind === 'idp' ? 'IdP-initiated' : 'from Guard'}</td>
                <td>
                  <code>{row.code}</code>
                </td>
                <td>{row.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
