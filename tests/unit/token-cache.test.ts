import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../main/telegent/token-cache';
import { formatUs12h } from '../../main/telegent/us-datetime';
import { FakeClock } from '../helpers/fake-clock';

function setup(expiryFor: (now: number) => string | null) {
  const clock = new FakeClock();
  const minted: string[] = [];
  const cache = new TokenCache(
    async (url) => {
      minted.push(url);
      const e = expiryFor(clock.now());
      return { token: `t${minted.length}`, expiry: e };
    },
    { clock },
  );
  return { clock, minted, cache };
}

describe('per-endpoint token cache', () => {
  it('mints one token per endpoint URL and reuses it', async () => {
    const { cache, minted } = setup((now) => formatUs12h(new Date(now + 300_000)));
    expect(await cache.get('https://api/v1.0/numbers/provision')).toBe('t1');
    expect(await cache.get('https://api/v1.0/numbers/provision')).toBe('t1');
    expect(await cache.get('https://api/v1.0/numbers/order')).toBe('t2');
    expect(minted).toEqual(['https://api/v1.0/numbers/provision', 'https://api/v1.0/numbers/order']);
  });

  it('shares one mint between concurrent callers', async () => {
    const { cache, minted } = setup((now) => formatUs12h(new Date(now + 300_000)));
    const tokens = await Promise.all([1, 2, 3].map(() => cache.get('https://api/x')));
    expect(tokens).toEqual(['t1', 't1', 't1']);
    expect(minted).toHaveLength(1);
  });

  it('re-mints shortly before tokenExpiry (10% of the lifetime, at most 30 s)', async () => {
    const { cache, clock } = setup((now) => formatUs12h(new Date(now + 300_000)));
    await cache.get('u');
    await clock.advance(269_000);
    expect(await cache.get('u')).toBe('t1');
    await clock.advance(2_000);
    expect(await cache.get('u')).toBe('t2');
  });

  it('falls back to a short lifetime when tokenExpiry is missing, past (wrong zone) or absurdly far', async () => {
    for (const expiry of [
      () => null,
      (now: number) => formatUs12h(new Date(now - 5 * 3_600_000)),
      (now: number) => formatUs12h(new Date(now + 48 * 3_600_000)),
      () => 'soon',
    ]) {
      const { cache, clock } = setup(expiry);
      await cache.get('u');
      await clock.advance(100_000);
      expect(await cache.get('u')).toBe('t1');
      await clock.advance(10_000);
      expect(await cache.get('u')).toBe('t2');
    }
  });

  it('invalidates only the token it was told about', async () => {
    const { cache } = setup((now) => formatUs12h(new Date(now + 300_000)));
    await cache.get('u');
    cache.invalidate('u', 'stale');
    expect(await cache.get('u')).toBe('t1');
    cache.invalidate('u', 't1');
    expect(await cache.get('u')).toBe('t2');
  });
});
