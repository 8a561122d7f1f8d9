/**
 * What each station is running, shared (docs/fleet.md, "Fleet view"): a station writes its
 * running batches' progress (at most once a second each) and reads the other stations'.
 * Best effort: a board that cannot be written is not a reason to stop provisioning.
 */
import type { FleetBatch } from '../../preload/views';
import { readFleetBatches, type BoardRow } from './fleet-batches';
import type { FleetStation } from './fleet-station';

import type { BoardEntry } from '../coordination/coordination';

export type { BoardEntry };

export class FleetBoard {
  private readonly written = new Map<string, number>();

  constructor(private readonly fleet: FleetStation) {}

  /** Shows a batch's progress to the other stations, or takes it off once it stopped. */
  async publish(entry: BoardEntry): Promise<void> {
    const s = this.fleet.schema;
    try {
      if (!entry.running) {
        this.written.delete(entry.id);
        await this.fleet.query(`SELECT ${s}.board_remove($1, $2, $3)`, [this.fleet.instance, this.fleet.secret, entry.id]);
        return;
      }
      const last = this.written.get(entry.id) ?? 0;
      if (Date.now() - last < 1_000 && entry.done < entry.total) return;
      this.written.set(entry.id, Date.now());
      await this.fleet.query(`SELECT ${s}.board_publish($1, $2, $3, $4, $5, $6, $7)`, [
        this.fleet.instance,
        this.fleet.secret,
        entry.id,
        entry.name,
        entry.total,
        entry.done,
        entry.ratePerMinute,
      ]);
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
