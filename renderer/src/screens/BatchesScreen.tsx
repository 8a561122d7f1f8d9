/** Batches: the selected (or running) batch above, the history below; live through progress events. */
import { useEffect, useState } from 'react';
import type { BatchSummary } from '../../../preload/views';
import { api } from '../api';
import { BatchHistory } from '../batches/BatchHistory';
import { OtherStations } from '../batches/OtherStations';
import { BatchPanel } from '../batches/BatchPanel';
import { ScreenHeader } from '../components/ScreenHeader';
import { useBatch } from '../hooks/useBatch';

export function BatchesScreen({ selected, onSelect, onPrintLabels }: { selected: string | null; onSelect: (id: string) => void; onPrintLabels: () => void }) {
  const [batches, setBatches] = useState<readonly BatchSummary[]>([]);
  const [listError, setListError] = useState<string | null>(null);
  const batch = useBatch(selected);

  useEffect(() => {
    void api.batches.list().then((r) => {
      if (!r.ok) return setListError(r.error.message);
      setBatches(r.value);
      if (!selected && r.value[0]) onSelect((r.value.find((b) => b.status === 'running') ?? r.value[0]).id);
    });
  }, [selected, onSelect]);

  // The history follows every batch's progress (the panel follows its own through useBatch).
  useEffect(
    () =>
      api.events.batchProgress((summary) => {
        setBatches((list) => (list.some((b) => b.id === summary.id) ? list.map((b) => (b.id === summary.id ? summary : b)) : [summary, ...list]));
      }),
    [],
  );

  const changed = (summary: BatchSummary): void => {
    setBatches((list) => list.map((b) => (b.id === summary.id ? summary : b)));
    batch.changed(summary);
  };
  const error = listError ?? batch.error;

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
