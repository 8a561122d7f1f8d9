/** Batches: the selected (or running) batch above, the history below; live through the batch store. */
import { useEffect } from 'react';
import type { BatchSummary } from '../../../preload/views';
import { BatchHistory } from '../batches/BatchHistory';
import { OtherStations } from '../batches/OtherStations';
import { BatchPanel } from '../batches/BatchPanel';
import { ScreenHeader } from '../components/ScreenHeader';
import { useBatch } from '../hooks/useBatch';
import { useFreshBatches } from '../stores';

export function BatchesScreen({ selected, onSelect, onPrintLabels }: { selected: string | null; onSelect: (id: string) => void; onPrintLabels: () => void }) {
  // The history is the batch store's list, live (the panel follows its own batch's rows through useBatch).
  const batches = useFreshBatches();
  const batch = useBatch(selected);

  useEffect(() => {
    if (!selected && batches[0]) onSelect((batches.find((b) => b.status === 'running') ?? batches[0]).id);
  }, [selected, onSelect, batches]);

  const changed = (summary: BatchSummary): void => batch.changed(summary);
  const error = batch.error;

  return (
    <>
      <ScreenHeader title="Batches">Provision numbers for an imported list, watch progress, retry failures.</ScreenHeader>
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}
      {batches.filter((b) => b.status === 'interrupted' && b.id !== selected).length > 0 && (
        <p role="alert" className="notice">
          {batches.filter((b) => b.status === 'interrupted').length} batch(es) stopped before they finished (SimFleet was closed or crashed). Open one below and
          press Resume: anything that may have been bought is checked by ICCID first.
        </p>
      )}
      {/* Keyed by batch: switching batches never reads as one batch ending. */}
      {batch.summary && batch.rows && (
        <BatchPanel
          key={batch.summary.id}
          summary={batch.summary}
          rows={batch.rows}
          version={batch.version}
          onChanged={changed}
          onPrintLabels={onPrintLabels}
        />
      )}
      <BatchHistory batches={batches} selected={selected} onSelect={onSelect} />
      <OtherStations />
    </>
  );
}
