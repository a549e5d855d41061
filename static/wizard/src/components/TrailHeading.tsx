import Button from '@atlaskit/button/new';
import { useAction } from '../hooks/use-action';
import type { ApiResult, CallOptions } from '../api';
import { download } from '../browser-actions';
import { ActionOutcome } from './Messages';

/** A trail's heading with its Refresh and Export CSV actions; a failed export says so here. */
export function TrailHeading({ id, title, onRefresh, exportCsv, filename }: { id: string; title: string; onRefresh: () => void; exportCsv: (payload: undefined, options: CallOptions) => Promise<ApiResult<{ csv: string }>>; filename: string }) {
  const exporting = useAction(exportCsv);
  const run = async () => {
    const answer = await exporting.run(undefined);
    if (answer?.ok === true) download(filename, answer.value.csv, 'text/csv');
  };
  return (
    <div className="stack">
      <div className="actions">
        <h3 id={id}>{title}</h3>
        <Button appearance="subtle" onClick={onRefresh} aria-label={`Refresh ${title.toLowerCase()}`}>
          Refresh
        </Button>
        <Button appearance="subtle" onClick={() => void run()} aria-label={`Export CSV of ${title.toLowerCase()}`}>
          Export CSV
        </Button>
      </div>
      <ActionOutcome state={exporting.state} working="Exporting…" onRetry={() => void run()} onCancel={exporting.cancel} />
    </div>
  );
}
