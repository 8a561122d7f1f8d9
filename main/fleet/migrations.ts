/**
 * The fleet database's schema, as versioned migrations (docs/fleet.md, "Schema"). Each
 * environment has its own schema (practice and production never share a ledger), each
 * with its own `schema_migrations`. `migrate` is idempotent and safe to run from two
 * places at once (an advisory lock), and refuses a database set up by a newer SimFleet.
 * Stations connect as a login in `simfleet_station_practice` or `simfleet_station_production`
 * (or the older `simfleet_station`, which holds both): they read rows and write only
 * through functions that check the process instance; no DDL, no direct writes.
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
  {
    version: 3,
    name: 'stations write only through functions that check their instance',
    sql: (s) => `
      -- Each process proves it is the instance it names with a secret only it knows (its hash
      -- is here, unreadable to stations); every write of a station goes through the functions
      -- below, which check it (docs/fleet.md, "Who may write what").
      ALTER TABLE ${s}.stations ADD COLUMN secret_hash bytea;
      -- The database login a process joined as: a station name belongs to the login that first used it.
      ALTER TABLE ${s}.stations ADD COLUMN login text;
      -- Which process appended a purchase, and as which login (the station name alone is only a name).
      ALTER TABLE ${s}.ledger ADD COLUMN appended_by text;
      ALTER TABLE ${s}.ledger ADD COLUMN login text;

      -- Leases the functions accept: a rehearsal's second up to ten minutes, whatever a caller asks.
      CREATE FUNCTION ${s}.lease(p_lease_ms double precision) RETURNS interval
        LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
          SELECT least(greatest(coalesce(nullif(p_lease_ms, 'NaN'), 60000), 1000), 600000) * interval '1 millisecond'
        $fn$;

      CREATE FUNCTION ${s}.station_check(p_instance text, p_secret text) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE found_name text;
        BEGIN
          SELECT name INTO found_name FROM ${s}.stations
           WHERE instance = p_instance AND secret_hash = sha256(convert_to(p_secret, 'UTF8'));
          IF found_name IS NULL THEN
            RAISE EXCEPTION 'this session is not the SimFleet process it names' USING ERRCODE = '42501';
          END IF;
          RETURN found_name;
        END $fn$;

      CREATE FUNCTION ${s}.station_join(p_instance text, p_secret text, p_name text, p_host text, p_pid integer, p_version text, p_lease_ms double precision)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
          IF EXISTS (SELECT 1 FROM ${s}.stations WHERE name = p_name AND login <> session_user) THEN
            RAISE EXCEPTION 'the station name % belongs to another database login', p_name USING ERRCODE = '42501';
          END IF;
          IF EXISTS (SELECT 1 FROM ${s}.claims WHERE instance = p_instance) THEN
            RAISE EXCEPTION 'this process instance already holds claims' USING ERRCODE = '42501';
          END IF;
          INSERT INTO ${s}.stations (instance, name, host, pid, app_version, lease_expires, secret_hash, login)
          VALUES (p_instance, p_name, p_host, p_pid, p_version, now() + ${s}.lease(p_lease_ms), sha256(convert_to(p_secret, 'UTF8')), session_user);
        END $fn$;

      CREATE FUNCTION ${s}.station_heartbeat(p_instance text, p_secret text, p_lease_ms double precision, p_requests integer)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
          PERFORM ${s}.station_check(p_instance, p_secret);
          UPDATE ${s}.stations SET lease_expires = now() + ${s}.lease(p_lease_ms), requests_last_minute = p_requests WHERE instance = p_instance;
          UPDATE ${s}.claims SET lease_expires = now() + ${s}.lease(p_lease_ms) WHERE instance = p_instance;
        END $fn$;

      CREATE FUNCTION ${s}.station_leave(p_instance text, p_secret text)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
          PERFORM ${s}.station_check(p_instance, p_secret);
          UPDATE ${s}.stations SET lease_expires = now() WHERE instance = p_instance;
          UPDATE ${s}.claims SET lease_expires = now() WHERE instance = p_instance;
        END $fn$;

      -- The claim rules of main/fleet/fleet-claims.ts, in one transaction: inserted, ours (this
      -- instance, this batch), taken (the holder's lease expired) or busy.
      CREATE FUNCTION ${s}.claim_take(p_instance text, p_secret text, p_iccid text, p_batch text, p_row integer, p_lease_ms double precision)
        RETURNS TABLE (outcome text, station text, batch_id text, same_station boolean)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE me text := ${s}.station_check(p_instance, p_secret);
        BEGIN
          RETURN QUERY
          WITH previous AS (
            SELECT c.station, c.instance, c.batch_id, c.lease_expires > now() AS alive FROM ${s}.claims c WHERE c.iccid = p_iccid FOR UPDATE
          ), upsert AS (
            INSERT INTO ${s}.claims AS c (iccid, station, instance, batch_id, batch_row, lease_expires)
            VALUES (p_iccid, me, p_instance, p_batch, p_row, now() + ${s}.lease(p_lease_ms))
            ON CONFLICT (iccid) DO UPDATE
              SET station = EXCLUDED.station, instance = EXCLUDED.instance, batch_id = EXCLUDED.batch_id,
                  batch_row = EXCLUDED.batch_row, lease_expires = EXCLUDED.lease_expires,
                  claimed_at = CASE WHEN c.instance = EXCLUDED.instance AND c.batch_id = EXCLUDED.batch_id THEN c.claimed_at ELSE now() END
              WHERE (c.instance = EXCLUDED.instance AND c.batch_id = EXCLUDED.batch_id) OR c.lease_expires <= now()
            RETURNING c.iccid
          )
          SELECT CASE
                   WHEN NOT EXISTS (SELECT 1 FROM previous) AND EXISTS (SELECT 1 FROM upsert) THEN 'inserted'
                   WHEN EXISTS (SELECT 1 FROM previous p WHERE p.instance = p_instance AND p.batch_id = p_batch) THEN 'ours'
                   WHEN EXISTS (SELECT 1 FROM upsert) THEN 'taken'
                   ELSE 'busy'
                 END,
                 coalesce((SELECT p.station FROM previous p), (SELECT c.station FROM ${s}.claims c WHERE c.iccid = p_iccid)),
                 coalesce((SELECT p.batch_id FROM previous p), (SELECT c.batch_id FROM ${s}.claims c WHERE c.iccid = p_iccid)),
                 coalesce((SELECT p.station = me FROM previous p), false);
        END $fn$;

      CREATE FUNCTION ${s}.claim_confirm(p_instance text, p_secret text, p_iccid text, p_batch text, p_row integer, p_lease_ms double precision)
        RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
          PERFORM ${s}.station_check(p_instance, p_secret);
          UPDATE ${s}.claims SET lease_expires = now() + ${s}.lease(p_lease_ms)
           WHERE iccid = p_iccid AND instance = p_instance AND batch_id = p_batch AND batch_row = p_row AND lease_expires > now();
          RETURN FOUND;
        END $fn$;

      CREATE FUNCTION ${s}.claim_release(p_instance text, p_secret text, p_iccid text, p_batch text, p_row integer)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
          PERFORM ${s}.station_check(p_instance, p_secret);
          DELETE FROM ${s}.claims WHERE iccid = p_iccid AND instance = p_instance AND batch_id = p_batch AND batch_row = p_row;
        END $fn$;

      -- Purchases are appended, never changed: a purchase already in the ledger stays as it is.
      CREATE FUNCTION ${s}.ledger_append(p_instance text, p_secret text, p_iccids text[], p_numbers text[], p_nids text[], p_orders text[],
                                         p_batches text[], p_names text[], p_bought timestamptz[])
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE me text := ${s}.station_check(p_instance, p_secret);
        BEGIN
          IF EXISTS (SELECT 1 FROM unnest(p_bought) AS b(at) WHERE at IS NULL OR at > now() + interval '10 minutes') THEN
            RAISE EXCEPTION 'a purchase cannot be dated in the future' USING ERRCODE = '22023';
          END IF;
          INSERT INTO ${s}.ledger (iccid, number, nid, order_id, station, batch_id, batch_name, bought_at, appended_by, login)
          SELECT iccid, number, nid, order_id, me, batch_id, batch_name, bought_at, p_instance, session_user
            FROM unnest(p_iccids, p_numbers, p_nids, p_orders, p_batches, p_names, p_bought)
                 AS p(iccid, number, nid, order_id, batch_id, batch_name, bought_at)
          ON CONFLICT (iccid, number) DO NOTHING;
        END $fn$;

      -- The shared token bucket (main/fleet/fleet-budget.ts): refilled for the time since, then taken from.
      CREATE FUNCTION ${s}.budget_take(p_instance text, p_secret text, p_account text, p_per_minute integer, p_burst double precision, p_want double precision)
        RETURNS TABLE (granted double precision, remaining double precision)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        BEGIN
          PERFORM ${s}.station_check(p_instance, p_secret);
          -- NaN compares greater than every number in PostgreSQL: refused by the upper bounds.
          IF NOT (p_per_minute > 0 AND p_per_minute <= 1000000 AND p_burst > 0 AND p_burst <= 100000 AND p_want >= 0 AND p_want <= 100000) THEN
            RAISE EXCEPTION 'a rate budget needs a positive, finite rate' USING ERRCODE = '22023';
          END IF;
          INSERT INTO ${s}.budget (account, per_minute, tokens, refilled_at) VALUES (p_account, p_per_minute, 0, now())
          ON CONFLICT (account) DO NOTHING;
          RETURN QUERY
          WITH current AS (
            SELECT least(p_burst, b.tokens + extract(epoch FROM now() - b.refilled_at) * p_per_minute / 60.0) AS available
              FROM ${s}.budget b WHERE b.account = p_account FOR UPDATE
          ), taken AS (
            SELECT greatest(0, least(p_want, floor(available))) AS got, available FROM current
          )
          UPDATE ${s}.budget b SET tokens = taken.available - taken.got, per_minute = p_per_minute, refilled_at = now()
            FROM taken WHERE b.account = p_account
          RETURNING taken.got, taken.available - taken.got;
        END $fn$;

      CREATE FUNCTION ${s}.board_publish(p_instance text, p_secret text, p_batch text, p_name text, p_total integer, p_done integer, p_rate double precision)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE me text := ${s}.station_check(p_instance, p_secret);
        BEGIN
          INSERT INTO ${s}.batches AS b (station, instance, batch_id, name, total, done, rate_per_minute, updated_at)
          VALUES (me, p_instance, p_batch, p_name, p_total, p_done, p_rate, now())
          ON CONFLICT (station, batch_id) DO UPDATE SET instance = EXCLUDED.instance, name = EXCLUDED.name, total = EXCLUDED.total,
            done = EXCLUDED.done, rate_per_minute = EXCLUDED.rate_per_minute, updated_at = now()
            -- Another process's row only once that process is gone.
            WHERE b.instance = p_instance OR NOT EXISTS (SELECT 1 FROM ${s}.stations st WHERE st.instance = b.instance AND st.lease_expires > now());
        END $fn$;

      CREATE FUNCTION ${s}.board_remove(p_instance text, p_secret text, p_batch text)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE me text := ${s}.station_check(p_instance, p_secret);
        BEGIN
          DELETE FROM ${s}.batches WHERE station = me AND instance = p_instance AND batch_id = p_batch;
        END $fn$;`,
  },
  {
    version: 4,
    name: 'ledger purchases found by number',
    sql: (s) => `
      -- Every purchase asks whether another SIM has its number (docs/exactly-once.md, "One number for two SIMs"):
      -- by index, not by reading the whole ledger.
      CREATE INDEX ledger_number ON ${s}.ledger (number);`,
  },
  {
    version: 5,
    name: 'replacement cards in the ledger, and the account audits',
    sql: (s) => `
      -- A replacement card holds its number after the damaged card it replaces (docs/audit.md,
      -- "Replacement card"): the same number on two SIMs, one after the other, is not a twin.
      ALTER TABLE ${s}.ledger ADD COLUMN replaces text;
      -- Every account audit a station finished: when the account was last audited, and by whom.
      CREATE TABLE ${s}.audits (
        station text NOT NULL,
        audited_at timestamptz NOT NULL DEFAULT now(),
        numbers integer NOT NULL,
        findings integer NOT NULL
      );
      CREATE INDEX audits_at ON ${s}.audits (audited_at);

      -- A replacement card's purchase: appended, or (written before as a plain purchase by this
      -- station) marked with the card it replaces; another station's row is never changed.
      CREATE FUNCTION ${s}.ledger_replace(p_instance text, p_secret text, p_iccid text, p_number text, p_nid text, p_order text,
                                          p_batch text, p_name text, p_bought timestamptz, p_replaces text)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE me text := ${s}.station_check(p_instance, p_secret);
        BEGIN
          IF p_bought IS NULL OR p_bought > now() + interval '10 minutes' THEN
            RAISE EXCEPTION 'a purchase cannot be dated in the future' USING ERRCODE = '22023';
          END IF;
          INSERT INTO ${s}.ledger AS l (iccid, number, nid, order_id, station, batch_id, batch_name, bought_at, appended_by, login, replaces)
          VALUES (p_iccid, p_number, p_nid, p_order, me, p_batch, p_name, p_bought, p_instance, session_user, p_replaces)
          ON CONFLICT (iccid, number) DO UPDATE SET replaces = EXCLUDED.replaces WHERE l.replaces IS NULL AND l.station = me;
        END $fn$;

      CREATE FUNCTION ${s}.audit_record(p_instance text, p_secret text, p_numbers integer, p_findings integer)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE me text := ${s}.station_check(p_instance, p_secret);
        BEGIN
          INSERT INTO ${s}.audits (station, numbers, findings) VALUES (me, greatest(p_numbers, 0), greatest(p_findings, 0));
        END $fn$;`,
  },
];

/** The role a station login of one environment belongs to: practice logins cannot touch production. */
export function stationRole(environment: Environment): string {
  return `${STATION_ROLE}_${environment}`;
}

