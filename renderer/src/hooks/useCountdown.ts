/**
 * Seconds that count down on screen between two progress events (docs/batches.md, "Time
 * left"): a 429 hold sends no events for its 30 s, so "Held for 30 s" would stand still.
 * `since` names the summary the figure came from (its `updatedAt`): a new summary starts
 * from its own figure, one with the same figure and stamp keeps counting.
 */
import { useEffect, useMemo, useState } from 'react';

export interface Countdown {
  /** Whole seconds left, never below 0. */
  readonly left: number;
  /** When it ends (ms since the epoch): steady, for words that must not change each second. */
  readonly endsAt: number;
}

export function useCountdown(seconds: number | null, since: string): Countdown | null {
  // `since` is read by being a dependency: a new summary starts a new countdown.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const deadline = useMemo(() => (seconds === null ? null : Date.now() + seconds * 1000), [seconds, since]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    setNow(Date.now());
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= deadline) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  if (deadline === null) return null;
  // `now` may predate this deadline by a tick: never show more than the figure given.
  const from = Math.max(now, deadline - (seconds ?? 0) * 1000);
  return { left: Math.max(0, Math.ceil((deadline - from) / 1000)), endsAt: deadline };
}
