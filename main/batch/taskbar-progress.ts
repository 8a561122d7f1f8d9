/**
 * What the window's taskbar entry shows of the batches (Electron's setProgressBar): the
 * running batches' share provisioned, paused (red) when one paused itself, nothing when
 * none runs (docs/batches.md, "Heard anywhere"). The glue that calls Electron is in
 * main/app/index.ts; this is the rule.
 */
import type { BatchSummary } from '../../preload/views';

export type TaskbarProgress = { readonly value: number; readonly mode: 'normal' | 'paused' | 'error' } | null;

/** From the latest summary of each batch: null takes the bar away. */
export function taskbarProgress(latest: Iterable<BatchSummary>): TaskbarProgress {
  let total = 0;
  let provisioned = 0;
  let stuck = false;
  for (const s of latest) {
    if (s.status === 'running') {
      total += s.total;
      provisioned += s.counts['provisioned'] ?? 0;
    } else if (s.selfPaused) stuck = true;
  }
  if (total > 0) return { value: provisioned / total, mode: stuck ? 'error' : 'normal' };
  return stuck ? { value: 1, mode: 'error' } : null;
}
