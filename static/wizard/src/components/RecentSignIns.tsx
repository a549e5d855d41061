import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { useState } from 'react';
import { adminApi, type SignInRecord } from '../api';
import { Loaded } from './Loaded';
import { TrailHeading } from './TrailHeading';
import { TableScroll } from './Messages';

const KIND_WORDS = { test: 'test', idp: 'IdP-initiated', sp: 'from Guard' } as const;

/** The latest sign-in attempts: time, user, kind, directory, outcome, error code. */
export function RecentSignIns({ version }: { version: number }) {
  const [refreshed, setRefreshed] = useState(0);
  return (
    <section className="section" aria-labelledby="recent-heading">
      <TrailHeading id="recent-heading" title="Recent sign-ins" onRefresh={() => setRefreshed((n) => n + 1)} exportCsv={adminApi.exportSignIns} filename="sign-ins.csv" />
      <Loaded load={adminApi.listRecentSignIns} label="Loading recent sign-ins…" version={version + refreshed}>
        {(records) => (records.length === 0 ? <p className="hint">No sign-ins yet.</p> : <SignInTable records={records} />)}
      </Loaded>
    </section>
  );
}

/** The NameID the bridge vouched for; for a refusal, only what the token claimed, and who claimed it. */
function UserCell({ record }: { record: SignInRecord }) {
  if (record.email !== undefined) return <>{record.email}</>;
  if (record.claimedEmail === undefined) return <>—</>;
  return (
    <>
      {record.claimedEmail} <span className="hint">(claimed{record.issuer === undefined ? '' : ` by ${record.issuer}`})</span>
    </>
  );
}

function SignInTable({ records }: { records: SignInRecord[] }) {
  return (
    <TableScroll id="recent-sign-ins" label="Recent sign-ins">
      <DynamicTable
        caption={<span className="visually-hidden">Recent sign-ins</span>}
        head={{ cells: ['Time', 'User', 'Kind', 'Directory', 'Outcome', 'Error code', 'Reference'].map((content) => ({ key: content, content })) }}
        rows={records.map((record, index) => ({
          key: `${record.at}-${index}`,
          cells: [
            { key: 'time', content: new Date(record.at).toLocaleString() },
            { key: 'user', content: <UserCell record={record} /> },
            { key: 'kind', content: KIND_WORDS[record.kind] },
            { key: 'directory', content: record.connection ?? 'step 1 tenant' },
            { key: 'outcome', content: <Lozenge appearance={record.outcome === 'signed-in' ? 'success' : 'removed'}>{record.outcome === 'signed-in' ? 'Signed in' : 'Refused'}</Lozenge> },
            { key: 'code', content: record.code === undefined ? '' : <code>{record.code}</code> },
            // The reference the person's error page showed them.
            { key: 'reference', content: record.reference === undefined ? '' : <code>{record.reference}</code> },
          ],
        }))}
      />
    </TableScroll>
  );
}
