/**
 * What each station is running, shared (docs/fleet.md, "Fleet view"): a station writes its
 * running batches' progress (at most once a second each) and reads the other stations'.
 * Best effort: a board that cannot be written is not a reason to stop provisioning.
 */
import type { FleetBatch } from '../../preload/views';
import { readFleetBatches, type BoardRow } from './fleet-batches';
import type { FleetStation } from './fleet-station';

export interface BoardEntry {
  readonly id: string;
  readonly name: string;
  readonly total: number;
  readonly done: number;
  readonly ratePerMinute: number;
  readonly running: boolean;
}

export class FleetBoard {
  private readonly written = new Map<string, number>();

  constructor(private readonly fleet: FleetStation) {}

  /** Shows a batch's progress to the other stations, or takes it off once it stopped. */
  async publish(entry: BoardEntry): Promise<void> {
    const s = this.fleet.schema;
    try {
      if (!entry.running) {
        this.written.delete(entry.id);
        await this.fleet.query(`DELETE FROM ${s}.batches WHERE station = $1 AND batch_id = $2`, [this.fleet.station, entry.id]);
        return;
      }
      const last = this.written.get(entry.id) ?? 0;
      if (Date.now() - last < 1_000 && entry.done < entry.total) return;
      this.written.set(entry.id, Date.now());
      await this.fleet.query(
        `INSERT INTO ${s}.batches (station, instance, batch_id, name, total, done, rate_per_minute, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (station, batch_id) DO UPDATE SET instance = EXCLUDED.instance, name = EXCLUDED.name, total = EXCLUDED.total,
           done = EXCLUDED.done, rate_per_minute = EXCLUDED.rate_per_minute, updated_at = now()`,
        [this.fleet.station, this.fleet.instance, entry.id, entry.name, entry.total, entry.done, entry.ratePerMinute],
      );
    } catch {
      // The board is for people; the batch goes on (claims and the ledger are what guard the SIMs).
    }
  }

  /** The other stations' running batches: those whose process is alive (its lease). */
  async others(): Promise<FleetBatch[]> {
    const rows = await readFleetBatches(
      (text, values) => this.fleet.query<BoardRow>(text, values),
      this.fleet.schema,
      'b.station <> $1 AND st.lease_expires > now()',
      [this.fleet.station],
    );
    return rows.map(({ alive: _alive, ...batch }) => batch);
  }
}
