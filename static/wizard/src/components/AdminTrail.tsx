import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { useState } from 'react';
import { adminApi, type AdminRecord } from '../api';
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

function TrailTable({ records }: { records: AdminRecord[] }) {
  return (
    <TableScroll id="admin-trail" label="Admin trail">
      <DynamicTable
        caption={<span className="visually-hidden">Admin trail</span>}
        head={{ cells: ['Time', 'Who', 'Action', 'What changed'].map((content) => ({ key: content, content })) }}
        rows={records.map((record, index) => ({
          key: `${record.at}-${index}`,
          cells: [
            { key: 'time', content: new Date(record.at).toLocaleString() },
            { key: 'who', content: record.actor },
            {
              key: 'action',
              content: (
                <>
                  {record.action} {record.keyReplaced === true && <Lozenge appearance="removed">key replaced</Lozenge>}
                </>
              ),
            },
            {
              key: 'changes',
              content: (
                <ul className="checklist">
                  {record.changes.map((change) => (
                    <li key={change.field}>
                      <code>{change.field}</code>: {change.before ?? '—'} → {change.after ?? '—'}
                    </li>
                  ))}
                </ul>
              ),
            },
          ],
        }))}
      />
    </TableScroll>
  );
}
