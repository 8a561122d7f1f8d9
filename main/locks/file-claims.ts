/**
 * ICCID claims shared by every process on one data folder: one small file per claimed
 * SIM in `<environment>/claims/`, created with O_EXCL so exactly one batch wins. A claim
 * is live while its batch's journal is locked (batch-lock.ts); a claim whose batch is
 * not running is dormant and is taken over under a folder-wide lock, after which the
 * engine looks the ICCID up before sending (docs/exactly-once.md, "Claims").
 */
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import type { ClaimOwner, ClaimResult, IccidClaims } from '../batch/claims';
import { isLocked, STALE_MS } from './batch-lock';

const ClaimSchema = z.object({
  v: z.literal(1),
  iccid: z.string(),
  batchId: z.string(),
  row: z.number().int(),
  pid: z.number().int(),
  host: z.string(),
  at: z.string(),
});
type ClaimFile = z.infer<typeof ClaimSchema>;

export interface FileClaimsOptions {
  /** `<environment>/claims` */
  readonly dir: string;
  /** The journal file of a batch, whose lock says whether the batch is running. */
  readonly journalOf: (batchId: string) => string;
}

export class FileIccidClaims implements IccidClaims {
  private folder: Promise<unknown> | null = null;

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
    const claim: ClaimFile = { v: 1, iccid, batchId: owner.batchId, row: owner.row, pid: process.pid, host: hostname(), at: new Date().toISOString() };
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
    if (current !== 'unreadable' && current.batchId === owner.batchId) {
      // Our own batch claimed it in an earlier run (the row was uncertain or pending).
      if (current.row !== owner.row) await this.replace(file, iccid, owner);
      return { kind: 'claimed' };
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
      return { kind: 'taken-over', from: now === 'unreadable' ? 'a damaged claim' : `batch ${now.batchId}` };
    } finally {
      await unlock();
    }
  }

  private async replace(file: string, iccid: string, owner: ClaimOwner): Promise<void> {
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, this.record(iccid, owner), { mode: 0o600 });
    await rename(temp, file);
  }

  async owned(batchId: string): Promise<ReadonlyArray<{ readonly iccid: string; readonly row: number }>> {
    const found: Array<{ iccid: string; row: number }> = [];
    await this.ready();
    for (const name of await readdir(this.options.dir)) {
      if (!name.endsWith('.json')) continue;
      const current = await this.read(name.slice(0, -'.json'.length)).catch(() => 'unreadable' as const);
      if (typeof current === 'object' && current.batchId === batchId) found.push({ iccid: current.iccid, row: current.row });
    }
    return found;
  }

  async release(iccid: string, owner: ClaimOwner): Promise<void> {
    const current = await this.read(iccid);
    if (current === 'absent' || current === 'unreadable') return;
    if (current.batchId !== owner.batchId || current.row !== owner.row) return;
    await rm(this.path(iccid), { force: true });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
