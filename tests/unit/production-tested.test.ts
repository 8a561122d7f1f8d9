import { describe, expect, it } from 'vitest';
import { productionTestState } from '../../main/environment/production-tested';

const URL = 'https://api.telegent.example';
const saved = { apiBaseUrl: URL, fingerprint: 'fp-a' };
const test = (over: Record<string, unknown> = {}) => ({
  at: '2026-12-07T02:00:00Z',
  ok: true,
  accountKeyHint: 'DID-1234…prod',
  apiBaseUrl: URL,
  message: 'Connected.',
  unreachable: false,
  credentialsFingerprint: 'fp-a',
  ...over,
});

describe('is production tested: one rule for the status bar, Settings and the batch gate', () => {
  it('stands only for the credentials and the URL it tested', () => {
    expect(productionTestState(test(), URL, saved)).toBe('passed');
    expect(productionTestState(test({ credentialsFingerprint: 'fp-b' }), URL, saved)).toBe('not-tested');
    expect(productionTestState(test({ apiBaseUrl: 'https://elsewhere.example' }), URL, saved)).toBe('not-tested');
    expect(productionTestState(test(), URL, { ...saved, apiBaseUrl: 'https://elsewhere.example' })).toBe('not-tested');
    expect(productionTestState(test(), URL, null)).toBe('not-tested');
    expect(productionTestState(null, URL, saved)).toBe('not-tested');
  });

  it('a test an older SimFleet recorded with only the key hint does not stand: two keys can share a hint', () => {
    const { credentialsFingerprint: _, ...older } = test();
    expect(productionTestState(older, URL, saved)).toBe('not-tested');
  });

  it('says how a test that stands ended', () => {
    expect(productionTestState(test({ ok: false }), URL, saved)).toBe('failed');
    expect(productionTestState(test({ ok: false, unreachable: true }), URL, saved)).toBe('unreachable');
  });
});
