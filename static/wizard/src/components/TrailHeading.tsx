/** A trail's heading with its Refresh and Export CSV actions. */
export function TrailHeading({ id, title, onRefresh, onExport }: { id: string; title: string; onRefresh: () => void; onExport: () => Promise<void> }) {
  return (
    <div className="heading-row">
      <h3 id={id}>{title}</h3>
      <button type="button" className="button subtle" onClick={onRefresh}>
        Refresh
      </button>
      <button type="button" className="button subtle" onClick={() => void onExport()}>
        Export CSV
      </button>
    </div>
  );
}
