/**
 * One SimFleet process's membership of a fleet (docs/fleet.md): a row in `stations`
 * whose lease it renews every few seconds, together with the leases of its claims. When
 * the database stops answering, the station says so at once (`available` is false, and
 * listeners hear it) so batches pause and send nothing; when it answers again, they hear
 * that too and resume. Closing hands every claim and the station's lease back.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type { Environment } from '../../preload/domain';
import { UserError } from '../errors/user-error';
import { checkDatabaseUrl, checkProductionTls, databaseError, driverUrl, describeDatabase, fleetSchema, isConnectionFailure } from './database';
import { checkVersion, schemaVersion } from './migrations';

export interface FleetOptions {
  readonly url: string;
  /** The station's name (the host name unless set). */
  readonly station?: string;
  readonly environment: Environment;
  readonly appVersion: string;
  /** How long a claim outlives a silent station; renewed every third of it. */
  readonly leaseMs?: number;
}

export type Availability = { readonly available: true } | { readonly available: false; readonly reason: string };

/**
 * A claim outlives a silent station by this much: longer than a request can be in flight
 * (the client's 30 s timeout) with room for a slow commit, so a station taking over a claim
 * and looking the SIM up finds what a dead station's last request bought.
 */
export const DEFAULT_LEASE_MS = 60_000;

export class FleetStation {
  readonly instance = randomUUID();
  /** Proves to the database's functions that a call comes from this process (only its hash is stored). */
  readonly secret = randomBytes(32).toString('hex');
  readonly station: string;
  readonly schema: string;
  readonly leaseMs: number;
  private readonly pool: pg.Pool;
  private timer: NodeJS.Timeout | null = null;
  private state: Availability = { available: true };
  private readonly listeners = new Set<(state: Availability) => void>();
  private closed = false;
  /** Requests taken from the shared budget, per second, for the last minute (written with the lease). */
  private readonly taken: { second: number; count: number }[] = [];

  private constructor(
    readonly options: FleetOptions,
    pool: pg.Pool,
  ) {
    this.pool = pool;
    this.station = options.station?.trim() || hostname();
    this.schema = fleetSchema(options.environment);
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Connects, checks the schema version and registers this process; refuses with what to do. */
  static async join(options: FleetOptions): Promise<FleetStation> {
    checkDatabaseUrl(options.url);
    if (options.environment === 'production') checkProductionTls(options.url);
    let pool: pg.Pool;
    try {
      // The driver is loaded when a database is used (docs/cli.md, "Start-up").
      const { default: pg } = await import('pg');
      // Reading the URL reads the CA file too (sslrootcert).
      pool = new pg.Pool({ connectionString: driverUrl(options.url), max: 4, connectionTimeoutMillis: 5_000, application_name: 'simfleet station' });
    } catch (error) {
      throw databaseError(error, options.url);
    }
    // An idle connection that drops reports here; the next query finds out and says so.
    pool.on('error', () => undefined);
    const fleet = new FleetStation(options, pool);
    try {
      const client = await pool.connect();
      try {
        checkVersion(await schemaVersion(client as unknown as pg.Client, options.environment), options.environment);
      } finally {
        client.release();
      }
      await pool.query(`SELECT ${fleet.schema}.station_join($1, $2, $3, $4, $5, $6, $7)`, [
        fleet.instance,
        fleet.secret,
        fleet.station,
        hostname(),
        process.pid,
        options.appVersion,
        fleet.leaseMs,
      ]);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw databaseError(error, options.url);
    }
    // Not unref'd: a batch waiting for the database to come back is kept alive by this timer (close() stops it).
    fleet.timer = setInterval(() => void fleet.heartbeat(), Math.max(200, fleet.leaseMs / 3));
    return fleet;
  }

  /** Runs a query; a failure marks the fleet unavailable and comes back as a UserError. */
  async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    if (this.closed) throw new UserError('fleet_closed', 'This station has left the fleet.');
    try {
      const result = await this.pool.query<R>(text, values);
      this.setState({ available: true });
      return result;
    } catch (error) {
      const failure = databaseError(error, this.options.url);
      if (isConnectionFailure(error)) this.setState({ available: false, reason: failure.message });
      throw failure;
    }
  }

  /** Renews this process's lease and its claims' leases, and says how much of the rate budget it used. */
  async heartbeat(): Promise<void> {
    if (this.closed) return;
    await this.query(`SELECT ${this.schema}.station_heartbeat($1, $2, $3, $4)`, [this.instance, this.secret, this.leaseMs, this.requestsLastMinute()]).catch(
      () => undefined,
    );
  }

  /** Counts requests this process took from the shared rate budget (docs/fleet.md, "Rate budget"). */
  recordRequests(count: number, now = Date.now()): void {
    const second = Math.floor(now / 1000);
    const last = this.taken[this.taken.length - 1];
    if (last?.second === second) last.count += count;
    else this.taken.push({ second, count });
    while (this.taken.length > 0 && this.taken[0]!.second <= second - 60) this.taken.shift();
  }

  /** Requests taken from the shared budget in the last 60 seconds. */
  requestsLastMinute(now = Date.now()): number {
    const from = Math.floor(now / 1000) - 60;
    return this.taken.reduce((sum, t) => (t.second > from ? sum + t.count : sum), 0);
  }

  get availability(): Availability {
    return this.state;
  }

  /** Hears every change between available and unavailable. */
  onAvailability(listener: (state: Availability) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(next: Availability): void {
    if (next.available === this.state.available) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }

  describe(): string {
    return `${this.station} on ${describeDatabase(this.options.url)}`;
  }

  /** Leaves the fleet: the lease and every claim of this process expire now (a claim is taken over only through a lookup). */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    await this.pool.query(`SELECT ${this.schema}.station_leave($1, $2)`, [this.instance, this.secret]).catch(() => undefined);
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }
}
