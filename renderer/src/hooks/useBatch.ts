/**
 * One batch, live: its summary and rows, loaded once and then followed through progress
 * events (docs/decisions.md, D7). Rows are patched in place (batch-rows.ts); `version`
 * changes whenever they do, so the screen re-renders without copying them. Events that
 * arrive while the batch loads are kept and applied after it, so none is lost.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BatchRowView, BatchSummary } from '../../../preload/views';
import { api } from '../api';
import { BatchRows } from '../batches/batch-rows';

export interface LiveBatch {
  readonly summary: BatchSummary | null;
  readonly rows: BatchRows | null;
  /** Changes whenever a row changes. */
  readonly version: number;
  readonly error: string | null;
  /** Takes a summary an action answered, and reloads the rows (a retry or cancel changes many at once). */
  readonly changed: (summary: BatchSummary) => void;
}

export function useBatch(id: string | null): LiveBatch {
  const [summary, setSummary] = useState<BatchSummary | null>(null);
  const [rows, setRows] = useState<BatchRows | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);
  /** Rows of events that arrived before the batch was loaded. */
  const early = useRef<BatchRowView[] | null>(null);
  const current = useRef<BatchRows | null>(null);

  useEffect(() => {
    if (!id) return;
    let live = true;
    early.current = [];
    void api.batches.get({ id }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error.message);
      const loaded = new BatchRows(r.value.rows);
      loaded.apply(early.current ?? []);
      early.current = null;
      current.current = loaded;
      setRows(loaded);
      setSummary(r.value.summary);
      setError(null);
      setVersion((v) => v + 1);
    });
    return () => {
      live = false;
    };
  }, [id, loads]);

  useEffect(() => {
    if (!id) return;
    const offProgress = api.events.batchProgress((s) => {
      if (s.id === id) setSummary(s);
    });
    const offRows = api.events.batchRows((event) => {
      if (event.id !== id) return;
      if (early.current) early.current.push(...event.rows);
      else current.current?.apply(event.rows);
      setVersion((v) => v + 1);
    });
    return () => {
      offProgress();
      offRows();
    };
  }, [id]);

  const changed = useCallback((s: BatchSummary) => {
    setSummary(s);
    setLoads((n) => n + 1);
  }, []);

  return { summary: id && summary?.id === id ? summary : null, rows: id && summary?.id === id ? rows : null, version, error, changed };
}
