/**
 * Which SIMs of a batch passed scan-to-verify: `<environment folder>/verified/<batch>.jsonl`,
 * one versioned JSON line per SIM (`{"v":1,"iccid":…,"at":…}`; early builds wrote the bare
 * ICCID, still read). Each batch's file is read once and then kept in memory; a new
 * match is appended (docs/architecture.md, "Disk work": no file is re-read per scan).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppendLog } from '../files/append-log';

const VerifiedLineSchema = z.object({ v: z.literal(1), iccid: z.string().regex(/^\d{1,32}$/), at: z.string() });

/** The ICCID a line names, or null for a line that cannot be used (a torn tail, a newer format). */
function iccidOf(line: string): string | null {
  if (/^\d{1,32}$/.test(line)) return line;
  try {
    const parsed = VerifiedLineSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data.iccid : null;
  } catch {
    return null;
  }
}

interface Verified {
  readonly iccids: Set<string>;
  log: AppendLog | null;
}

export class VerifiedLabels {
  private readonly batches = new Map<string, Promise<Verified>>();

  /** `folder` is the environment's `verified/` folder. */
  constructor(private readonly folder: (environmentDir: string) => string = (dir) => join(dir, 'verified')) {}

  /** The ICCIDs verified so far in a batch. */
  async of(environmentDir: string, batchId: string): Promise<ReadonlySet<string>> {
    return (await this.open(environmentDir, batchId)).iccids;
  }

  /** Marks a SIM verified (once); resolves when the mark is on disk. */
  async add(environmentDir: string, batchId: string, iccid: string): Promise<ReadonlySet<string>> {
    const verified = await this.open(environmentDir, batchId);
    if (verified.iccids.has(iccid)) return verified.iccids;
    verified.log ??= await AppendLog.open(this.fileOf(environmentDir, batchId));
    await verified.log.append(`${JSON.stringify({ v: 1, iccid, at: new Date().toISOString() })}\n`);
    verified.iccids.add(iccid);
    return verified.iccids;
  }

  async close(): Promise<void> {
    for (const pending of this.batches.values()) await (await pending).log?.close();
    this.batches.clear();
  }

  private fileOf(environmentDir: string, batchId: string): string {
    return join(this.folder(environmentDir), `${batchId}.jsonl`);
  }

  private open(environmentDir: string, batchId: string): Promise<Verified> {
    const file = this.fileOf(environmentDir, batchId);
    let found = this.batches.get(file);
    if (!found) {
      found = readFile(file, 'utf8').then(
        (text) => ({ iccids: new Set(text.split('\n').flatMap((line) => iccidOf(line.trim()) ?? [])), log: null }),
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return { iccids: new Set<string>(), log: null };
          throw error;
        },
      );
      this.batches.set(file, found);
      // A failed read is not remembered: the next scan tries again.
      found.catch(() => this.batches.delete(file));
    }
    return found;
  }
}
