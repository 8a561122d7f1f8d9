import { describe, expect, it } from 'vitest';
import { formatUs12h, parseUs12h } from '../../main/telegent/us-datetime';

describe('tokenExpiry format (MM/DD/YYYY hh:mm:ss AM|PM)', () => {
  it('reads the documented example', () => {
    expect(parseUs12h('05/02/2025 06:36:13 PM')).toBe(Date.UTC(2025, 4, 2, 18, 36, 13));
  });

  it('handles midnight and noon', () => {
    expect(parseUs12h('01/01/2026 12:00:00 AM')).toBe(Date.UTC(2026, 0, 1, 0, 0, 0));
    expect(parseUs12h('01/01/2026 12:00:00 PM')).toBe(Date.UTC(2026, 0, 1, 12, 0, 0));
  });

  it('round-trips every hour of a day', () => {
    for (let h = 0; h < 24; h++) {
      const t = Date.UTC(2026, 10, 29, h, 7, 9);
      expect(parseUs12h(formatUs12h(new Date(t)))).toBe(t);
    }
  });

  it('rejects other shapes and impossible dates', () => {
    for (const text of ['2025-05-02T18:36:13Z', '13/02/2025 06:36:13 PM', '02/30/2025 06:36:13 PM', '05/02/2025 13:36:13 PM', '']) {
      expect(parseUs12h(text)).toBeNull();
    }
  });
});
