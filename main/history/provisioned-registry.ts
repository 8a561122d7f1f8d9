/**
 * Every ICCID this station has provisioned, in any batch: one JSON line per
 * purchase in `<environment folder>/purchases.jsonl`, appended (and fsync'd) by the
 * batch engine. It is also the purchase audit log (time, environment, ICCID, number,
 * NID, OrderId, batch name; never a secret). Import flags these ICCIDs; the engine
 * refuses them as a last guard.
 *
 * Several processes append to one file (the app and the CLI): every read first takes
 * in what others appended since (docs/exactly-once.md, rule 9). Lines are parsed with
 * a versioned schema; a damaged line is reported, and any ICCID-like digits in it are
 * kept as "possibly bought", so the engine looks them up before sending.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const ProvisionedRecordSchema = z.object({
  iccid: z.string().regex(/^\d{1,32}$/),
  phoneNumber: z.string(),
  phoneNumberId: z.string().nullable(),
  orderId: z.string().nullable(),
  at: z.string(),
  batchId: z.string(),
  batchName: z.string(),
  environment: z.enum(['practice', 'production']),
});
export type ProvisionedRecord = z.infer<typeof ProvisionedRecordSchema>;

/** A line of the purchase log that could not be read. */
export interface RegistryDamage {
  readonly line: number;
  readonly reason: string;
  /** ICCID-like digit runs found in the line: treated as possibly bought. */
  readonly iccids: readonly string[];
}

export interface ProvisionedLookup {
  find(iccid: string): ProvisionedRecord | null;
  /** An ICCID named on a damaged line of the log: possibly bought, look it up before sending. */
  suspect?(iccid: string): boolean;
  /**
   * The history as it stands now, for checking many ICCIDs at once (an import of 2.4
   * million rows must not read the log 2.4 million times). The engine never uses it:
   * before a send it looks up the live log (docs/exactly-once.md).
   */
  snapshot?(): ProvisionedLookup;
}

export const NO_HISTORY: ProvisionedLookup = { find: () => null };

const ICCID_RUN = /\d{18,22}/g;

export class ProvisionedRegistry implements ProvisionedLookup {
  readonly filePath: string;
  private readonly byIccid = new Map<string, ProvisionedRecord>();
  private readonly byNumber = new Map<string, ProvisionedRecord>();
  private readonly damaged: RegistryDamage[] = [];
  private readonly suspects = new Set<string>();
  /** Bytes of the file taken in so far, and the line number they end on. */
  private offset = 0;
  private lines = 0;
  private pending = Buffer.alloc(0);

  constructor(environmentDir: string) {
    this.filePath = join(environmentDir, 'purchases.jsonl');
  }

  find(iccid: string): ProvisionedRecord | null {
    this.refresh();
    return this.byIccid.get(iccid) ?? null;
  }

  findByNumber(phoneNumber: string): ProvisionedRecord | null {
    this.refresh();
    return this.byNumber.get(phoneNumber) ?? null;
  }

  snapshot(): ProvisionedLookup {
    this.refresh();
    return { find: (iccid) => this.byIccid.get(iccid) ?? null };
  }

  suspect(iccid: string): boolean {
    this.refresh();
    return this.suspects.has(iccid) && !this.byIccid.has(iccid);
  }

  /** Records a purchase durably before anyone else can look it up. */
  record(entry: ProvisionedRecord): void {
    this.refresh();
    mkdirSync(dirname(this.filePath), { recursive: true });
    // One write() on an O_APPEND descriptor: lines of concurrent processes never interleave.
    const fd = openSync(this.filePath, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(ProvisionedRecordSchema.parse(entry))}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.refresh();
  }

  /** Every purchase, oldest first (for the audit export). */
  all(): ProvisionedRecord[] {
    this.refresh();
    return [...this.byIccid.values()].sort((a, b) => a.at.localeCompare(b.at));
  }

  size(): number {
    this.refresh();
    return this.byIccid.size;
  }

  /** Damaged lines, for the operator (Batches screen, `simfleet check`). */
  damage(): readonly RegistryDamage[] {
    this.refresh();
    return this.damaged;
  }

  /** Takes in whatever was appended since the last read, by this or any other process. */
  private refresh(): void {
    if (!existsSync(this.filePath)) return;
    const fd = openSync(this.filePath, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return;
      const chunk = Buffer.alloc(size - this.offset);
      readSync(fd, chunk, 0, chunk.length, this.offset);
      this.offset = size;
      const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
      const end = bytes.lastIndexOf(0x0a) + 1;
      // A line without its newline is still being written (or was torn by a crash): wait for the rest.
      this.pending = Buffer.from(bytes.subarray(end));
      for (const line of bytes.subarray(0, end).toString('utf8').split('\n').slice(0, -1)) this.take(line);
    } finally {
      closeSync(fd);
    }
  }

  private take(line: string): void {
    this.lines += 1;
    if (line.trim() === '') return;
    let reason: string;
    try {
      const parsed = ProvisionedRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) {
        if (!this.byIccid.has(parsed.data.iccid)) this.byIccid.set(parsed.data.iccid, parsed.data);
        if (!this.byNumber.has(parsed.data.phoneNumber)) this.byNumber.set(parsed.data.phoneNumber, parsed.data);
        return;
      }
      reason = `${parsed.error.issues[0]?.path.join('.') || 'the record'} is not valid`;
    } catch {
      reason = 'it is not valid JSON';
    }
    const iccids = [...line.matchAll(ICCID_RUN)].map((m) => m[0]);
    for (const iccid of iccids) this.suspects.add(iccid);
    this.damaged.push({ line: this.lines, reason, iccids });
  }
}
