/** The renderer's stores, one each, shared by every screen (docs/architecture.md, "Renderer stores"). */
import type { BatchSummary } from '../../../preload/views';
import { api } from '../api';
import { createBatchStore, useBatchList } from './batch-store';

export const batchStore = createBatchStore(api);

/** Every batch of this environment, live. */
export const useBatches = (): readonly BatchSummary[] => useBatchList(batchStore);
