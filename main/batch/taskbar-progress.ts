/**
 * What the window's taskbar entry shows of the batches (Electron's setProgressBar): the
 * running batches' share provisioned, paused (red) when one paused itself, nothing when
 * none runs (docs/batches.md, "Heard anywhere"). The glue that calls Electron is in
 * main/app/index.ts; this is the rule.
 */
import { runningProgress } from '../../preload/batch-progress';
import type { BatchSummary } from '../../preload/views';

export type TaskbarProgress = { readonly value: number; readonly mode: 'normal' | 'paused' | 'error' } | null;

/** From the latest summary of each batch: null takes the bar away. */
export function taskbarProgress(latest: Iterable<BatchSummary>): TaskbarProgress {
  const all = [...latest];
  const running = runningProgress(all);
  const stuck = all.some((s) => s.status !== 'running' && s.selfPaused);
  if (running) return { value: running.fraction, mode: stuck ? 'error' : 'normal' };
  return stuck ? { value: 1, mode: 'error' } : null;
}
