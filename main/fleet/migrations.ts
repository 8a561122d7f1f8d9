/**
 * The fleet database's schema, as versioned migrations (docs/fleet.md, "Schema"). Each
 * environment has its own schema (practice and production never share a ledger), each
 * with its own `schema_migrations`. `migrate` is idempotent and safe to run from two
 * places at once (an advisory lock), and refuses a database set up by a newer SimFleet.
 * Stations connect as a login in the `simfleet_station` role: rows only, no DDL.
 */
import type pg from 'pg';
import { UserError } from '../errors/user-error';
import { fleetSchema } from './database';
import type { Environment } from '../../preload/domain';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** The statements, for one environment's schema (already quoted). */
  sql(schema: string): string;
}

/** The role the stations' logins belong to. */
export const STATION_ROLE = 'simfleet_station';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'stations, claims, ledger and rate budget',
    sql: (s) => `
      -- A running SimFleet process (app or CLI) of a station: its lease is renewed every
      -- few seconds; an expired lease means the process died.
      CREATE TABLE ${s}.stations (
        instance text PRIMARY KEY,
        name text NOT NULL,
        host text NOT NULL,
        pid integer NOT NULL,
        app_version text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        lease_expires timestamptz NOT NULL
      );
      -- One row per SIM being provisioned: only its holder may send a provision for it.
      -- The lease is renewed with the holder's station lease; an expired one may be taken
      -- over, and only through an ICCID lookup (docs/fleet.md, "Claims").
      CREATE TABLE ${s}.claims (
        iccid text PRIMARY KEY,
        station text NOT NULL,
        instance text NOT NULL,
        batch_id text NOT NULL,
        batch_row integer NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        lease_expires timestamptz NOT NULL
      );
      CREATE INDEX claims_instance ON ${s}.claims (instance);
      CREATE INDEX claims_batch ON ${s}.claims (station, batch_id);
      -- Every purchase any station made (and every uncertain row resolved as bought).
      CREATE TABLE ${s}.ledger (
        iccid text NOT NULL,
        number text NOT NULL,
        nid text,
        order_id text,
        station text NOT NULL,
        batch_id text NOT NULL,
        batch_name text NOT NULL DEFAULT '',
        bought_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (iccid, number)
      );
      -- The account's shared request budget (a token bucket), one row per Telegent account.
      CREATE TABLE ${s}.budget (
        account text PRIMARY KEY,
        per_minute integer NOT NULL CHECK (per_minute > 0),
        tokens double precision NOT NULL,
        refilled_at timestamptz NOT NULL
      );
      -- What each station is running, for the other stations' Batches screens.
      CREATE TABLE ${s}.batches (
        station text NOT NULL,
        instance text NOT NULL,
        batch_id text NOT NULL,
        name text NOT NULL,
        total integer NOT NULL,
        done integer NOT NULL,
        rate_per_minute double precision NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (station, batch_id)
      );`,
  },
  {
    version: 2,
    name: "each station's share of the rate budget",
    sql: (s) => `
      -- Requests this process took from the account's budget in the last minute, written with
      -- its lease: who uses how much of the account's ceiling (simfleet fleet status).
      ALTER TABLE ${s}.stations ADD COLUMN requests_last_minute integer NOT NULL DEFAULT 0;`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

const ENVIRONMENTS: readonly Environment[] = ['practice', 'production'];

/** The schema version of an environment in this database: 0 when it was never migrated. */
export async function schemaVersion(client: pg.Client, environment: Environment): Promise<number> {
  const schema = fleetSchema(environment);
  const exists = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [`${schema}.schema_migrations`]);
  if (!exists.rows[0]!.found) return 0;
  const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${schema}.schema_migrations`);
  return rows[0]!.version ?? 0;
}

/** Refuses a database this SimFleet does not know how to use (set up by a newer one, or never set up). */
export function checkVersion(found: number, environment: Environment): void {
  if (found > LATEST_VERSION) {
    throw new UserError(
      'fleet_db_newer',
      `The fleet database's ${environment} schema is at version ${found}, newer than this SimFleet knows (${LATEST_VERSION}): ` +
        'update SimFleet on this station to the version the other stations run.',
    );
  }
  if (found < LATEST_VERSION) {
    throw new UserError(
      'fleet_db_older',
      `The fleet database's ${environment} schema is at version ${found}, this SimFleet needs ${LATEST_VERSION}: ` +
        'run `npx simfleet fleet migrate --db URL` as the database owner.',
    );
  }
}

export interface MigrationReport {
  readonly environment: Environment;
  readonly from: number;
  readonly to: number;
  readonly applied: readonly string[];
}

/**
 * Brings both environments' schemas to the latest version, and the station role's grants
 * with them. `migrations` is for tests that set up an older database.
 */
export async function migrate(client: pg.Client, migrations: readonly Migration[] = MIGRATIONS): Promise<readonly MigrationReport[]> {
  const latest = migrations[migrations.length - 1]!.version;
  await client.query('BEGIN');
  try {
    // Two `migrate` runs at once take turns; the second finds nothing to do.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('simfleet fleet migrate'))");
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${STATION_ROLE}') THEN CREATE ROLE ${STATION_ROLE} NOLOGIN; END IF;
    END $$`);
    const reports: MigrationReport[] = [];
    for (const environment of ENVIRONMENTS) {
      const schema = fleetSchema(environment);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations ` +
          '(version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const from = await schemaVersion(client, environment);
      if (from > LATEST_VERSION) checkVersion(from, environment);
      const applied: string[] = [];
      for (const m of migrations.filter((m) => m.version > from)) {
        await client.query(m.sql(schema));
        await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        applied.push(`${m.version} ${m.name}`);
      }
      // Least privilege: stations read and write rows; they create, alter and drop nothing.
      await client.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${STATION_ROLE}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${STATION_ROLE}`);
      await client.query(`REVOKE INSERT, UPDATE, DELETE ON ${schema}.schema_migrations FROM ${STATION_ROLE}`);
      reports.push({ environment, from, to: Math.max(from, latest), applied });
    }
    await client.query('COMMIT');
    return reports;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
