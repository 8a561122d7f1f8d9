/** A manual clock: time moves only when the test says so; sleepers wake in order. */
import { abortError, type Clock } from '../../main/platform/clock';

export class FakeClock implements Clock {
  private t: number;
  private sleepers: Array<{ at: number; resolve: () => void }> = [];

  constructor(start = Date.UTC(2026, 10, 29, 12, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const sleeper = { at: this.t + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortError());
      });
    });
  }

  /** Pending sleepers, for asserting that something is waiting. */
  waiting(): number {
    return this.sleepers.length;
  }

  /** How long until the earliest sleeper is due, or null when none waits. */
  nextIn(): number | null {
    if (this.sleepers.length === 0) return null;
    return Math.max(0, Math.min(...this.sleepers.map((s) => s.at)) - this.t);
  }

  /**
   * Runs `work` to its end on this clock: whenever it waits on time, time moves on to the
   * next wake-up at once. Disk and sockets stay real; only the waiting is skipped, so a
   * policy of seconds runs in milliseconds and every wait still ends in its order.
   */
  async drive<T>(work: Promise<T>): Promise<T> {
    let finished = false;
    const result = work.finally(() => (finished = true));
    while (!finished) {
      // A macrotask turn: disk and socket callbacks run before time moves.
      await new Promise((resolve) => setImmediate(resolve));
      const next = this.nextIn();
      if (!finished && next !== null) await this.advance(next);
    }
    return result;
  }

  /** Moves time forward, waking sleepers due by then (and letting their continuations run). */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await flush();
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      this.sleepers = this.sleepers.filter((s) => s !== due);
      due.resolve();
    }
    this.t = target;
    await flush();
  }
}

/** Lets pending promise continuations run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
