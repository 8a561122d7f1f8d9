/** The renderer's stores, one each, shared by every screen (docs/architecture.md, "Renderer stores"). */
import { useEffect } from 'react';
import type { AppInfo, BatchSummary, EnvironmentStatus, FleetStatus } from '../../../preload/views';
import { api } from '../api';
import { createBatchStore, useBatchList, useBatchSelection } from './batch-store';
import { createLiveValue, useLiveValue, type Live } from './live-value';

/** Practice or production, its connection and its simulator: pushed by main on every change. */
export const environmentStore = createLiveValue(() => api.environment.status(), api.events.environmentChanged);
/** Joined or alone, and whether the fleet's database answers. */
export const fleetStore = createLiveValue(() => api.fleet.status(), api.events.fleetChanged);
/** The version and the host (desktop app or loopback browser): fixed while the app runs. */
export const appInfoStore = createLiveValue(() => api.app.info());

export const batchStore = createBatchStore(api, () => {
  const environment = environmentStore.snapshot();
  return environment.state === 'ready' ? environment.value.environment : null;
});

export const useEnvironment = (): Live<EnvironmentStatus> => useLiveValue(environmentStore);
export const useFleet = (): Live<FleetStatus> => useLiveValue(fleetStore);
export const useAppInfo = (): Live<AppInfo> => useLiveValue(appInfoStore);

/** Every batch of this environment, live. */
export const useBatches = (): readonly BatchSummary[] => useBatchList(batchStore);

/** Only what `select` picks from the batch list: a component re-renders when that changes, not on every progress event. */
export const useBatchView = <T>(select: (batches: readonly BatchSummary[]) => T, key: (view: T) => string): T => useBatchSelection(batchStore, select, key);

/** For a screen that lists batches: the list fetched again as it opens (others may have started some). */
export function useFreshBatches(): readonly BatchSummary[] {
  useEffect(() => batchStore.refresh(), []);
  return useBatches();
}
