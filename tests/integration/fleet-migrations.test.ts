/**
 * The fleet database's schema (docs/fleet.md, "Schema"): migrations from empty and
 * again, two at once, a database newer than the code refused, the station role limited
 * to rows, and the CLI's `fleet migrate` / `fleet status`, against a real PostgreSQL the
 * test starts itself.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../main/fleet/database';
import { fleetStatus } from '../../main/fleet/fleet-status';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../main/fleet/migrations';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server.close());

/** The CLI as a real process: exit code, stdout, stderr. */
function simfleet(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/simfleet.mjs', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectDatabase(url);
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describe('fleet migrations', () => {
  it('set up both environments from empty, then find nothing to do, also when two run at once', async () => {
    server.sql('CREATE DATABASE m1');
    const url = server.url('postgres', 'm1');
    const first = await withClient(url, migrate);
    expect(first.map((r) => [r.environment, r.from, r.to, r.applied.length])).toEqual([
      ['practice', 0, LATEST_VERSION, LATEST_VERSION],
      ['production', 0, LATEST_VERSION, LATEST_VERSION],
    ]);
    const again = await Promise.all([withClient(url, migrate), withClient(url, migrate)]);
    for (const reports of again) for (const r of reports) expect(r.applied).toEqual([]);
    expect(server.sql('SELECT count(*) FROM simfleet_practice.schema_migrations', 'm1').trim()).toBe(String(LATEST_VERSION));
    // Practice and production are separate tables: a purchase in one is not in the other.
    server.sql("INSERT INTO simfleet_practice.ledger (iccid, number, station, batch_id, bought_at) VALUES ('8901', '+1801', 'a', 'b', now())", 'm1');
    expect(server.sql('SELECT count(*) FROM simfleet_production.ledger', 'm1').trim()).toBe('0');
  });

  it('brings a database of an older SimFleet up to date in place, keeping its rows', async () => {
    server.sql('CREATE DATABASE m5');
    const url = server.url('postgres', 'm5');
    await withClient(url, (c) => migrate(c, MIGRATIONS.slice(0, 1)));
    expect(await withClient(url, (c) => schemaVersion(c, 'practice'))).toBe(1);
    await expect(withClient(url, (c) => fleetStatus(c, 'practice'))).rejects.toMatchObject({ code: 'fleet_db_older' });
    server.sql(
      [
        "INSERT INTO simfleet_practice.stations (instance, name, host, pid, app_version, lease_expires) VALUES ('i1', 'dock-1', 'kit01', 10, '0.0.9', now());",
        'INSERT INTO simfleet_practice.ledger (iccid, number, station, batch_id, bought_at)',
        "VALUES ('89012600000000000034', '+18015550101', 'dock-1', 'B0', now())",
      ].join(' '),
      'm5',
    );
    const cli = await simfleet(['fleet', 'migrate', '--db', url]);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toContain(`practice: schema version 1 → ${LATEST_VERSION}`);
    const status = await withClient(url, (c) => fleetStatus(c, 'practice'));
    expect(status).toMatchObject({ schemaVersion: LATEST_VERSION, purchases: 1, stations: [{ name: 'dock-1', requestsPerMinute: 0 }] });
  });

  it('refuses a database set up by a newer SimFleet, for migrate and for status', async () => {
    server.sql('CREATE DATABASE m2');
    const url = server.url('postgres', 'm2');
    await withClient(url, migrate);
    server.sql(`INSERT INTO simfleet_production.schema_migrations (version, name) VALUES (${LATEST_VERSION + 1}, 'from the future')`, 'm2');
    await expect(withClient(url, migrate)).rejects.toMatchObject({ code: 'fleet_db_newer' });
    await expect(withClient(url, (c) => fleetStatus(c, 'production'))).rejects.toMatchObject({ code: 'fleet_db_newer' });
    expect(await withClient(url, (c) => schemaVersion(c, 'practice'))).toBe(LATEST_VERSION);
    const cli = await simfleet(['fleet', 'migrate', '--db', url]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`newer than this SimFleet knows (${LATEST_VERSION}): update SimFleet on this station`);
  });

  it('lets a station write only through the functions, as the instance it proves to be: every forbidden statement is refused', async () => {
    server.sql('CREATE DATABASE m3');
    await withClient(server.url('postgres', 'm3'), migrate);
    server.sql('CREATE ROLE station1 LOGIN IN ROLE simfleet_station_practice');
    server.sql('CREATE ROLE station2 LOGIN IN ROLE simfleet_station_practice');
    const s = 'simfleet_practice';
    // Station 2 joins and holds a claim, and its purchase is in the ledger.
    await withClient(server.url('station2', 'm3'), async (c) => {
      await c.query(`SELECT ${s}.station_join('i2', 'secret-2', 's2', 'h', 2, '0.1.0', 60000)`);
      await c.query(`SELECT * FROM ${s}.claim_take('i2', 'secret-2', '8902', 'b2', 0, 60000)`);
      await c.query(`SELECT ${s}.ledger_append('i2', 'secret-2', '{8903}', '{+18015550100}', '{N1}', '{O1}', '{b2}', '{B2}', '{2026-12-01T00:00:00Z}')`);
      await c.query(`SELECT * FROM ${s}.budget_take('i2', 'secret-2', 'acct', 600, 20, 5)`);
    });
    await withClient(server.url('station1', 'm3'), async (c) => {
      await c.query(`SELECT ${s}.station_join('i1', 'secret-1', 's1', 'h', 1, '0.1.0', 60000)`);
      // What a station may do: its own claims, appending purchases, reading rows.
      await c.query(`SELECT * FROM ${s}.claim_take('i1', 'secret-1', '8901', 'b1', 0, 60000)`);
      await c.query(`SELECT ${s}.claim_release('i1', 'secret-1', '8901', 'b1', 0)`);
      expect((await c.query(`SELECT count(*)::int AS n FROM ${s}.ledger`)).rows[0]).toEqual({ n: 1 });
      // Marking another station's purchase as a replacement card changes nothing (checked below); an audit is recorded as itself.
      await c.query(`SELECT ${s}.ledger_replace('i1', 'secret-1', '8903', '+18015550100', 'N1', 'O1', 'b2', 'B2', '2026-12-01T00:00:00Z', '8900')`);
      await c.query(`SELECT ${s}.audit_record('i1', 'secret-1', 10, 1)`);
      expect((await c.query(`SELECT station, numbers, findings FROM ${s}.audits`)).rows).toEqual([{ station: 's1', numbers: 10, findings: 1 }]);
      const forbidden = [
        // Rewriting history.
        `DELETE FROM ${s}.ledger`,
        `UPDATE ${s}.ledger SET number = '+18015550999'`,
        `INSERT INTO ${s}.ledger (iccid, number, station, batch_id, bought_at) VALUES ('8904', '+1', 's2', 'b', now())`,
        `TRUNCATE ${s}.ledger`,
        // Other stations' claims, budget and station rows.
        `UPDATE ${s}.claims SET lease_expires = now()`,
        `DELETE FROM ${s}.claims`,
        `INSERT INTO ${s}.claims (iccid, station, instance, batch_id, batch_row, lease_expires) VALUES ('8905', 's2', 'i2', 'b', 0, now())`,
        `UPDATE ${s}.budget SET tokens = 1e9`,
        `UPDATE ${s}.stations SET lease_expires = now()`,
        `DELETE FROM ${s}.batches`,
        `SELECT secret_hash FROM ${s}.stations`,
        // Posing as station 2: its name from another login, its instance without its secret.
        `SELECT ${s}.station_join('i3', 'secret-3', 's2', 'h', 1, '0.1.0', 60000)`,
        `SELECT ${s}.claim_release('i2', 'guess', '8902', 'b2', 0)`,
        `SELECT ${s}.station_leave('i2', 'guess')`,
        `SELECT * FROM ${s}.budget_take('i2', 'guess', 'acct', 600, 1e9, 1e9)`,
        `SELECT ${s}.station_check('i2', 'secret-2')`,
        `SELECT ${s}.audit_record('i2', 'guess', 1, 0)`,
        `SELECT ${s}.ledger_replace('i2', 'guess', '8908', '+18015550102', null, null, 'b2', 'B2', now(), '8903')`,
        // The account audits: written only through audit_record.
        `INSERT INTO ${s}.audits (station, numbers, findings) VALUES ('s2', 0, 0)`,
        `DELETE FROM ${s}.audits`,
        // Production, from a practice login.
        `SELECT simfleet_production.station_join('i9', 'x', 's1', 'h', 1, '0.1.0', 60000)`,
        'SELECT count(*) FROM simfleet_production.ledger',
        // Schema changes.
        `CREATE TABLE ${s}.mine (x int)`,
        `DROP TABLE ${s}.ledger`,
        `ALTER TABLE ${s}.claims ADD COLUMN y int`,
        `INSERT INTO ${s}.schema_migrations (version, name) VALUES (99, 'x')`,
        `CREATE OR REPLACE FUNCTION ${s}.station_check(p_instance text, p_secret text) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$`,
        'CREATE SCHEMA elsewhere',
      ];
      for (const statement of forbidden) await expect(c.query(statement), statement).rejects.toMatchObject({ code: '42501' });
      // Nonsense the functions refuse: a purchase dated in the future, a budget without a finite rate.
      for (const statement of [
        `SELECT ${s}.ledger_append('i1', 'secret-1', '{8906}', '{+18015550101}', '{N}', '{O}', '{b1}', '{B1}', '{2099-01-01T00:00:00Z}')`,
        `SELECT ${s}.ledger_replace('i1', 'secret-1', '8906', '+18015550101', 'N', 'O', 'b1', 'B1', '2099-01-01T00:00:00Z', '8900')`,
        `SELECT * FROM ${s}.budget_take('i1', 'secret-1', 'acct', 600, 'NaN', 5)`,
        `SELECT * FROM ${s}.budget_take('i1', 'secret-1', 'acct', 600, 'Infinity', 5)`,
      ]) {
        await expect(c.query(statement), statement).rejects.toMatchObject({ code: '22023' });
      }
      // A lease asked for years is held to ten minutes.
      await c.query(`SELECT * FROM ${s}.claim_take('i1', 'secret-1', '8907', 'b1', 1, 1e12)`);
      const lease = await c.query<{ short: boolean }>(`SELECT lease_expires < now() + interval '11 minutes' AS short FROM ${s}.claims WHERE iccid = '8907'`);
      expect(lease.rows).toEqual([{ short: true }]);
    });
    // Nothing of station 2 changed.
    await withClient(server.url('postgres', 'm3'), async (c) => {
      expect((await c.query(`SELECT iccid, instance FROM ${s}.claims WHERE instance <> 'i1'`)).rows).toEqual([{ iccid: '8902', instance: 'i2' }]);
      expect((await c.query(`SELECT iccid, station, replaces FROM ${s}.ledger`)).rows).toEqual([{ iccid: '8903', station: 's2', replaces: null }]);
      expect((await c.query(`SELECT lease_expires > now() AS alive FROM ${s}.stations WHERE instance = 'i2'`)).rows).toEqual([{ alive: true }]);
    });
    // A station cannot migrate: it says who can.
    const cli = await simfleet(['fleet', 'migrate', '--db', server.url('station1', 'm3')]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('migrations need the database owner');
  });
});

describe('simfleet fleet', () => {
  it('migrates, then reports stations, batches, claims and purchases, as text and JSON, never showing the password', async () => {
    server.sql('CREATE DATABASE m4');
    const url = server.url('postgres', 'm4').replace('postgres@', 'postgres:hunter2-secret@');
    const migrated = await simfleet(['fleet', 'migrate', '--db', url]);
    expect(migrated.code).toBe(0);
    expect(migrated.stderr).toContain(`practice: schema version 0 → ${LATEST_VERSION}`);
    expect(migrated.stderr).toContain(`postgres://postgres@127.0.0.1:${server.port}/m4 is ready for SimFleet`);
    expect((await simfleet(['fleet', 'migrate', '--db', url])).stderr).toContain(`practice: already at schema version ${LATEST_VERSION}.`);
    server.sql(
      [
        'INSERT INTO simfleet_practice.stations (instance, name, host, pid, app_version, lease_expires) VALUES',
        "('i1', 'dock-1', 'kit01', 10, '0.1.0', now() + interval '1 minute'), ('i2', 'dock-2', 'kit02', 11, '0.1.0', now() - interval '1 minute');",
        'UPDATE simfleet_practice.stations SET requests_last_minute = 240;',
        'INSERT INTO simfleet_practice.claims (iccid, station, instance, batch_id, batch_row, lease_expires) VALUES',
        "('89012600000000000018', 'dock-1', 'i1', 'B1', 3, now() + interval '1 minute');",
        "INSERT INTO simfleet_practice.batches VALUES ('dock-1', 'i1', 'B1', 'Carton 7', 300, 120, 298.5, now()),",
        "('dock-2', 'i2', 'B0', 'Carton 6', 300, 41, 150, '2026-11-30 09:15:00+00');",
        'INSERT INTO simfleet_practice.ledger (iccid, number, station, batch_id, bought_at) VALUES',
        "('89012600000000000026', '+18015550100', 'dock-2', 'B0', now())",
      ].join(' '),
      'm4',
    );
    const text = await simfleet(['fleet', 'status', '--db', url]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Fleet (practice, schema version ${LATEST_VERSION}): 1 station(s) running, 1 SIM(s) being provisioned, 1 purchase(s) in the ledger.`,
    );
    expect(text.stdout).toContain('dock-1 (kit01, SimFleet 0.1.0): running, 240 request(s) in the last minute, 1 claim(s)');
    expect(text.stdout).toContain('dock-2 (kit02, SimFleet 0.1.0): stopped (lease expired), 0 claim(s)');
    expect(text.stdout).toContain('dock-1 · Carton 7 (B1): 120 of 300, 299 SIMs/min');
    // A killed station leaves its last row: shown as stopped, with its last word, never as running.
    expect(text.stdout).toContain('dock-2 · Carton 6 (B0): 41 of 300, station stopped at 2026-11-30 09:15 UTC');
    const json = await simfleet(['fleet', 'status', '--db', url, '--json']);
    const status = JSON.parse(json.stdout) as { stations: unknown[]; claims: number; purchases: number };
    expect(status).toMatchObject({ environment: 'practice', claims: 1, purchases: 1 });
    expect(status.stations).toHaveLength(2);
    const production = JSON.parse((await simfleet(['fleet', 'status', '--db', url, '--json', '--environment', 'production'])).stdout) as { purchases: number };
    expect(production.purchases).toBe(0);
    for (const run of [migrated, text, json]) expect(run.stdout + run.stderr).not.toContain('hunter2');
  });

  it('says what to do when the database cannot be used, and exits 2', async () => {
    const down = await simfleet(['fleet', 'status', '--db', 'postgres://postgres@127.0.0.1:1/simfleet']);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('Cannot reach the fleet database at postgres://postgres@127.0.0.1:1/simfleet (connection refused)');
    const missing = await simfleet(['fleet', 'status', '--db', server.url('postgres', 'nope')]);
    expect(missing.stderr).toContain('does not exist: create it first (createdb), then run simfleet fleet migrate');
    const notMigrated = await simfleet(['fleet', 'status', '--db', server.url('postgres', 'postgres')]);
    expect(notMigrated.stderr).toContain(`schema is at version 0, this SimFleet needs ${LATEST_VERSION}: run \`npx simfleet fleet migrate --db URL\``);
    const bad = await simfleet(['fleet', 'status', '--db', 'mysql://x@h/db']);
    expect(bad.stderr).toContain('must start with postgres://');
    const usage = await simfleet(['fleet', 'nothing']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: simfleet fleet migrate --db');
  });
});
