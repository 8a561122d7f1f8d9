import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../main/telegent/rate-limiter';
import { FakeClock, flush } from '../helpers/fake-clock';

async function granted(limiter: RateLimiter, clock: FakeClock, count: number, overMs: number, stepMs = 100): Promise<number> {
  let done = 0;
  for (let i = 0; i < count; i++) void limiter.acquire().then(() => done++);
  for (let t = 0; t < overMs; t += stepMs) await clock.advance(stepMs);
  await flush();
  return done;
}

describe('client rate limiter', () => {
  it('lets a short burst through, then paces at the limit', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 5, clock });
    // 5 at once, then one per second: after 10 s about 15.
    const done = await granted(limiter, clock, 100, 10_000);
    expect(done).toBeGreaterThanOrEqual(14);
    expect(done).toBeLessThanOrEqual(16);
  });

  it('never lets more than the limit into any 60 s, though it opens with a burst and bursts again after a quiet spell', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const limiter = new RateLimiter({ perMinute: 60, burst: 10, clock });
    const times: number[] = [];
    const take = (n: number): void => {
      for (let i = 0; i < n; i++) void limiter.acquire().then(() => times.push(clock.now() - start));
    };
    take(150);
    for (let t = 0; t < 150_000; t += 100) await clock.advance(100);
    // Quiet for 20 s (the bucket fills), then busy again.
    take(100);
    for (let t = 0; t < 150_000; t += 100) await clock.advance(100);
    // Every span of a minute, wherever it starts (a server's sliding window), holds at most the limit.
    const worst = Math.max(...times.map((t0) => times.filter((t) => t >= t0 && t < t0 + 60_000).length));
    expect(worst).toBeLessThanOrEqual(60);
    // And the limit is used: 250 requests in about 250 s, not held back further.
    expect(times).toHaveLength(250);
    expect(times[249]!).toBeLessThan(275_000);
  });

  it('sustains the full limit over a minute (never more)', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ perMinute: 600, burst: 1, clock });
    const done = await granted(limiter, clock, 1000, 60_000, 50);
    expect(done).toBeGreaterThanOrEqual(598);
    expect(done).toBeLessThanOrEqual(601);
  });

  it('a raised limit applies at once, to requests already waiting; a 429 hold says until when', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ perMinute: 150, burst: 1, clock });
    // 20 s at 150/min: about 50.
    let done = 0;
    for (let i = 0; i < 1000; i++) void limiter.acquire().then(() => done++);
    for (let t = 0; t < 20_000; t += 50) await clock.advance(50);
    expect(done).toBeGreaterThanOrEqual(49);
    expect(done).toBeLessThanOrEqual(52);
    // The operator raises it to 600/min: the next 20 s let about 200 through, not 50.
    limiter.setLimit(600, 1);
    const before = done;
    for (let t = 0; t < 20_000; t += 50) await clock.advance(50);
    expect(done - before).toBeGreaterThanOrEqual(195);
    expect(done - before).toBeLessThanOrEqual(202);
    expect(limiter.heldUntil()).toBeNull();
    limiter.penalize(30_000);
    expect(limiter.heldUntil()).toBe(clock.now() + 30_000);
    await clock.advance(30_000);
    expect(limiter.heldUntil()).toBeNull();
  });

  it('serves waiters in arrival order', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 1, clock });
    const order: number[] = [];
    for (let i = 0; i < 4; i++) void limiter.acquire().then(() => order.push(i));
    // The queue is visible (the Settings lists say how many requests wait ahead of them).
    expect(limiter.queued()).toBe(4);
    await clock.advance(5000);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(limiter.queued()).toBe(0);
  });

  it('holds everyone for Retry-After after a 429 and slows down, then recovers with successes', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ perMinute: 600, burst: 10, clock });
    limiter.penalize(3000);
    expect(limiter.currentRate()).toBe(450);
    let done = 0;
    void limiter.acquire().then(() => done++);
    await clock.advance(2900);
    expect(done).toBe(0);
    await clock.advance(200);
    expect(done).toBe(1);
    for (let i = 0; i < 100; i++) limiter.reward();
    expect(limiter.currentRate()).toBe(600);
  });

  it('never slows below a quarter of the limit', () => {
    const limiter = new RateLimiter({ perMinute: 100, clock: new FakeClock() });
    for (let i = 0; i < 50; i++) limiter.penalize(0);
    expect(limiter.currentRate()).toBe(25);
  });

  it('abandons a wait when its signal aborts, without blocking the next caller', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 1, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    let next = false;
    void limiter.acquire().then(() => (next = true));
    controller.abort();
    await expect(aborted).rejects.toThrow(/aborted/);
    await clock.advance(1000);
    expect(next).toBe(true);
  });
});
