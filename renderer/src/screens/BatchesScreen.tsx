/** Batches: the selected (or running) batch above, the history below; live through progress events. */
import { useEffect, useState } from 'react';
import type { BatchDetail, BatchSummary } from '../../../preload/views';
import { api } from '../api';
import { BatchHistory } from '../batches/BatchHistory';
import { BatchPanel } from '../batches/BatchPanel';
import { ScreenHeader } from '../components/ScreenHeader';

export function BatchesScreen({ selected, onSelect, onPrintLabels }: { selected: string | null; onSelect: (id: string) => void; onPrintLabels: () => void }) {
  const [batches, setBatches] = useState<readonly BatchSummary[]>([]);
  const [detail, setDetail] = useState<BatchDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api.batches.list().then((r) => {
      if (!r.ok) return setError(r.error.message);
      setBatches(r.value);
      if (!selected && r.value[0]) onSelect((r.value.find((b) => b.status === 'running') ?? r.value[0]).id);
    });
  }, [selected, onSelect]);

  useEffect(() => {
    if (!selected) return;
    let live = true;
    void api.batches.get({ id: selected }).then((r) => {
      if (!live) return;
      if (r.ok) setDetail(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [selected]);

  useEffect(() => {
    const offProgress = api.events.batchProgress((summary) => {
      setBatches((list) => (list.some((b) => b.id === summary.id) ? list.map((b) => (b.id === summary.id ? summary : b)) : [summary, ...list]));
      setDetail((d) => (d && d.summary.id === summary.id ? { ...d, summary } : d));
    });
    const offRows = api.events.batchRows(({ id, rows }) => {
      setDetail((d) => {
        if (!d || d.summary.id !== id) return d;
        const next = d.rows.slice();
        for (const row of rows) next[row.index] = row;
        return { ...d, rows: next };
      });
    });
    return () => {
      offProgress();
      offRows();
    };
  }, []);

  const changed = (summary: BatchSummary): void => {
    setDetail((d) => (d && d.summary.id === summary.id ? { ...d, summary } : d));
    setBatches((list) => list.map((b) => (b.id === summary.id ? summary : b)));
    // Controls change many rows at once (retry, cancel): reload them.
    void api.batches.get({ id: summary.id }).then((r) => r.ok && setDetail(r.value));
  };

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
      {detail && <BatchPanel key={detail.summary.id} detail={detail} onChanged={changed} onPrintLabels={onPrintLabels} />}
      <BatchHistory batches={batches} selected={selected} onSelect={onSelect} />
    </>
  );
}
