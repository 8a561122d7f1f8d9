/**
 * Named points where a rehearsal can freeze this process (docs/testing.md, "Fault
 * injection"): `SIMFLEET_FAULT_STOP_AT=after-confirm:3` stops the process with SIGSTOP
 * right after its 3rd claim confirmation answered, as a closed laptop lid or a paused VM
 * would, so a test can wake it with SIGCONT after the claim could have run out. Practice
 * batches only: a production batch never stops itself.
 */
import type { Environment } from '../../preload/domain';

/** Where a process can be frozen. */
export type FaultPoint = 'after-confirm' | 'before-confirm';

interface Rule {
  readonly point: FaultPoint;
  readonly nth: number;
}

function ruleFrom(text: string | undefined): Rule | null {
  const match = /^(after-confirm|before-confirm)(?::(\d+))?$/.exec(text?.trim() ?? '');
  if (!match) return null;
  return { point: match[1] as FaultPoint, nth: Number(match[2] ?? '1') };
}

const rule = ruleFrom(process.env['SIMFLEET_FAULT_STOP_AT']);
let reached = 0;

/** Freezes this process here when a rehearsal asked for it (the nth time a practice batch passes the point). */
export function faultPoint(point: FaultPoint, environment: Environment, detail: string): void {
  if (!rule || rule.point !== point || environment !== 'practice') return;
  reached += 1;
  if (reached !== rule.nth) return;
  // Said first, so the test knows which SIM was held when the process froze.
  process.stderr.write(`fault: stopping at ${point} (${detail})\n`);
  process.kill(process.pid, 'SIGSTOP');
}
