/**
 * The shared ledger (docs/fleet.md, "Ledger"): every purchase of every station. The
 * engine's last guard asks this station's purchase log, then the ledger; a purchase is
 * written to the local log first (this station's truth, on disk before anything else),
 * then to the ledger. A ledger that does not answer when a purchase is recorded loses
 * nothing: the local log is published again when the database answers (idempotent).
 */
import type { EnginePurchases } from '../coordination/purchases';
import { twinAmong, type PurchaseLog, type PurchaseRecord, type PurchaseSnapshot } from '../purchases/purchase-log';
import type { FleetStation } from './fleet-station';

interface LedgerRow {
  iccid: string;
  number: string;
  nid: string | null;
  order_id: string | null;
  station: string;
  batch_id: string;
  batch_name: string;
  bought_at: Date;
  /** A replacement card: the ICCID of the card whose number it took (schema version 5). */
  replaces: string | null;
}

/** Purchases per INSERT when publishing many (each is 7 array parameters, far below PostgreSQL's limits). */
const PUBLISH_CHUNK = 5_000;

/** A purchase and the station that made it. */
export type FleetPurchase = PurchaseRecord & { readonly station: string };

export class FleetLedger {
  /** Local purchases not yet in the ledger (it did not answer). */
  private readonly unpublished = new Map<string, PurchaseRecord>();
  /** Every ledger purchase read so far (for imports), and how far the reading got. */
  private readonly mirror = new Map<string, FleetPurchase>();
  private readUpTo: Date | null = null;
  /** Told once purchases that waited for the database are in the ledger (their claims may be given back now). */
  private readonly published = new Set<() => void>();

  constructor(private readonly fleet: FleetStation) {
    fleet.onAvailability((state) => {
      if (state.available) void this.publishLeftovers();
    });
  }

  /** A purchase of the SIM by any station, or null. Throws `fleet_unreachable` when the database does not answer. */
  async find(iccid: string): Promise<FleetPurchase | null> {
    const { rows } = await this.fleet.query<LedgerRow>(`SELECT * FROM ${this.fleet.schema}.ledger WHERE iccid = $1 ORDER BY bought_at LIMIT 1`, [iccid]);
    return rows[0] ? this.toPurchase(rows[0]) : null;
  }

  /** Another SIM's purchase of this number by any station, the earliest (asked after this SIM's purchase is published). */
  async twinOf(number: string, iccid: string): Promise<FleetPurchase | null> {
    // Every purchase of the number (a handful at most): replacement cards of this SIM are not twins (purchase-log.ts, twinAmong).
    const { rows } = await this.fleet.query<LedgerRow>(`SELECT * FROM ${this.fleet.schema}.ledger WHERE number = $1 ORDER BY bought_at`, [number]);
    return twinAmong(
      rows.map((r) => this.toPurchase(r)),
      iccid,
    );
  }

  /** Every purchase of every station, oldest first (the account audit compares them all: docs/audit.md, "In a fleet"). */
  async all(): Promise<FleetPurchase[]> {
    const { rows } = await this.fleet.query<LedgerRow>(`SELECT * FROM ${this.fleet.schema}.ledger ORDER BY bought_at`, []);
    return rows.map((r) => this.toPurchase(r));
  }

  /** Purchases of any of these SIMs (an import checks its whole list in one query per 10,000). */
  async findMany(iccids: readonly string[]): Promise<Map<string, FleetPurchase>> {
    const found = new Map<string, FleetPurchase>();
    for (let i = 0; i < iccids.length; i += 10_000) {
      const { rows } = await this.fleet.query<LedgerRow>(`SELECT * FROM ${this.fleet.schema}.ledger WHERE iccid = ANY($1::text[]) ORDER BY bought_at`, [
        iccids.slice(i, i + 10_000),
      ]);
      for (const row of rows) if (!found.has(row.iccid)) found.set(row.iccid, this.toPurchase(row));
    }
    return found;
  }

