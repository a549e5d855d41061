import DynamicTable from '@atlaskit/dynamic-table';
import { adminApi } from '../api';
import { Loaded } from './Loaded';
import { Section, TableScroll } from './Messages';

const KIND_WORDS: Readonly<Record<string, string>> = { test: 'test', idp: 'IdP-initiated', sp: 'from Guard' };

/**
 * Refusals before anyone authenticated (malformed requests, unknown states, forged tokens):
 * counted per hour and code, apart from the sign-ins, so a flood never hides a real one.
 */
export function Refusals() {
  return (
    <Section id="refusals-heading" title="Refused before sign-in">
      <p className="hint">Requests refused before anyone signed in at Entra ID, counted per hour (at least this many).</p>
      <Loaded load={adminApi.listRefusals} label="Loading refusals…">
        {(rows) =>
          rows.length === 0 ? (
            <p className="hint">None.</p>
          ) : (
            <TableScroll id="refusals" label="Refusals before sign-in">
              <DynamicTable
                caption={<span className="visually-hidden">Refusals before sign-in</span>}
                head={{ cells: ['Hour', 'Kind', 'Error code', 'Count'].map((content) => ({ key: content, content })) }}
                rows={rows.slice(0, 50).map((row) => ({
                  key: `${row.window}-${row.kind}-${row.code}`,
                  cells: [
                    { key: 'hour', content: new Date(row.window).toLocaleString() },
                    { key: 'kind', content: KIND_WORDS[row.kind] ?? row.kind },
                    { key: 'code', content: <code>{row.code}</code> },
                    { key: 'count', content: String(row.count) },
                  ],
                }))}
              />
            </TableScroll>
          )
        }
      </Loaded>
    </Section>
  );
}