/** What a station may do in its environment's schema: read rows (never a secret), call the functions, nothing else. */
function stationGrants(schema: string, role: string, latest: number): string[] {
  return [
    `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${STATION_ROLE}`,
    `REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${schema} FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${role}`,
    `GRANT SELECT ON ${schema}.claims, ${schema}.ledger, ${schema}.budget, ${schema}.batches, ${schema}.schema_migrations TO ${role}`,
    `GRANT SELECT (instance, name, host, pid, app_version, started_at, lease_expires, requests_last_minute) ON ${schema}.stations TO ${role}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role}`,
    `REVOKE EXECUTE ON FUNCTION ${schema}.station_check(text, text) FROM ${role}`,
    `REVOKE EXECUTE ON FUNCTION ${schema}.lease(double precision) FROM ${role}`,
    ...(latest >= 5 ? [`GRANT SELECT ON ${schema}.audits TO ${role}`] : []),
  ];
}

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
    // One role per environment (a practice login cannot touch production), and the role of
    // earlier versions, which now holds both (its logins keep working, through the functions only).
    // Roles belong to the whole cluster and the lock above to one database: a migration of
    // another database on the same server may create them at the same moment, so "already
    // there" is not an error.
    for (const role of [STATION_ROLE, ...ENVIRONMENTS.map(stationRole)]) {
      await client.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    }
    for (const environment of ENVIRONMENTS) {
      await client.query(`DO $$ BEGIN
        GRANT ${stationRole(environment)} TO ${STATION_ROLE};
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    }
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
      // Least privilege: stations read rows and call the functions; they write no table directly.
      if (latest >= 3) for (const statement of stationGrants(schema, stationRole(environment), latest)) await client.query(statement);
      else {
        // An older schema (tests that set one up): the grants of its time.
        await client.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
        await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${STATION_ROLE}`);
        await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${STATION_ROLE}`);
        await client.query(`REVOKE INSERT, UPDATE, DELETE ON ${schema}.schema_migrations FROM ${STATION_ROLE}`);
      }
      reports.push({ environment, from, to: Math.max(from, latest), applied });
    }
    await client.query('COMMIT');
    return reports;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
