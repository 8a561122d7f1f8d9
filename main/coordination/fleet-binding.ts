/**
 * A data folder records the fleet its batches run in (docs/fleet.md, "One data folder, one
 * fleet"): `<environment>/fleet-binding.json`, written when a batch starts or resumes in a
 * fleet. A process on the folder that disagrees (no fleet, or another fleet database) is
 * refused with what to do. Claims would keep such a pair from buying twice (a fleet station
 * takes the file claims too), but they would not share a ledger, a budget or a fleet view.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../files/atomic-write';

const BindingSchema = z.object({
  v: z.literal(1),
  /** The fleet database as it may be shown (no password): describeDatabase(url). */
  database: z.string().min(1),
  station: z.string(),
  since: z.string(),
});
type FleetBinding = z.infer<typeof BindingSchema>;

/** The fleet a process runs batches in, as the binding names it; null when it works alone. */
export interface ProcessFleet {
  readonly database: string;
  readonly station: string;
}

const fileOf = (environmentDir: string): string => join(environmentDir, 'fleet-binding.json');

/** The binding, or null when the folder's batches run alone (an unreadable file binds to nothing it can name: refused below). */
async function readBinding(environmentDir: string): Promise<FleetBinding | 'unreadable' | null> {
  let text: string;
  try {
    text = await readFile(fileOf(environmentDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = BindingSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Why this process may not run batches on the folder, or null when it agrees with the binding. */
export async function bindingBlocker(environmentDir: string, mine: ProcessFleet | null): Promise<string | null> {
  return blockerOf(environmentDir, await readBinding(environmentDir), mine);
}

function blockerOf(environmentDir: string, bound: FleetBinding | 'unreadable' | null, mine: ProcessFleet | null): string | null {
  if (bound === null) return null;
  if (bound === 'unreadable') {
    return (
      `${fileOf(environmentDir)} is damaged, so SimFleet cannot tell which fleet this data folder belongs to. Nothing is sent: ` +
      'delete the file only if no other SimFleet process uses this folder with a fleet, then try again.'
    );
  }
  if (mine && mine.database === bound.database) return null;
  const since = bound.since.slice(0, 10);
  const where = `This data folder's batches run in the fleet at ${bound.database} (since ${since}, station ${bound.station})`;
  if (!mine) {
    return (
      `${where}, but this process works alone. Nothing is sent: join that fleet (Settings → Fleet, or the CLI's --fleet), ` +
      'or leave it in Settings → Fleet to work alone on this folder.'
    );
  }
  return `${where}, but this process is in the fleet at ${mine.database}. Nothing is sent: use one fleet per data folder (Settings → Fleet, or --fleet).`;
}

/**
 * A fleet process's check (one read of the binding): why it may not run batches on the folder,
 * or null, and then the folder records that its batches run in this fleet.
 */
export async function agreeAndBind(environmentDir: string, mine: ProcessFleet, now = new Date()): Promise<string | null> {
  const bound = await readBinding(environmentDir);
  const blocker = blockerOf(environmentDir, bound, mine);
  if (blocker === null && bound === null) await writeBinding(environmentDir, mine, now);
  return blocker;
}

/** Records that the folder's batches run in this fleet (atomically). */
async function writeBinding(environmentDir: string, mine: ProcessFleet, now: Date): Promise<void> {
  const binding: FleetBinding = { v: 1, database: mine.database, station: mine.station, since: now.toISOString() };
  await mkdir(environmentDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(fileOf(environmentDir), `${JSON.stringify(binding)}\n`);
}

/** The folder works alone again (the operator left the fleet). */
export async function unbindFleet(environmentDir: string): Promise<void> {
  await rm(fileOf(environmentDir), { force: true });
}
