import { useEffect, useState } from 'react';
import { adminApi, type AdminRecord, type ApiError } from '../api';
import { download } from '../browser-actions';
import { ErrorMessage } from './Message';
import { TrailHeading } from './TrailHeading';

/** Who changed the setup, when, and what: the admin trail, newest first. */
export function AdminTrail() {
  const [records, setRecords] = useState<AdminRecord[]>();
  const [error, setError] = useState<ApiError>();

  const refresh = () => {
    setError(undefined);
    void adminApi.listAdminTrail().then((answer) => (answer.ok ? setRecords(answer.value) : setError(answer.error)));
  };
  useEffect(refresh, []);

  return (
    <section aria-labelledby="admin-trail-heading">
      <TrailHeading
        id="admin-trail-heading"
        title="Admin trail"
        onRefresh={refresh}
        onExport={async () => {
          const answer = await adminApi.exportAdminTrail();
          if (answer.ok) download('admin-trail.csv', answer.value.csv, 'text/csv');
          else setError(answer.error);
        }}
      />
      {error !== undefined && <ErrorMessage error={error} />}
      {records === undefined ? (
        error === undefined && <p>Loading…</p>
      ) : records.length === 0 ? (
        <p className="hint">No changes yet.</p>
      ) : (
        <table className="table" id="admin-trail">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">What changed</th>
            </tr>
          </thead>
          <tbody>
            {records.map((record, index) => (
              <tr key={`${record.at}-${index}`}>
                <td>{new Date(record.at).toLocaleString()}</td>
                <td>{record.actor}</td>
                <td>
                  {record.action}
                  {record.keyReplaced === true && <span className="lozenge refused"> key replaced</span>}
                </td>
                <td>
                  <ul className="checks">
                    {record.changes.map((change) => (
                      <li key={change.field}>
                        <code>{change.field}</code>: {change.before ?? '—'} → {change.after ?? '—'}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
