/**
 * The shared board's rows (docs/fleet.md, "Fleet view"), read the same way by the app's
 * "Other stations" and by `simfleet fleet status`: each batch with whether the process
 * that runs it is alive (its lease), since a killed station leaves its last row behind.
 */
import type { FleetBatch } from '../../preload/views';

export interface FleetBatchRow extends FleetBatch {
  readonly alive: boolean;
}

/** A board row as PostgreSQL returns it. */
export interface BoardRow {
  readonly station: string;
  readonly batch_id: string;
  readonly name: string;
  readonly done: number;
  readonly total: number;
  readonly rate_per_minute: number;
  readonly updated_at: Date;
  readonly alive: boolean;
}

/** The board's batches in `schema`, filtered by `where` (on `b`, the batches, and `st`, their station's process). */
export async function readFleetBatches(
  query: (text: string, values: unknown[]) => Promise<{ readonly rows: readonly BoardRow[] }>,
  schema: string,
  where = 'true',
  values: unknown[] = [],
): Promise<FleetBatchRow[]> {
  const { rows } = await query(
    `SELECT b.station, b.batch_id, b.name, b.done, b.total, b.rate_per_minute, b.updated_at,
            coalesce(st.lease_expires > now(), false) AS alive
       FROM ${schema}.batches b LEFT JOIN ${schema}.stations st ON st.instance = b.instance
      WHERE ${where}
      ORDER BY b.station, b.name, b.batch_id`,
    values,
  );
  return rows.map((r) => ({
    station: r.station,
    batchId: r.batch_id,
    name: r.name,
    done: r.done,
    total: r.total,
    ratePerMinute: r.rate_per_minute,
    updatedAt: r.updated_at.toISOString(),
    alive: r.alive,
  }));
}
