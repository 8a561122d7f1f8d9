/**
 * Claims in the fleet database (docs/fleet.md, "Claims"), between stations that are
 * separate memberships of one real PostgreSQL: a live holder makes others wait, a dead
 * one (expired lease) is taken over only as `taken-over` (the engine looks the ICCID up
 * first), and a database that goes away is reported and heard coming back.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fleetPurchases } from '../../main/fleet/fleet-ledger';
import { PurchaseLog, type PurchaseRecord } from '../../main/purchases/purchase-log';
import { joinFleet, type FleetMembership } from '../../main/fleet/fleet-membership';
import { FleetBudget } from '../../main/fleet/fleet-budget';
import { FleetIccidClaims } from '../../main/fleet/fleet-claims';
import { RateLimiter } from '../../main/telegent/rate-limiter';
import type { PostgresServer } from '../helpers/postgres-server';
import { startFleetDatabase } from '../helpers/fleet-database';

let server: PostgresServer;
const members: FleetMembership[] = [];
beforeAll(async () => {
  ({ server } = await startFleetDatabase('dock', { restarts: true }));
});
afterAll(async () => {
  for (const m of members) await m.station.close();
  await server.close();
});

/** Waits for a condition in the database to become true (polled: it has no event), failing after 10 s. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function station(name: string, leaseMs = 60_000): Promise<FleetMembership> {
  const m = await joinFleet({ url: server.url(), station: name, environment: 'practice', appVersion: 'test', leaseMs });
  members.push(m);
  return m;
}

describe('fleet claims', () => {
  it('one holder at a time: a live holder makes the others wait, its own batch may claim again, a release frees the SIM', async () => {
    const a = await station('dock-a');
    const b = await station('dock-b');
    const sim = '89012600000000000101';
    expect(await a.claims.claim(sim, { batchId: 'A1', row: 0 })).toEqual({ kind: 'claimed' });
    expect(await b.claims.claim(sim, { batchId: 'B1', row: 4 })).toEqual({ kind: 'busy', holder: 'being provisioned on station dock-a' });
    expect(await a.claims.claim(sim, { batchId: 'A1', row: 0 })).toEqual({ kind: 'claimed' });
    // Another batch on the same station waits too.
    expect((await a.claims.claim(sim, { batchId: 'A2', row: 0 })).kind).toBe('busy');
    expect(await a.claims.owned('A1')).toEqual([{ iccid: sim, row: 0 }]);
    // Only the holder's release counts.
    await b.claims.release(sim, { batchId: 'B1', row: 4 });
    expect((await b.claims.claim(sim, { batchId: 'B1', row: 4 })).kind).toBe('busy');
    await a.claims.release(sim, { batchId: 'A1', row: 0 });
    expect(await b.claims.claim(sim, { batchId: 'B1', row: 4 })).toEqual({ kind: 'claimed' });
    expect(await a.claims.owned('A1')).toEqual([]);
  });

  it('a claim whose station died is taken over only as taken-over, so the engine looks it up before sending', async () => {
    const dying = await station('dock-c');
    const heir = await station('dock-d');
    const sim = '89012600000000000202';
    expect((await dying.claims.claim(sim, { batchId: 'C1', row: 2 })).kind).toBe('claimed');
    // Still alive: busy.
    expect((await heir.claims.claim(sim, { batchId: 'D1', row: 0 })).kind).toBe('busy');
    // The process stops (its lease and claims expire now); a crash would let them run out.
    await dying.station.close();
    expect(await heir.claims.claim(sim, { batchId: 'D1', row: 0 })).toEqual({ kind: 'taken-over', from: 'Station dock-c (batch C1)' });
    // Now it is the heir's: claimed again by the same batch, busy for anyone else.
    expect(await heir.claims.claim(sim, { batchId: 'D1', row: 0 })).toEqual({ kind: 'claimed' });
  });

  it('a holder confirms its claim right before sending; one that ran out, or was taken over, is lost and nothing may be sent', async () => {
    const p = await station('dock-h');
    const q = await station('dock-i');
    const sim = '89012600000000000505';
    expect((await p.claims.claim(sim, { batchId: 'H1', row: 0 })).kind).toBe('claimed');
    // Renewed for a lease (60 s): the request must be over by half of it, long before the claim can run out.
    const permit = await p.claims.confirm(sim, { batchId: 'H1', row: 0 });
    expect(permit.remainingMs()).toBeGreaterThan(0);
    expect(permit.remainingMs()).toBeLessThanOrEqual(30_000);
    // The lease runs out (the database was away longer than the lease): lost, even before anyone takes it.
    server.sql(`UPDATE simfleet_practice.claims SET lease_expires = now() WHERE iccid = '${sim}'`, server.database);
    await expect(p.claims.confirm(sim, { batchId: 'H1', row: 0 })).rejects.toMatchObject({ code: 'claim_lost' });
    expect((await q.claims.claim(sim, { batchId: 'I1', row: 0 })).kind).toBe('taken-over');
    await expect(p.claims.confirm(sim, { batchId: 'H1', row: 0 })).rejects.toMatchObject({ code: 'claim_lost' });
    await q.claims.confirm(sim, { batchId: 'I1', row: 0 });
  });

  it('a claim belongs to one process: a copy of the station (same name, same batch) waits, takes over only an expired claim, never releases it', async () => {
    // A cloned kitting PC or a restored backup: the same station name resuming the same batch.
    const original = await station('dock-clone');
    const copy = await station('dock-clone');
    const sim = '89012600000000000606';
    const owner = { batchId: 'CL1', row: 3 };
    expect(await original.claims.claim(sim, owner)).toEqual({ kind: 'claimed' });
    expect(await copy.claims.claim(sim, owner)).toEqual({
      kind: 'busy',
      holder: 'being provisioned by another SimFleet process that calls itself station dock-clone (a copied data folder?)',
    });
    await copy.claims.release(sim, owner);
    await expect(copy.claims.confirm(sim, owner)).rejects.toMatchObject({ code: 'claim_lost' });
    expect((await original.claims.confirm(sim, owner)).remainingMs()).toBeGreaterThan(0);
    expect(await copy.claims.owned('CL1')).toEqual([]);
    // The original stops renewing: the copy takes over only as taken-over (a lookup first).
    server.sql(`UPDATE simfleet_practice.claims SET lease_expires = now() WHERE iccid = '${sim}'`, server.database);
    expect(await copy.claims.claim(sim, owner)).toEqual({ kind: 'taken-over', from: 'Another SimFleet process of station dock-clone (batch CL1)' });
    await expect(original.claims.confirm(sim, owner)).rejects.toMatchObject({ code: 'claim_lost' });
  });

  it('keeps a claim whose purchase is not in the shared ledger yet, and gives it back once the ledger has it', async () => {
    // Recorded before released: the ledger did not take the purchase (the database blinked),
    // so another station must not be able to claim the SIM, find nothing and buy it.
    const holder = await station('dock-rec');
    const other = await station('dock-rec2');
    let waiting = true;
    let heard: (() => void) | null = null;
    const ledger = {
      awaiting: () => waiting,
      onPublished: (listener: () => void) => {
        heard = listener;
        return () => undefined;
      },
    };
    const claims = new FleetIccidClaims(holder.station, ledger);
    const sim = '89012600000000000707';
    const owner = { batchId: 'R1', row: 0 };
    expect(await claims.claim(sim, owner)).toEqual({ kind: 'claimed' });
    await claims.release(sim, owner);
    expect((await other.claims.claim(sim, { batchId: 'R2', row: 0 })).kind).toBe('busy');
    waiting = false;
    heard!();
    await until(() => server.sql(`SELECT count(*) FROM simfleet_practice.claims WHERE iccid = '${sim}'`, server.database).trim() === '0');
    expect(await other.claims.claim(sim, { batchId: 'R2', row: 0 })).toEqual({ kind: 'claimed' });
  });

  it('a release left over from before never frees the claim its batch row took again since', async () => {
    // Seen in CI after a database restart: the row's release had failed (database away) and
    // was retried on its return, just after the row had claimed the SIM again and confirmed
    // it; the retried release deleted the new claim, and another station bought the SIM too.
    const holder = await station('dock-left');
    const other = await station('dock-left2');
    let waiting = true;
    let heard: (() => void) | null = null;
    const ledger = {
      awaiting: () => waiting,
      onPublished: (listener: () => void) => {
        heard = listener;
        return () => undefined;
      },
    };
    const claims = new FleetIccidClaims(holder.station, ledger);
    const sim = '89012600000000000715';
    const owner = { batchId: 'L1', row: 3 };
    expect(await claims.claim(sim, owner)).toEqual({ kind: 'claimed' });
    await claims.release(sim, owner); // left over: kept until the ledger answers
    // The same row wants the SIM again and is about to send.
    expect(await claims.claim(sim, owner)).toEqual({ kind: 'claimed' });
    waiting = false;
    heard!();
    expect((await claims.confirm(sim, owner)).remainingMs()).toBeGreaterThan(0);
    expect((await other.claims.claim(sim, { batchId: 'L2', row: 0 })).kind).toBe('busy');
    expect(server.sql(`SELECT count(*) FROM simfleet_practice.claims WHERE iccid = '${sim}'`, server.database).trim()).toBe('1');
    // Another batch of this process wanting a SIM whose release is left over gives that release first, and then holds the SIM.
    const next = '89012600000000000723';
    waiting = true;
    expect(await claims.claim(next, owner)).toEqual({ kind: 'claimed' });
    await claims.release(next, owner);
    waiting = false;
    expect(await claims.claim(next, { batchId: 'L3', row: 0 })).toEqual({ kind: 'claimed' });
  });

  it('a station name belongs to the login that first used it: another login joining under it is refused with what to do', async () => {
    await station('dock-named');
    server.sql('CREATE ROLE intruder LOGIN IN ROLE simfleet_station_practice');
    await expect(joinFleet({ url: server.url('intruder'), station: 'dock-named', environment: 'practice', appVersion: 'test' })).rejects.toMatchObject({
      code: 'fleet_station_name',
      message: expect.stringContaining('the station name dock-named belongs to another database login. Give this station its own name') as unknown,
    });
  });

  it('leases are renewed while a station runs, and run out when it stops renewing them', async () => {
    const quick = await station('dock-e', 600);
    const other = await station('dock-f');
    const sim = '89012600000000000303';
    expect((await quick.claims.claim(sim, { batchId: 'E1', row: 0 })).kind).toBe('claimed');
    const lease = (): number => Date.parse(server.sql(`SELECT lease_expires FROM simfleet_practice.claims WHERE iccid = '${sim}'`, server.database).trim());
    const first = lease();
    // Renewed by the station's own timer (every third of the lease), past the first expiry.
    await until(() => lease() > first + 600);
    expect((await other.claims.claim(sim, { batchId: 'F1', row: 0 })).kind).toBe('busy');
    // Renewals stop (as when the process is killed) and the lease runs out.
    await quick.station.close();
    expect((await other.claims.claim(sim, { batchId: 'F1', row: 0 })).kind).toBe('taken-over');
  });

  it('a database that goes away makes claims fail as unreachable, and its return is heard', async () => {
    const m = await station('dock-g', 900);
    const states: boolean[] = [];
    m.station.onAvailability((s) => states.push(s.available));
    await server.stop();
    await expect(m.claims.claim('89012600000000000404', { batchId: 'G1', row: 0 })).rejects.toMatchObject({ code: 'fleet_unreachable' });
    expect(m.station.availability.available).toBe(false);
    const back = new Promise<void>((resolve) => m.claims.onAvailable(resolve));
    await server.start();
    await back;
    expect(states).toEqual([false, true]);
    expect((await m.claims.claim('89012600000000000404', { batchId: 'G1', row: 0 })).kind).toBe('claimed');
  });
});

describe('fleet rate budget', () => {
  it('stations drawing on one budget together never go faster than the account allows', async () => {
    const perMinute = 2400;
    const stations = await Promise.all(['dock-r1', 'dock-r2', 'dock-r3'].map((n) => station(n)));
    const limiters = stations.map((m) => {
      const limiter = new RateLimiter({ perMinute });
      limiter.setPool(
        new FleetBudget(
          m.station,
          () => 'shared-account',
          () => perMinute,
        ),
      );
      return limiter;
    });
    const each = 80;
    const started = Date.now();
    await Promise.all(
      limiters.map(async (l) => {
        for (let i = 0; i < each; i++) await l.acquire();
      }),
    );
    const elapsedMs = Date.now() - started;
    // The bucket holds at most 2 s' worth and each station at most half a second's worth more:
    // the rest must have waited for the refill at 2,400/min (40/s).
    const allowance = (perMinute / 60) * 2 + 3 * (perMinute / 120);
    expect(elapsedMs).toBeGreaterThanOrEqual(((3 * each - allowance) / (perMinute / 60)) * 1000);
    // Each station says how much of the budget it took (fleet status): what it sent, and at most half a second's worth more.
    await Promise.all(stations.map((m) => m.station.heartbeat()));
    for (const name of ['dock-r1', 'dock-r2', 'dock-r3']) {
      const share = Number(server.sql(`SELECT requests_last_minute FROM simfleet_practice.stations WHERE name = '${name}'`, server.database).trim());
      expect(share, name).toBeGreaterThanOrEqual(each);
      expect(share, name).toBeLessThanOrEqual(each + perMinute / 120);
    }
    // A minute later, with nothing sent, the share is back to nothing.
    expect(stations[0]!.station.requestsLastMinute(Date.now() + 61_000)).toBe(0);
  });
});

describe('fleet ledger', () => {
  it('publishes a long purchase log in a few statements, once: a purchase already in the ledger keeps its station', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-ledger-'));
    const purchases = Array.from({ length: 12_000 }, (_, i): PurchaseRecord => ({
      v: 1,
      iccid: `8901260${String(700_000_000 + i).padStart(13, '0')}`,
      phoneNumber: `+1801${String(i).padStart(7, '0')}`,
      phoneNumberId: i % 2 ? `NID-${i}` : null,
      orderId: `ORD-${i}`,
      at: new Date(Date.UTC(2026, 10, 30, 8, 0, 0, i)).toISOString(),
      batchId: 'L1',
      batchName: 'Carton 12',
      environment: 'practice',
    }));
    writeFileSync(join(dir, PurchaseLog.FILE_NAME), purchases.map((p) => `${JSON.stringify(p)}\n`).join(''));
    const first = await station('dock-l1');
    const joining = await station('dock-l2');
    await first.ledger.publish(purchases[7]!);
    const queries = vi.spyOn(joining.station, 'query');
    expect(await joining.ledger.publishAll(new PurchaseLog(dir))).toBe(12_000);
    // One statement per 5,000 purchases, not one per SIM.
    expect(queries.mock.calls.length).toBeLessThanOrEqual(3);
    await joining.ledger.publishAll(new PurchaseLog(dir));
    const ledger = await joining.ledger.findMany(purchases.map((p) => p.iccid));
    expect(ledger.size).toBe(12_000);
    expect(Number(server.sql("SELECT count(*) FROM simfleet_practice.ledger WHERE batch_id = 'L1'", server.database).trim())).toBe(12_000);
    expect(ledger.get(purchases[7]!.iccid)!.station).toBe('dock-l1');
    expect(ledger.get(purchases[8]!.iccid)).toMatchObject({ station: 'dock-l2', phoneNumber: '+18010000008', phoneNumberId: null, orderId: 'ORD-8' });
    expect(ledger.get(purchases[9]!.iccid)).toMatchObject({ phoneNumberId: 'NID-9', at: purchases[9]!.at, batchName: 'Carton 12' });
  });

  it('finds one number bought for two SIMs by two stations, whichever asks, each after publishing its own', async () => {
    const [a, b] = await Promise.all([station('dock-t1'), station('dock-t2')]);
    const logA = new PurchaseLog(mkdtempSync(join(tmpdir(), 'simfleet-twin-')));
    const logB = new PurchaseLog(mkdtempSync(join(tmpdir(), 'simfleet-twin-')));
    const bought = (iccid: string, station: string): PurchaseRecord => ({
      iccid,
      phoneNumber: '+18019990001',
      phoneNumberId: null,
      orderId: null,
      at: new Date().toISOString(),
      batchId: `T-${station}`,
      batchName: 'Twins',
      environment: 'practice',
    });
    const onA = fleetPurchases(logA, a.ledger);
    const onB = fleetPurchases(logB, b.ledger);
    await Promise.all([onA.record(bought('89012600000000777001', 'a')), onB.record(bought('89012600000000777002', 'b'))]);
    // Neither station's own log has the other's purchase: only the ledger can say.
    expect(await onA.twinOf!('+18019990001', '89012600000000777001')).toMatchObject({ iccid: '89012600000000777002', station: 'dock-t2' });
    expect(await onB.twinOf!('+18019990001', '89012600000000777002')).toMatchObject({ iccid: '89012600000000777001', station: 'dock-t1' });
    await Promise.all([logA.close(), logB.close()]);
  });
});
