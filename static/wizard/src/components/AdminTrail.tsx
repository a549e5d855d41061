import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { useState } from 'react';
import { adminApi, type AdminRecordInWords } from '../api';
import { Loaded } from './Loaded';
import { TrailHeading } from './TrailHeading';
import { TableScroll } from './Messages';

/** Who changed the setup, when, and what: the admin trail, newest first. */
export function AdminTrail({ version }: { version: number }) {
  const [refreshed, setRefreshed] = useState(0);
  return (
    <section className="section" aria-labelledby="admin-trail-heading">
      <TrailHeading id="admin-trail-heading" title="Admin trail" onRefresh={() => setRefreshed((n) => n + 1)} exportCsv={adminApi.exportAdminTrail} filename="admin-trail.csv" />
      <Loaded load={adminApi.listAdminTrail} label="Loading the admin trail…" version={version + refreshed}>
        {(records) => (records.length === 0 ? <p className="hint">No changes yet.</p> : <TrailTable records={records} />)}
      </Loaded>
    </section>
  );
}

function TrailTable({ records }: { records: readonly AdminRecordInWords[] }) {
  return (
    <TableScroll id="admin-trail" label="Admin trail">
      <DynamicTable
        caption={<span className="visually-hidden">Admin trail</span>}
        head={{ cells: ['Time', 'What happened'].map((content) => ({ key: content, content })) }}
        rows={records.map((record, index) => ({
          key: `${record.at}-${index}`,
          cells: [
            { key: 'time', content: new Date(record.at).toLocaleString() },
            {
              key: 'what',
              content: (
                <div className="stack">
                  <span>
                    {record.sentence} {record.keyReplaced === true && <Lozenge appearance="removed">key replaced</Lozenge>}
                  </span>
                  {record.changeSentences.length > 1 && (
                    <ul className="checklist">
                      {record.changeSentences.map((sentence) => (
                        <li key={sentence}>{sentence}</li>
                      ))}
                    </ul>
                  )}
                  {record.changes.length > 0 && (
                    <details>
                      <summary>Details</summary>
                      <p className="hint">
                        Action <code>{record.action}</code>
                      </p>
                      <ul className="checklist">
                        {record.changes.map((change) => (
                          <li key={change.field}>
                            <code>{change.field}</code>: {change.before ?? '—'} → {change.after ?? '—'}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </div>
              ),
            },
          ],
        }))}
      />
    </TableScroll>
  );
}
