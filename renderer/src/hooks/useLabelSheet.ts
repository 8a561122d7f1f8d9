/** One page of the label preview for a request, laid out in main; the old page stays until the new one is ready. */
import { useCallback, useEffect, useState } from 'react';
import type { LabelRequest, LabelSheetView } from '../../../preload/views';
import { api } from '../api';

export function useLabelSheet(request: LabelRequest | null, page: number): { sheet: LabelSheetView | null; error: string | null; reload: () => void } {
  const [sheet, setSheet] = useState<LabelSheetView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);
  useEffect(() => {
    if (!request) {
      setSheet(null);
      return;
    }
    let live = true;
    void api.labels.sheet({ ...request, page }).then((r) => {
      if (!live) return;
      setSheet(r.ok ? r.value : null);
      setError(r.ok ? null : r.error.message);
    });
    return () => {
      live = false;
    };
  }, [request, page, loads]);
  const reload = useCallback(() => setLoads((n) => n + 1), []);
  return { sheet, error, reload };
}
