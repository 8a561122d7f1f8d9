/**
 * The fleet's account audits (docs/audit.md, "In a fleet"): each station that finishes an
 * audit records when, and what it found, so the fleet view and `simfleet fleet status` say
 * when the account was last audited and by which station.
 */
import type { FleetAuditView } from '../../preload/views';
import type { FleetStation } from './fleet-station';

type Query = (text: string, values: unknown[]) => Promise<{ readonly rows: readonly AuditRow[] }>;

interface AuditRow {
  readonly station: string;
  readonly audited_at: Date;
  readonly numbers: number;
  readonly findings: number;
}

export async function recordFleetAudit(station: FleetStation, numbers: number, findings: number): Promise<void> {
  await station.query(`SELECT ${station.schema}.audit_record($1, $2, $3, $4)`, [station.instance, station.secret, numbers, findings]);
}

/** The newest audit of the account by any station, or null. */
export async function lastFleetAudit(query: Query, schema: string): Promise<FleetAuditView | null> {
  const { rows } = await query(`SELECT station, audited_at, numbers, findings FROM ${schema}.audits ORDER BY audited_at DESC LIMIT 1`, []);
  const row = rows[0];
  return row ? { at: row.audited_at.toISOString(), station: row.station, numbers: row.numbers, findings: row.findings } : null;
}
