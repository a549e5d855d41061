import { adminApi, type SignInRecord } from '../api';
import { download } from '../browser-actions';
import { TrailHeading } from './TrailHeading';

/** The latest sign-in attempts: time, user, outcome, error code. */
export function RecentSignIns({ records, onRefresh }: { records: SignInRecord[] | undefined; onRefresh: () => void }) {
  return (
    <section aria-labelledby="recent-heading">
      <TrailHeading
        id="recent-heading"
        title="Recent sign-ins"
        onRefresh={onRefresh}
        onExport={async () => {
          const answer = await adminApi.exportSignIns();
          if (answer.ok) download('sign-ins.csv', answer.value.csv, 'text/csv');
        }}
      />
      {records === undefined ? (
        <p>Loading…</p>
      ) : records.length === 0 ? (
        <p className="hint">No sign-ins yet.</p>
      ) : (
        <table className="table" id="recent-sign-ins">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">User</th>
              <th scope="col">Kind</th>
              <th scope="col">Directory</th>
              <th scope="col">Outcome</th>
              <th scope="col">Error code</th>
            </tr>
          </thead>
          <tbody>
            {records.map((record, index) => (
              <tr key={`${record.at}-${index}`}>
                <td>{new Date(record.at).toLocaleString()}</td>
                <td>{record.email ?? '—'}</td>
                <td>{record.kind === 'test' ? 'test' : record.kind === 'idp' ? 'IdP-initiated' : 'from Guard'}</td>
                <td>{record.connection ?? 'step 1 tenant'}</td>
                <td>
                  <span className={`lozenge ${record.outcome === 'signed-in' ? 'done' : 'refused'}`}>{record.outcome === 'signed-in' ? 'Signed in' : 'Refused'}</span>
                </td>
                <td>{record.code !== undefined ? <code>{record.code}</code> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
