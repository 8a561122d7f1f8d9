import { describe, expect, it } from 'vitest';
import { FaultPlan } from '../../main/simulator/faults';
import { RateLimit } from '../../main/simulator/rate-limit';

describe('simulator rate limit', () => {
  it('allows a burst of the limit, then refills at limit/60 per second', () => {
    let now = 0;
    const limit = new RateLimit(60, () => now);
    for (let i = 0; i < 60; i++) expect(limit.take().allowed).toBe(true);
    const denied = limit.take();
    expect(denied).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limit.take().allowed).toBe(true);
    expect(limit.take().allowed).toBe(false);
  });

  it('says how long to wait at a slow limit', () => {
    let now = 0;
    const limit = new RateLimit(6, () => now);
    for (let i = 0; i < 6; i++) limit.take();
    expect(limit.take()).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 10_000;
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
