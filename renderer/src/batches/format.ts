/** Durations and states as an operator reads them. */
import type { RowState } from '../../../preload/domain';

export { formatDuration } from '../../../preload/duration-format';

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
