/** A practice batch against a standalone simulator, as the engine tests build it: its header and a client. */
import { buildHeader } from '../../main/batch/header';
import type { BatchHeader } from '../../main/batch/records';
import { luhnCheckDigit } from '../../main/import/iccid';
import { PRACTICE_PROFILE } from '../../main/settings/schema';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../../main/simulator/state';
import { TelegentClient } from '../../main/telegent/client';
import { RateLimiter } from '../../main/telegent/rate-limiter';

/** `n` valid ICCIDs of a series of their own. */
export function practiceSims(n: number, series: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const body = `8901260${String(series + i).padStart(8, '0')}3131`;
    return body + luhnCheckDigit(body);
  });
}

/** The header of a practice batch of these SIMs, sent to the simulator at `url`. */
export function practiceHeader(list: readonly string[], url: string, name: string): BatchHeader {
  return buildHeader({
    source: `${name}.csv`,
    rows: list.map((iccid, i) => ({ line: i + 2, iccid, overrides: {} })),
    name,
    environment: 'practice',
    apiBaseUrl: url,
    target: { kind: 'practice-standalone', url },
    accountId: '',
    profile: PRACTICE_PROFILE,
    now: new Date(),
  });
}

/** A client of the simulator at `url` with the practice keys and a limiter that never holds a test back. */
export function practiceClient(url: string, perMinute = 60_000, burst = 100): TelegentClient {
  return new TelegentClient({
    baseUrl: url,
    credentials: async () => ({ accountKey: PRACTICE_ACCOUNT_KEY, accountSecret: PRACTICE_ACCOUNT_SECRET }),
    limiter: new RateLimiter({ perMinute, burst }),
  });
}
