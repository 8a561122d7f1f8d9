import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaultPlan } from '../../main/simulator/faults';
import { RateLimit } from '../../main/simulator/rate-limit';
import { SimRejection } from '../../main/simulator/refusal';
import { practiceSetup, SimulatorState, type EventSink, type StoredEvent } from '../../main/simulator/state';
import { openStateFile, readEvents } from '../../main/simulator/state-file';
import { provisionBody } from '../helpers/sim-http';

describe('simulator rate limit', () => {
  it('counts a sliding minute: a burst of the limit, then nothing until the first request is a minute old', () => {
    let now = 0;
    const limit = new RateLimit(60, () => now);
    for (let i = 0; i < 60; i++) expect(limit.take().allowed).toBe(true);
    expect(limit.take()).toEqual({ allowed: false, retryAfterSeconds: 60 });
    // A token bucket would let one through each second now; a sliding window does not.
    now += 1000;
    expect(limit.take()).toEqual({ allowed: false, retryAfterSeconds: 59 });
    // A minute after the burst its requests leave the window together.
    now = 60_000;
    for (let i = 0; i < 60; i++) expect(limit.take().allowed).toBe(true);
    expect(limit.take()).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('refuses a pace that would put more than the limit in any 60 s, and says how long to wait', () => {
    let now = 0;
    const limit = new RateLimit(6, () => now);
    // One every 10 s fits exactly; a seventh within the minute does not.
    for (let i = 0; i < 6; i++) {
      expect(limit.take().allowed).toBe(true);
      now += 10_000;
    }
    now -= 5_000;
    expect(limit.take()).toEqual({ allowed: false, retryAfterSeconds: 5 });
    now += 5_000;
    expect(limit.take().allowed).toBe(true);
  });
});

describe('fault plan', () => {
  it('matches by ICCID, per ICCID up to `times`', () => {
    const plan = new FaultPlan();
    plan.set([{ kind: 'http-503', iccids: ['A', 'B'], times: 1 }]);
    expect(plan.match('/v1.0/numbers/provision', 'A')?.kind).toBe('http-503');
    expect(plan.match('/v1.0/numbers/provision', 'A')).toBeUndefined();
    expect(plan.match('/v1.0/numbers/provision', 'B')?.kind).toBe('http-503');
    expect(plan.match('/v1.0/numbers/provision', 'C')).toBeUndefined();
  });

  it('matches only its endpoint', () => {
    const plan = new FaultPlan();
    plan.set([{ kind: 'malformed-json', endpoint: '/v1.0/numbers/order' }]);
    expect(plan.match('/v1.0/numbers/provision', undefined)).toBeUndefined();
    expect(plan.match('/v1.0/Numbers/Order', undefined)?.kind).toBe('malformed-json');
  });

  it('fires at roughly its rate, reproducibly for a seed', () => {
    const run = () => {
      const plan = new FaultPlan(42);
      plan.set([{ kind: 'http-500', rate: 0.2 }]);
      return Array.from({ length: 1000 }, () => plan.match('/v1.0/numbers/provision', undefined) !== undefined);
    };
    const first = run();
    const hits = first.filter(Boolean).length;
    expect(hits).toBeGreaterThan(150);
    expect(hits).toBeLessThan(250);
    expect(run()).toEqual(first);
  });
});

/** The refusal `act` throws, or a failure if it throws none. */
function refusal(act: () => unknown): SimRejection {
  try {
    act();
  } catch (error) {
    if (error instanceof SimRejection) return error;
    throw error;
  }
  throw new Error('not refused');
}

/** A practice account on a clock that ticks a second per reading, reporting to `events`. */
function account(events: EventSink | null, duplicateIccid: 'sell-again' | 'refuse' = 'sell-again'): SimulatorState {
  let now = Date.parse('2026-01-02T03:04:05.678Z');
  return new SimulatorState(practiceSetup(), 300, () => (now += 1000), duplicateIccid, 0, events);
}

/** Buys, leaves one order pending and polls it to its end, then parks, swaps and cancels: every kind of event. */
function trade(state: SimulatorState): void {
  state.commitProvision(state.validateProvision(provisionBody('89012609999999999981')));
  const pending = state.commitProvision(state.validateProvision(provisionBody('89012609999999999990')), { polls: 1, outcome: 'Error' });
  state.pollOrder(pending.orderId);
  state.pollOrder(pending.orderId);
  const esim = state.commitProvision(state.validateProvision(provisionBody(undefined)));
  const change = (StatusChange: string, Number: string, ICCID?: string) =>
    state.changeStatus({ StatusChange, EffectiveDate: '01/02/2026', PhoneNumbers: [{ Number, ...(ICCID ? { ICCID } : {}) }] });
  change('park', esim.number.number);
  change('activate', esim.number.number);
  change('swap-sim', esim.number.number, '89012609999999999972F');
  change('cancel', state.ledger[0]!.number);
}

describe('simulated account (no server, no file)', () => {
  it('refuses with a domain code and the API message', () => {
    const state = account(null, 'refuse');
    const iccid = '89012609999999999981';
    const sold = state.commitProvision(state.validateProvision(provisionBody(iccid)));
    expect(refusal(() => state.validateProvision(provisionBody(iccid)))).toEqual(
      new SimRejection('conflict', `ICCID ${iccid} is already assigned to ${sold.number.number}.`),
    );
    expect(refusal(() => state.validateProvision(provisionBody(iccid, { MessageRouteId: 'MRID-nope' }))).code).toBe('unprocessable');
    expect(refusal(() => state.validateProvision(provisionBody(iccid, { NumberType: 'sim' }))).code).toBe('invalid');
    expect(refusal(() => state.mintToken({ AccountKey: 'k', AccountSecret: 's', ApiEndpoint: 'http://x/v1.0/numbers' })).code).toBe('unauthorized');
    const { token } = state.mintToken({ AccountKey: state.setup.accountKey, AccountSecret: state.setup.accountSecret, ApiEndpoint: 'http://x/v1.0/numbers' });
    expect(refusal(() => state.authorize(`Bearer ${token}`, '/v1.0/numbers/provision')).code).toBe('forbidden');
    expect(refusal(() => state.pollOrder('JNUOID-none')).code).toBe('not_found');
  });

  it('reports each change to its sink as a value, made before anyone is answered', () => {
    const events: StoredEvent[] = [];
    const state = account({ record: (event) => events.push(event) });
    const order = state.commitProvision(state.validateProvision(provisionBody('89012609999999999981')), { polls: 0, outcome: 'Complete' });
    expect(events).toEqual([
      { t: 'commit', order: expect.objectContaining({ orderId: order.orderId, status: 'Pending' }), number: order.number, ledger: state.ledger[0] },
    ]);
    state.pollOrder(order.orderId);
    expect(events[1]).toEqual({ t: 'order', orderId: order.orderId, status: 'Complete', pollsLeft: 0 });
    // The purchase as it was reported, not as it is now.
    expect(state.ledger[0]!.outcome).toBe('bought');
    expect(events[0]).toMatchObject({ number: { status: 'Pending' }, ledger: { outcome: 'pending' } });
  });
});

describe('simulator state file', () => {
  it('written, then replayed, gives the same account', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'simfleet-simfile-')), 'practice', 'simulator.jsonl');
    const first = account(openStateFile(path).sink);
    trade(first);
    const file = openStateFile(path);
    expect(readFileSync(path, 'utf8')).toBe(file.events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const second = account(file.sink);
    for (const event of file.events) second.replay(event);
    expect(second.ledger).toEqual(first.ledger);
    expect(second.statusChanges).toEqual(first.statusChanges);
    expect([...second.numbers.values()]).toEqual([...first.numbers.values()]);
    expect([...second.byIccid.keys()].sort()).toEqual([...first.byIccid.keys()].sort());
    // Replaying is not a change: nothing is appended again.
    expect(openStateFile(path).events).toHaveLength(file.events.length);
  });

  it('reads a file written before the split as it is, byte for byte, and skips a torn last line', () => {
    const text = readFileSync('tests/fixtures/simulator-state.jsonl', 'utf8');
    const lines = text.split('\n');
    const events = readEvents(text);
    expect(events.map((e) => JSON.stringify(e))).toEqual(lines.slice(0, -1));
    const state = account(null);
    for (const event of events) state.replay(event);
    expect(state.ledger.map((e) => e.outcome)).toEqual(['bought', 'released', 'bought']);
    expect([...state.numbers.values()].map((n) => [n.number, n.status, n.iccid])).toEqual([
      ['+18015550000', 'Cancelled', '89012609999999999981'],
      ['+18015550002', 'Active', '89012609999999999972F'],
    ]);
  });

  it('refuses a whole line it does not understand, naming the file and the line, rather than forget a sale', () => {
    const text = readFileSync('tests/fixtures/simulator-state.jsonl', 'utf8');
    const [first, ...rest] = text.split('\n');
    const newer = JSON.stringify({ ...(JSON.parse(first!) as object), t: 'commit-v2' });
    expect(() => readEvents([first, newer, ...rest].join('\n'), 'simulator.jsonl')).toThrow(
      /^simulator\.jsonl, line 2: not a change this practice simulator understands/,
    );
  });
});
