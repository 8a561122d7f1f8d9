/**
 * What a batch run is doing, as one value every part of the engine reads: the worker pool
 * (whether to take a job), the operator actions (whether a retry joins the run or runs on
 * its own), the status shown (finished comes from here) and the batch service (whether the
 * run resumes by itself). docs/exactly-once.md, "The run mode".
 */

/** Who ends a pause: the operator (Resume), or the fleet database answering again. */
export type ResumedBy = 'operator' | 'coordination';

export type RunMode =
  /** Opened or created; nothing sent yet by this run (an operator action may run its own rows). */
  | { readonly kind: 'starting' }
  /** Workers take every job. */
  | { readonly kind: 'running' }
  /** No new job is taken; requests in flight finish and are recorded; the pause record is on its way to disk. */
  | { readonly kind: 'pausing'; readonly written: Promise<void>; readonly resumedBy: ResumedBy; readonly unwatch: (() => void) | null }
  /** Nothing is sent until the pause ends (an operator action may still run its own rows). */
  | { readonly kind: 'paused'; readonly resumedBy: ResumedBy; readonly unwatch: (() => void) | null }
  /** Nothing is left to send: the last answers are being recorded. */
  | { readonly kind: 'finishing' }
  /** Every row is settled and every purchase recorded; the workers have stopped. */
  | { readonly kind: 'finished' }
  /** Closed, or halted by a disk fault (only a reopened run sends again). */
  | { readonly kind: 'stopped'; readonly halt: string | null };

export type RunModeKind = RunMode['kind'];

/** The moves a run may make; anything else is a bug in the engine, not an operator's mistake. */
const NEXT: Readonly<Record<RunModeKind, readonly RunModeKind[]>> = {
  starting: ['running', 'pausing', 'paused', 'finished', 'stopped'],
  running: ['pausing', 'finishing', 'finished', 'stopped'],
  pausing: ['pausing', 'paused', 'running', 'stopped'],
  paused: ['paused', 'running', 'pausing', 'finished', 'stopped'],
  finishing: ['running', 'pausing', 'finished', 'stopped'],
  finished: ['running', 'pausing', 'stopped'],
  stopped: [],
};

export class RunModeCell {
  private current: RunMode;

  constructor(initial: RunMode = { kind: 'starting' }) {
    this.current = initial;
  }

  get(): RunMode {
    return this.current;
  }

  is(...kinds: readonly RunModeKind[]): boolean {
    return kinds.includes(this.current.kind);
  }

  /** Moves to `next`; a watch on the fleet database that the new mode does not keep is ended. */
  to(next: RunMode): void {
    const before = this.current;
    if (!NEXT[before.kind].includes(next.kind)) throw new Error(`A batch run cannot go from ${before.kind} to ${next.kind}.`);
    this.current = next;
    const kept = 'unwatch' in next ? next.unwatch : null;
    if ('unwatch' in before && before.unwatch && before.unwatch !== kept) before.unwatch();
  }

  /** True while paused (or pausing) until the fleet database answers again: the run resumes by itself. */
  awaitingCoordination(): boolean {
    return (this.current.kind === 'paused' || this.current.kind === 'pausing') && this.current.resumedBy === 'coordination';
  }

  /** Why a halted run stopped (a disk fault), or null. */
  haltedFor(): string | null {
    return this.current.kind === 'stopped' ? this.current.halt : null;
  }
}
