import { describe, expect, it } from 'vitest';
import { FaultPlan } from '../../main/simulator/faults';
import { RateLimit } from '../../main/simulator/rate-limit';

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