  /**
   * The whole ledger as an import checks it (a snapshot, one lookup per row without a query
   * each): read once, then only what was recorded since, with a minute of overlap because
   * transactions do not commit in the order of their timestamps. When the database is away
   * the import uses what was read last; the engine's last guard asks the ledger itself.
   */
  async snapshot(): Promise<{ find(iccid: string): FleetPurchase | null }> {
    try {
      const since = this.readUpTo ? new Date(this.readUpTo.getTime() - 60_000) : new Date(0);
      const { rows } = await this.fleet.query<LedgerRow & { now: Date }>(
        `SELECT *, now() AS now FROM ${this.fleet.schema}.ledger WHERE recorded_at >= $1 ORDER BY bought_at`,
        [since],
      );
      for (const row of rows) if (!this.mirror.has(row.iccid)) this.mirror.set(row.iccid, this.toPurchase(row));
      const now = rows[0]?.now ?? (await this.fleet.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
      this.readUpTo = now;
    } catch {
      // Away: what was read last stands (the engine checks the ledger itself before any send).
    }
    return { find: (iccid) => this.mirror.get(iccid) ?? null };
  }

  /** Publishes a purchase; never fails (what could not be written is written when the database answers). */
  async publish(entry: PurchaseRecord): Promise<void> {
    await this.publishMany([entry]);
  }

  /** Publishes every purchase of this station's log (joining a fleet, or after the database was away). */
  async publishAll(log: PurchaseLog): Promise<number> {
    const all = await log.all();
    await this.publishMany(all);
    return all.length;
  }

  /**
   * Many purchases, a few thousand per statement (joining with a long purchase log takes a
   * handful of round trips, not one per SIM). Idempotent: a purchase already in the ledger
   * is left as it is. What the database does not take waits for its return.
   */
  private async publishMany(all: readonly PurchaseRecord[]): Promise<void> {
    // Replacement cards (rare) one at a time, with the card they replace; plain purchases many per statement.
    for (const entry of all.filter((e) => e.replaces !== undefined)) {
      try {
        await this.fleet.query(`SELECT ${this.fleet.schema}.ledger_replace($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10)`, [
          this.fleet.instance,
          this.fleet.secret,
          entry.iccid,
          entry.phoneNumber,
          entry.phoneNumberId,
          entry.orderId,
          entry.batchId,
          entry.batchName,
          entry.at,
          entry.replaces,
        ]);
        this.unpublished.delete(`${entry.iccid}|${entry.phoneNumber}`);
      } catch {
        this.unpublished.set(`${entry.iccid}|${entry.phoneNumber}`, entry);
        this.retryLater();
      }
    }
    const entries = all.filter((e) => e.replaces === undefined);
    for (let i = 0; i < entries.length; i += PUBLISH_CHUNK) {
      const chunk = entries.slice(i, i + PUBLISH_CHUNK);
      const column = <K extends keyof PurchaseRecord>(key: K): PurchaseRecord[K][] => chunk.map((e) => e[key]);
      try {
        await this.fleet.query(
          `SELECT ${this.fleet.schema}.ledger_append($1, $2, $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])`,
          [
            this.fleet.instance,
            this.fleet.secret,
            column('iccid'),
            column('phoneNumber'),
            column('phoneNumberId'),
            column('orderId'),
            column('batchId'),
            column('batchName'),
            column('at'),
          ],
        );
        for (const entry of chunk) this.unpublished.delete(`${entry.iccid}|${entry.phoneNumber}`);
      } catch {
        for (const entry of chunk) this.unpublished.set(`${entry.iccid}|${entry.phoneNumber}`, entry);
        this.retryLater();
      }
    }
  }

  private retry: NodeJS.Timeout | null = null;

  /** A write that failed without the database going away (a statement timeout) is retried, not left for the next outage. */
  private retryLater(): void {
    this.retry ??= setTimeout(() => {
      this.retry = null;
      if (this.unpublished.size > 0) void this.publishLeftovers();
    }, 5_000).unref();
  }

  private async publishLeftovers(): Promise<void> {
    await this.publishMany([...this.unpublished.values()]);
    for (const listener of this.published) listener();
  }

  /** Whether a purchase of this SIM is waiting to be written to the ledger (recorded before released). */
  awaiting(iccid: string): boolean {
    for (const entry of this.unpublished.values()) if (entry.iccid === iccid) return true;
    return false;
  }

  /** Hears when waiting purchases were written. */
  onPublished(listener: () => void): () => void {
    this.published.add(listener);
    return () => this.published.delete(listener);
  }

  private toPurchase(row: LedgerRow): FleetPurchase {
    return {
      iccid: row.iccid,
      phoneNumber: row.number,
      phoneNumberId: row.nid,
      orderId: row.order_id,
      at: row.bought_at.toISOString(),
      batchId: row.batch_id,
      batchName: row.batch_name,
      environment: this.fleet.options.environment,
      station: row.station,
      ...(row.replaces ? { replaces: row.replaces } : {}),
    };
  }
}

/** What an import checks: this station's purchases, then every station's. */
export async function fleetSnapshot(local: PurchaseLog, ledger: FleetLedger): Promise<PurchaseSnapshot> {
  const [own, shared] = await Promise.all([local.snapshot(), ledger.snapshot()]);
  return { find: (iccid) => own.find(iccid) ?? shared.find(iccid) };
}

/** What the engine asks before a send and tells after a purchase: this station's log, then the fleet's ledger. */
export function fleetPurchases(local: PurchaseLog, ledger: FleetLedger): EnginePurchases {
  return {
    find: async (iccid) => (await local.find(iccid)) ?? (await ledger.find(iccid)),
    async record(entry) {
      await local.record(entry);
      await ledger.publish(entry);
    },
    suspect: (iccid) => local.suspect(iccid),
    // This station's log first (always there), then every station's: a ledger away finds no twin, which the account audit catches.
    twinOf: async (number, iccid) => (await local.twinOf(number, iccid)) ?? (await ledger.twinOf(number, iccid).catch(() => null)),
  };
}
