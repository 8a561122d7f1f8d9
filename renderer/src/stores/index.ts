/** The renderer's stores, one each, shared by every screen (docs/architecture.md, "Renderer stores"). */
import { useEffect } from 'react';
import type { BatchSummary } from '../../../preload/views';
import { api } from '../api';
import { createBatchStore, useBatchList } from './batch-store';

export const batchStore = createBatchStore(api);

/** Every batch of this environment, live. */
export const useBatches = (): readonly BatchSummary[] => useBatchList(batchStore);

/** For a screen that lists batches: the list fetched again as it opens (others may have started some). */
export function useFreshBatches(): readonly BatchSummary[] {
  useEffect(() => batchStore.refresh(), []);
  return useBatches();
}
