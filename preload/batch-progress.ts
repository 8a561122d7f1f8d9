/**
 * How far the running batches are, one rule for the window title, the navigation badge and
 * the taskbar (docs/batches.md, "Heard anywhere"): SIMs provisioned of all SIMs of every
 * running batch, as a whole percent.
 */
import type { BatchSummary } from './views';

export interface RunningProgress {
  /** Provisioned of all, 0 to 1. */
  readonly fraction: number;
  /** Rounded down, so 100 % is said only when every SIM is provisioned. */
  readonly percent: number;
  /** The running batch's name, or "3 batches". */
  readonly what: string;
}

export function runningProgress(batches: Iterable<BatchSummary>): RunningProgress | null {
  let total = 0;
  let provisioned = 0;
  const names: string[] = [];
  for (const s of batches) {
    if (s.status !== 'running') continue;
    total += s.total;
    provisioned += s.counts['provisioned'] ?? 0;
    names.push(s.name);
  }
  if (names.length === 0) return null;
  const fraction = total > 0 ? provisioned / total : 0;
  return { fraction, percent: Math.floor(fraction * 100), what: names.length === 1 ? names[0]! : `${names.length} batches` };
}
