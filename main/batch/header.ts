/** A new batch's header: the importable rows of an import plus the profile it provisions with. */
import { randomBytes } from 'node:crypto';
import type { Environment, ProvisioningProfile } from '../../preload/domain';
import type { ImportableRow } from '../import/import-service';
import type { BatchHeader, BatchTarget } from './records';

/** Sortable, unique, safe in a file name: `20261129-201106-3fa9c2`. */
export function newBatchId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

export function buildHeader(input: {
  /** The import's name (its file), recorded as the batch's source. */
  source: string;
  rows: readonly ImportableRow[];
  name: string;
  environment: Environment;
  apiBaseUrl: string;
  target: BatchTarget;
  accountId: string;
  profile: ProvisioningProfile;
  now: Date;
}): BatchHeader {
  const rows = input.rows.map((r) => ({ iccid: r.iccid, line: r.line, overrides: r.overrides }));
  return {
    t: 'batch',
    v: 2,
    id: newBatchId(input.now),
    name: input.name,
    createdAt: input.now.toISOString(),
    environment: input.environment,
    apiBaseUrl: input.apiBaseUrl,
    target: input.target,
    accountId: input.accountId,
    profile: input.profile,
    source: input.source,
    rows,
  };
}

/** The expected run time: about one API call per SIM at the configured rate (token mints are a few per hour). */
export function estimateSeconds(count: number, perMinute: number): number {
  return Math.ceil(((count * 1.02) / perMinute) * 60);
}
