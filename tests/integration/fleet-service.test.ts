/**
 * The app's side of fleet mode (docs/fleet.md): Settings → Fleet through the contract
 * (test, join, leave), the password kept out of settings and logs, a fleet set up but
 * unreachable at start blocking every send, an import flagging a SIM bought on another
 * station, and the other stations' running batches.
 */
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCredentialStore } from '../../main/credentials/credential-store';
import { joinFleet } from '../../main/fleet/fleet-membership';
import { LATEST_VERSION } from '../../main/fleet/migrations';
import { openHeadlessServices, type HeadlessServices } from '../../main/services/headless';
import { MemoryFleetPasswordStore, passwordBinding } from '../../main/fleet/fleet-password';
import type { PostgresServer } from '../helpers/postgres-server';
import { startFleetDatabase } from '../helpers/fleet-database';
import { listFile } from '../helpers/cli-process';
import { startSimulator } from '../../main/simulator/server';

let server: PostgresServer;
beforeAll(async () => {
  ({ server } = await startFleetDatabase('dock'));
});
afterAll(() => server.close());

function open(dataRoot: string, passwords = new MemoryFleetPasswordStore()): HeadlessServices {
  return openHeadlessServices({ dataRoot, host: 'web-host', credentials: new MemoryCredentialStore(), fleetPasswords: passwords });
}

