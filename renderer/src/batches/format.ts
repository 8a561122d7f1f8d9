/** Durations and states as an operator reads them. */
import type { RowState } from '../../../preload/domain';

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const STATE_LABEL: Readonly<Record<RowState, string>> = {
  queued: 'Queued',
  submitting: 'Sending',
  pending: 'Pending order',
  provisioned: '✓ Provisioned',
  failed: '✗ Failed',
  uncertain: '? Uncertain',
  skipped: '⊘ Skipped',
  cancelled: 'Cancelled',
};

export const STATUS_LABEL: Readonly<Record<string, string>> = {
  running: 'Running',
  paused: 'Paused',
  cancelled: 'Cancelled',
  finished: 'Finished',
  interrupted: 'Interrupted: resume to finish',
  damaged: 'Damaged: cannot be read',
};
