/**
 * ICCID claims shared by every process on one data folder: one small file per claimed
 * SIM in `<environment>/claims/`, created with O_EXCL so exactly one batch wins. A claim
 * is live while its batch's journal is locked (batch-lock.ts); a claim whose batch is
 * not running is dormant and is taken over under a folder-wide lock, after which the
 * engine looks the ICCID up before sending (docs/exactly-once.md, rule 9).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { CLAIM_LOST, type ClaimOwner, type ClaimResult, type IccidClaims } from '../coordination/claims';
import { fencePermit, type InstantSource, type SendPermit } from '../coordination/send-permit';
import { UserError } from '../errors/user-error';
import { isLocked, STALE_MS, type HeldLock } from './batch-lock';
import { writeFileAtomic } from '../files/atomic-write';

/**
 * Still version 1, with the process instance that holds the claim added (a claim belongs to
 * one process): an older SimFleet on the same folder reads it as a claim it knows, never as
 * a damaged one to take over. A claim without an instance was written by an older SimFleet.
 */
const ClaimSchema = z.object({
  v: z.literal(1),
  iccid: z.string(),
  batchId: z.string(),
  row: z.number().int(),
  pid: z.number().int(),
  host: z.string(),
  at: z.string(),
  instance: z.string().default('before-instances'),
});
type ClaimFile = z.infer<typeof ClaimSchema>;

/**
 * How long after the start of its batch lock's last refresh a claim may still be sent on:
 * others may take the claim over once the lock is STALE_MS old, and look the SIM up a grace
 * period later; the third left over covers a refresh that landed late (docs/exactly-once.md, "The fence").
 */
export const FILE_FENCE_MS = Math.floor((STALE_MS * 2) / 3);

export interface FileClaimsOptions {
  /** `<environment>/claims` */
  readonly dir: string;
  /** The journal file of a batch, whose lock says whether the batch is running. */
  readonly journalOf: (batchId: string) => string;
  /** This process's lock on a batch, whose refreshes keep the batch's claims alive. */
  readonly lockOf: (batchId: string) => HeldLock | undefined;
  /** The fence's clocks (tests). */
  readonly now?: InstantSource;
}

export class FileIccidClaims implements IccidClaims {
  private folder: Promise<unknown> | null = null;
  /** This process: a claim written by another process, even for the same batch, is not ours. */
  readonly instance = randomUUID();

  constructor(private readonly options: FileClaimsOptions) {}

  /** Creates the claims folder once, on first use. */
  private ready(): Promise<unknown> {
    this.folder ??= mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    return this.folder;
  }

  private path(iccid: string): string {
    if (!/^\d{1,32}$/.test(iccid)) throw new Error(`not an ICCID: ${iccid}`);
    return join(this.options.dir, `${iccid}.json`);
  }

  private record(iccid: string, owner: ClaimOwner): string {
    const claim: ClaimFile = {
      v: 1,
      iccid,
      batchId: owner.batchId,
      row: owner.row,
      pid: process.pid,
      host: hostname(),
      at: new Date().toISOString(),
      instance: this.instance,
    };
    return `${JSON.stringify(claim)}\n`;
  }