/** Every file under a folder, as text. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('fleet in the app', () => {
  it('tests, joins and leaves through the contract; the password goes nowhere but the password store', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-fleet-app-'));
    const passwords = new MemoryFleetPasswordStore();
    const app = open(dataRoot, passwords);
    try {
      const url = server.url('dock').replace('dock@', 'dock:Pw-in-the-URL-7@');
      await expect(app.impl.fleet.test({ url: 'mysql://x@h/db', password: '', station: 'Dock 1', caFile: '' })).rejects.toMatchObject({
        code: 'fleet_bad_url',
      });
      await expect(app.impl.fleet.test({ url, password: '', station: 'Dock/1', caFile: '' })).rejects.toMatchObject({ code: 'fleet_bad_station' });
      // A query that would make node-postgres connect elsewhere, or otherwise, than the URL shows is refused before connecting.
      for (const query of ['?host=127.0.0.2', '?port=1', '?user=postgres', '?sslmode=prefer', '?options=-c%20search_path%3Devil']) {
        await expect(app.impl.fleet.test({ url: `${url}${query}`, password: '', station: 'Dock 1', caFile: '' }), query).rejects.toMatchObject({
          code: 'fleet_bad_url',
          message: expect.stringContaining(`carries ?${query.slice(1).split('=')[0]}=, which SimFleet does not take`) as unknown,
        });
      }
      const tested = await app.impl.fleet.test({ url, password: '', station: 'Dock 1', caFile: '' });
      expect(tested.message).toBe(
        `Connected to postgres://dock@127.0.0.1:${server.port}/${server.database} (practice, schema version ${LATEST_VERSION}): ` +
          '0 station(s) running, 0 purchase(s) in the ledger.',
      );
      const joined = await app.impl.fleet.join({ url, password: '', station: 'Dock 1', caFile: '' });
      expect(joined).toMatchObject({
        joined: true,
        available: true,
        station: 'Dock 1',
        database: `postgres://dock@127.0.0.1:${server.port}/${server.database}`,
        problem: null,
        tls: 'not encrypted',
      });
      expect(app.impl.settings).toBeDefined();
      // Saved without its password; the password is in the store, bound to that database.
      const saved = JSON.parse(readFileSync(join(dataRoot, 'settings.json'), 'utf8')) as { fleet: { url: string; station: string } };
      expect(saved.fleet).toEqual({ url: `postgres://dock@127.0.0.1:${server.port}/${server.database}`, station: 'Dock 1', caFile: '' });
      expect(await passwords.load(saved.fleet.url)).toBe('Pw-in-the-URL-7');
      expect(await passwords.load('postgres://dock@elsewhere:5432/simfleet')).toBeNull();
      // Bound to the CA file too: with another CA file (one that could vouch for another server) there is no password.
      expect(await passwords.load(passwordBinding(saved.fleet.url, '/tmp/another-ca.pem'))).toBeNull();
      expect(await passwords.load(passwordBinding(saved.fleet.url, ''))).toBe('Pw-in-the-URL-7');
      expect(server.sql('SELECT name FROM simfleet_practice.stations WHERE lease_expires > now()', server.database).trim()).toBe('Dock 1');
      // While joined, every call of the account takes from the fleet's shared budget (the coordination port's).
      const budgets = (): string => server.sql('SELECT count(*) FROM simfleet_practice.budget', server.database).trim();
      expect(budgets()).toBe('0');
      await app.access.limiter('practice').acquire();
      expect(budgets()).toBe('1');
      const left = await app.impl.fleet.leave();
      expect(left).toMatchObject({ joined: false, configured: false });
      expect(await passwords.load(saved.fleet.url)).toBeNull();
      expect(server.sql("SELECT count(*) FROM simfleet_practice.stations WHERE lease_expires > now() AND name = 'Dock 1'", server.database).trim()).toBe('0');
      // Left: the station's own limiter alone; a budget taken from now would need the station it no longer is.
      const taken = server.sql('SELECT tokens FROM simfleet_practice.budget', server.database).trim();
      for (let i = 0; i < 3; i++) await app.access.limiter('practice').acquire();
      expect(server.sql('SELECT tokens FROM simfleet_practice.budget', server.database).trim()).toBe(taken);
    } finally {
      await app.close();
    }
    await app.logger.flush();
    expect(allText(dataRoot)).not.toContain('Pw-in-the-URL-7');
  });

  it('a production fleet needs TLS with the certificate checked; a database on this computer may go without when its URL says so', async () => {
    const url = server.url('dock');
    await expect(joinFleet({ url, station: 'prod-1', environment: 'production', appVersion: 'test' })).rejects.toMatchObject({
      code: 'fleet_needs_tls',
      message: expect.stringContaining('Set its CA file in Settings → Fleet (or add ?sslmode=verify-full to the URL).') as unknown,
    });
    const local = await joinFleet({ url: `${url}?sslmode=disable`, station: 'prod-1', environment: 'production', appVersion: 'test' });
    await local.station.close();
  });

  it('a fleet that cannot be reached at start blocks every send, with what to do', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-fleet-app-'));
    const first = open(dataRoot);
    await first.impl.fleet.join({ url: server.url('dock'), password: '', station: 'Dock 2', caFile: '' });
    await first.close();
    // Settings keep the fleet; the next start cannot reach it (wrong port in the saved URL).
    const settingsFile = join(dataRoot, 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as { fleet: { url: string } };
    settings.fleet.url = 'postgres://dock@127.0.0.1:1/simfleet';
    (await import('node:fs')).writeFileSync(settingsFile, JSON.stringify(settings));
    const app = open(dataRoot);
    try {
      const status = await new Promise<Awaited<ReturnType<typeof app.impl.fleet.status>>>((resolve) => {
        const check = async (): Promise<void> => {
          const s = await app.impl.fleet.status();
          if (s.problem) resolve(s);
        };
        app.events.subscribe((name) => name === 'fleetChanged' && void check());
        void check();
      });
      expect(status).toMatchObject({ configured: true, joined: false });
      expect(status.problem).toContain('Cannot reach the fleet database at postgres://dock@127.0.0.1:1/simfleet');
      const dir = mkdtempSync(join(tmpdir(), 'simfleet-fleet-list-'));
      const { file } = listFile(dir, 3, 51);
      const view = await app.impl.imports.fromText({ name: 'list.csv', text: readFileSync(file, 'utf8') });
      const estimate = await app.impl.batches.estimate({ importId: view.id });
      expect(estimate.blockers.join(' ')).toContain('set up to work in a fleet, but it could not join it');
      await expect(app.impl.batches.start({ importId: view.id, name: 'blocked' })).rejects.toMatchObject({ code: 'batch_blocked' });
    } finally {
      await app.close();
    }
  });

  it('flags at import a SIM another station bought, and shows the other stations running batches', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-fleet-app-'));
    const other = await joinFleet({ url: server.url('dock'), station: 'Dock 9', environment: 'practice', appVersion: 'test' });
    const app = open(dataRoot);
    try {
      await app.impl.fleet.join({ url: server.url('dock'), password: '', station: 'Dock 3', caFile: '' });
      const dir = mkdtempSync(join(tmpdir(), 'simfleet-fleet-list-'));
      const { file, iccids } = listFile(dir, 3, 52);
      await other.ledger.publish({
        iccid: iccids[1]!,
        phoneNumber: '+18015550199',
        phoneNumberId: 'NID-9',
        orderId: null,
        at: '2026-11-30T09:00:00.000Z',
        batchId: 'B9',
        batchName: 'Carton 9',
        environment: 'practice',
      });
      const view = await app.impl.imports.fromText({ name: 'list.csv', text: readFileSync(file, 'utf8') });
      expect(view.summary.alreadyProvisioned).toBe(1);
      const page = await app.impl.imports.rows({ id: view.id, offset: 0, limit: 10, filter: 'all', search: '' });
      expect(JSON.stringify(page)).toContain('was bought on station Dock 9 as +18015550199 on 2026-11-30 (batch \\"Carton 9\\")');
      // A SIM another station is buying waits, and says so on its row, until that station is done with it.
      await app.impl.settings.saveLimits({ rateLimitPerMinute: 6000, concurrency: 4 });
      await other.claims.claim(iccids[0]!, { batchId: 'B9', row: 0 });
      const started = await app.impl.batches.start({ importId: view.id, name: 'waits for Dock 9' });
      const rowOf = (iccid: string) =>
        new Promise<string>((resolve) => {
          const off = app.events.subscribe((name, payload) => {
            if (name !== 'batchRows') return;
            const row = (payload as { rows: Array<{ iccid: string; state: string; message: string | null }> }).rows.find((r) => r.iccid === iccid);
            if (row?.message?.startsWith('Waiting') || row?.state === 'provisioned') {
              off();
              resolve(`${row.state}: ${row.message ?? ''}`);
            }
          });
        });
      expect(await rowOf(iccids[0]!)).toBe('queued: Waiting: being provisioned on station Dock 9.');
      const provisioned = rowOf(iccids[0]!);
      await other.claims.release(iccids[0]!, { batchId: 'B9', row: 0 });
      expect(await provisioned).toBe('provisioned: Provisioned.');
      const detail = await app.impl.batches.get({ id: started.id });
      expect(detail.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned']);
      await other.board.publish({ id: 'B9', name: 'Carton 9', total: 300, done: 120, ratePerMinute: 298.4, running: true });
      expect(await app.impl.fleet.others()).toMatchObject([{ station: 'Dock 9', batchId: 'B9', name: 'Carton 9', done: 120, total: 300 }]);
      await other.board.publish({ id: 'B9', name: 'Carton 9', total: 300, done: 300, ratePerMinute: 0, running: false });
      expect(await app.impl.fleet.others()).toEqual([]);
    } finally {
      await app.close();
      await other.station.close();
    }
  });

  it('a practice fleet shares one standalone simulator on this computer, set in Settings; nothing else is accepted', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-fleet-app-'));
    const simulator = await startSimulator({ rateLimitPerMinute: 0 });
    const app = open(dataRoot);
    try {
      await expect(app.impl.settings.savePracticeSimulator({ url: 'https://api.telegent.com' })).rejects.toMatchObject({ code: 'invalid_practice_simulator' });
      await expect(app.impl.settings.savePracticeSimulator({ url: 'http://10.0.0.5:8080' })).rejects.toMatchObject({ code: 'invalid_practice_simulator' });
      const saved = await app.impl.settings.savePracticeSimulator({ url: simulator.url });
      expect(saved.practice.simulatorUrl).toBe(simulator.url);
      expect((await app.impl.environment.status()).apiBaseUrl).toBe(simulator.url);
      await app.impl.settings.saveLimits({ rateLimitPerMinute: 6000, concurrency: 4 });
      const { file, iccids } = listFile(mkdtempSync(join(tmpdir(), 'simfleet-fleet-list-')), 2, 53);
      const view = await app.impl.imports.fromText({ name: 'list.csv', text: readFileSync(file, 'utf8') });
      const started = await app.impl.batches.start({ importId: view.id, name: 'rehearsal' });
      await new Promise<void>((resolve) => {
        const check = async (): Promise<void> => {
          if (!app.batches.isLive(started.id)) resolve();
        };
        app.events.subscribe((name) => name === 'batchProgress' && void check());
        void check();
      });
      // Bought at the shared simulator, not at the station's built-in one.
      expect(
        simulator
          .ledger()
          .map((e) => e.iccid)
          .sort(),
      ).toEqual([...iccids].sort());
      await app.impl.settings.savePracticeSimulator({ url: '' });
      expect((await app.impl.environment.status()).apiBaseUrl).not.toBe(simulator.url);
    } finally {
      await app.close();
      await simulator.close();
    }
  });
});
