/** The fence's clock rules (docs/exactly-once.md, "The fence"): the larger elapsed time of two clocks counts. */
import { describe, expect, it } from 'vitest';
import { allPermits, fencePermit, type Instant } from '../../main/coordination/send-permit';

describe('a send permit', () => {
  const from: Instant = { mono: 1_000, wall: 1_700_000_000_000 };
  const at = (mono: number, wall: number) => () => ({ mono: from.mono + mono, wall: from.wall + wall });

  it('runs out by the monotonic clock, and by the wall clock when the monotonic one stood still (a suspended laptop)', () => {
    const options = { boundsRequest: true, refusal: 'ran out' } as const;
    expect(fencePermit(from, 30_000, { ...options, now: at(10_000, 10_000) }).remainingMs()).toBe(20_000);
    expect(fencePermit(from, 30_000, { ...options, now: at(31_000, 31_000) }).remainingMs()).toBeNull();
    // Suspended for an hour: CLOCK_MONOTONIC did not move, the wall clock did.
    expect(fencePermit(from, 30_000, { ...options, now: at(5, 3_600_000) }).remainingMs()).toBeNull();
    // The wall clock stepped back an hour (NTP): the monotonic clock still counts.
    expect(fencePermit(from, 30_000, { ...options, now: at(31_000, -3_600_000) }).remainingMs()).toBeNull();
    expect(fencePermit(from, 30_000, { ...options, now: at(1_000, -3_600_000) }).remainingMs()).toBe(29_000);
  });

  it('sends nothing with less than its minimum left, and bounds the request only when asked', () => {
    expect(fencePermit(from, 30_000, { boundsRequest: true, refusal: '', minimumMs: 1_000, now: at(29_500, 29_500) }).remainingMs()).toBeNull();
    expect(fencePermit(from, 30_000, { boundsRequest: false, refusal: '', now: at(10_000, 10_000) }).remainingMs()).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads a running renewal at the moment of the check; a lost one refuses', () => {
    let latest: Instant | null = from;
    const permit = fencePermit(() => latest, 4_000, { boundsRequest: false, refusal: '', now: at(5_000, 5_000) });
    expect(permit.remainingMs()).toBeNull();
    latest = { mono: from.mono + 3_000, wall: from.wall + 3_000 };
    expect(permit.remainingMs()).toBe(Number.POSITIVE_INFINITY);
    latest = null;
    expect(permit.remainingMs()).toBeNull();
  });

  it('combined: every permit must allow it, the tightest bounds the request, and the refusal names the one that refused', () => {
    const open = fencePermit(from, 30_000, { boundsRequest: true, refusal: 'fleet', now: at(10_000, 10_000) });
    const closed = fencePermit(from, 4_000, { boundsRequest: false, refusal: 'lock', now: at(10_000, 10_000) });
    const both = allPermits([open, fencePermit(from, 60_000, { boundsRequest: false, refusal: 'x', now: at(10_000, 10_000) })])!;
    expect(both.remainingMs()).toBe(20_000);
    const refused = allPermits([open, closed])!;
    expect(refused.remainingMs()).toBeNull();
    expect(refused.refusal).toBe('lock');
  });
});