  private async read(iccid: string): Promise<ClaimFile | 'absent' | 'unreadable'> {
    let text: string;
    try {
      text = await readFile(this.path(iccid), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
      throw error;
    }
    const parsed = ClaimSchema.safeParse(safeJson(text));
    return parsed.success ? parsed.data : 'unreadable';
  }

  async claim(iccid: string, owner: ClaimOwner): Promise<ClaimResult> {
    const file = this.path(iccid);
    await this.ready();
    try {
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(this.record(iccid, owner));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      return { kind: 'claimed' };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await this.read(iccid);
    if (current === 'absent') return this.claim(iccid, owner);
    if (current !== 'unreadable' && current.batchId === owner.batchId && current.instance === this.instance) {
      if (current.row !== owner.row) await this.replace(file, iccid, owner);
      return { kind: 'claimed' };
    }
    if (current !== 'unreadable' && current.batchId === owner.batchId) {
      // This batch claimed it in another process (an earlier run, or one that stalled and
      // lost the batch's lock, which this process holds now): taken over, so looked up first.
      return this.takeOver(iccid, owner, current);
    }
    if (current !== 'unreadable' && (await isLocked(this.options.journalOf(current.batchId)))) {
      return { kind: 'busy', holder: `being provisioned by batch ${current.batchId} (pid ${current.pid}) on this station` };
    }
    return this.takeOver(iccid, owner, current);
  }

  /** Replaces a dormant claim, re-checking under a folder-wide lock so two takers never both win. */
  private async takeOver(iccid: string, owner: ClaimOwner, seen: ClaimFile | 'unreadable'): Promise<ClaimResult> {
    let unlock: () => Promise<void>;
    try {
      unlock = await lockfile.lock(join(this.options.dir, 'takeover'), {
        realpath: false,
        stale: STALE_MS,
        retries: { retries: 50, minTimeout: 20, maxTimeout: 200 },
      });
    } catch {
      return { kind: 'busy', holder: 'being taken over by another process' };
    }
    try {
      const now = await this.read(iccid);
      if (now === 'absent') return await this.claim(iccid, owner);
      if (JSON.stringify(now) !== JSON.stringify(seen)) return { kind: 'busy', holder: 'just claimed by another batch' };
      await this.replace(this.path(iccid), iccid, owner);
      const from =
        now === 'unreadable' ? 'A damaged claim' : now.batchId === owner.batchId ? `An earlier run of this batch (pid ${now.pid})` : `Batch ${now.batchId}`;
      return { kind: 'taken-over', from };
    } finally {
      await unlock();
    }
  }

  private async replace(file: string, iccid: string, owner: ClaimOwner): Promise<void> {
    await writeFileAtomic(file, this.record(iccid, owner));
  }

  async owned(batchId: string): Promise<ReadonlyArray<{ readonly iccid: string; readonly row: number }>> {
    const found: Array<{ iccid: string; row: number }> = [];
    await this.ready();
    for (const name of await readdir(this.options.dir)) {
      if (!name.endsWith('.json')) continue;
      const current = await this.read(name.slice(0, -'.json'.length)).catch(() => 'unreadable' as const);
      if (typeof current === 'object' && current.batchId === batchId && current.instance === this.instance)
        found.push({ iccid: current.iccid, row: current.row });
    }
    return found;
  }

  async release(iccid: string, owner: ClaimOwner): Promise<void> {
    const current = await this.read(iccid);
    if (current === 'absent' || current === 'unreadable') return;
    if (current.batchId !== owner.batchId || current.row !== owner.row || current.instance !== this.instance) return;
    await rm(this.path(iccid), { force: true });
  }

  /**
   * The claim file must still be this process's, and the batch's lock must have been
   * refreshed recently enough: the permit lasts FILE_FENCE_MS from the moment before that
   * refresh, so a process that froze after it wakes up unable to send.
   */
  async confirm(iccid: string, owner: ClaimOwner): Promise<SendPermit> {
    const lock = this.options.lockOf(owner.batchId);
    const since = lock?.refreshedAt() ?? null;
    const current = since === null ? 'absent' : await this.read(iccid);
    if (
      since === null ||
      current === 'absent' ||
      current === 'unreadable' ||
      current.instance !== this.instance ||
      current.batchId !== owner.batchId ||
      current.row !== owner.row
    ) {
      throw new UserError(
        CLAIM_LOST,
        'This process no longer holds the claim on the SIM (its batch lock was lost, or another process took the claim over). Nothing was sent.',
      );
    }
    // The lock's latest refresh counts, read at the write: a refresh after this confirmation extends the permit.
    return fencePermit(() => lock!.refreshedAt(), FILE_FENCE_MS, {
      boundsRequest: false,
      ...(this.options.now ? { now: this.options.now } : {}),
      refusal:
        "This batch's lock was not refreshed in time before the request could be sent (the computer stalled), so another process " +
        'may have taken the SIM over. Nothing was sent; the SIM waits its turn again.',
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
