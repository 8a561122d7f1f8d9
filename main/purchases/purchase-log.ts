/**
 * The purchase log: every ICCID this station has provisioned, in any batch, one JSON
 * line per purchase in `<environment folder>/purchases.jsonl`, appended (and synced)
 * by the batch engine. One name for one concept (docs/glossary.md): it is what the
 * screens call the purchase log and what the audit export lists (time, environment,
 * ICCID, number, NID, OrderId, batch name; never a secret). Import flags these ICCIDs;
 * the engine refuses them as a last guard.
 *
 * Several processes append to one file (the app and the CLI): every read first takes
 * in what others appended since (docs/exactly-once.md, rule 8). Lines are parsed with
 * a versioned schema; a damaged line is reported, and any ICCID-like digits in it are
 * kept as "possibly bought", so the engine looks them up before sending.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { EnvironmentSchema } from '../../preload/domain';
import { AppendLog } from '../files/append-log';

/**
 * Newest version of a purchase log line; a line without `v` was written before lines carried
 * one (the same fields). Version 2 adds what happened after the sale (docs/audit.md): a
 * replacement card (`replaces`, the damaged card's ICCID, and the new card's `lpa`) and a
 * purchase the audit adopted (`note`). Only replacement cards are written as version 2: a
 * SimFleet that knows only version 1 sharing the folder treats such a line as damage and
 * looks its SIM up before any send (read as a plain purchase it would see a twin). Plain and
 * adopted purchases are written as version 1, which it reads (dropping the note).
 */
export const PURCHASE_RECORD_VERSION = 2;

export const PurchaseRecordSchema = z.object({
  v: z.union([z.literal(1), z.literal(PURCHASE_RECORD_VERSION)]).default(1),
  iccid: z.string().regex(/^\d{1,32}$/),
  phoneNumber: z.string(),
  phoneNumberId: z.string().nullable(),
  orderId: z.string().nullable(),
  at: z.string(),
  batchId: z.string(),
  batchName: z.string(),
  environment: EnvironmentSchema,
  /** A replacement card: the ICCID of the card whose number moved onto this one (`swap-sim`). */
  replaces: z
    .string()
    .regex(/^\d{1,32}$/)
    .optional(),
  /** The QR code Telegent gave the replacement card. */
  lpa: z.string().optional(),
  /** Why the line was written other than by a batch, such as a purchase adopted by the audit. */
  note: z.string().optional(),
});
/** A purchase as the engine records it (`v` is added on write). */
export type PurchaseRecord = z.input<typeof PurchaseRecordSchema>;
/** A purchase as read back from the log. */
export type StoredPurchase = z.output<typeof PurchaseRecordSchema>;

/** A line of the purchase log that could not be read. */
export interface PurchaseLogDamage {
  readonly line: number;
  readonly reason: string;
  /** ICCID-like digit runs found in the line: treated as possibly bought. */
  readonly iccids: readonly string[];
}

/** The purchase log as it stood at one moment: what an import checks many ICCIDs against. */
export interface PurchaseSnapshot {
  /** The purchase, and in a fleet the station that made it when it was another (docs/fleet.md). */
  find(iccid: string): (PurchaseRecord & { readonly station?: string }) | null;
}

/**
 * Where purchases are looked up. The engine asks the live log before every send
 * (docs/exactly-once.md); an import takes one snapshot for all its rows (2.4 million
 * rows must not read the log 2.4 million times).
 */
export interface PurchaseLookup {
  find(iccid: string): Promise<PurchaseRecord | null>;
  /** An ICCID named on a damaged line of the log: possibly bought, look it up before sending. */
  suspect?(iccid: string): Promise<boolean>;
  snapshot(): Promise<PurchaseSnapshot>;
}

/** The purchase log's after-sale facts (docs/audit.md): replacement cards, and every purchase by ICCID. */
export interface AfterSale {
  replacementOf(iccid: string): StoredPurchase | null;
  purchaseOf(iccid: string): StoredPurchase | null;
}

/**
 * Another SIM's purchase among `ofNumber` (every purchase of one number, oldest first), the
 * cards linked to `iccid` by replacements left out: a replacement card holds its number
 * after the damaged one, one SIM at a time, which is not a twin. One rule for the purchase
 * log and the fleet ledger.
 */
export function twinAmong<P extends { readonly iccid: string; readonly replaces?: string | undefined }>(ofNumber: readonly P[], iccid: string): P | null {
  const chain = new Set([iccid]);
  for (let size = 0; chain.size !== size;) {
    size = chain.size;
    for (const p of ofNumber) {
      if (p.replaces !== undefined && (chain.has(p.iccid) || chain.has(p.replaces))) chain.add(p.iccid).add(p.replaces);
    }
  }
  return ofNumber.find((p) => !chain.has(p.iccid)) ?? null;
}

export const NO_PURCHASES: PurchaseSnapshot = { find: () => null };

const ICCID_RUN = /\d{18,22}/g;

export class PurchaseLog implements PurchaseLookup {
  static readonly FILE_NAME = 'purchases.jsonl';
  readonly filePath: string;
  private readonly byIccid = new Map<string, StoredPurchase>();
  /** Every purchase of each number, in the log's order (one number for two SIMs must be seen, whoever recorded first). */
  private readonly byNumber = new Map<string, StoredPurchase[]>();
  /** The record of each replacement card, by the ICCID of the card it replaced. */
  private readonly replacedBy = new Map<string, StoredPurchase>();
  private readonly damaged: PurchaseLogDamage[] = [];
  private readonly suspects = new Set<string>();
  /** Bytes of the file taken in so far, and the line number they end on. */
  private offset = 0;
  private lines = 0;
  private pending = Buffer.alloc(0);
  /** Reads of the file run one after another, each taking in what the last left. */
  private reading: Promise<void> = Promise.resolve();
  /** The read queued behind `reading`, not begun yet: callers until it begins share it. */
  private queuedRead: Promise<void> | null = null;
  private appender: Promise<AppendLog> | null = null;

  constructor(environmentDir: string) {
    this.filePath = join(environmentDir, PurchaseLog.FILE_NAME);
  }

  async find(iccid: string): Promise<PurchaseRecord | null> {
    await this.refresh();
    return this.byIccid.get(iccid) ?? null;
  }

  /**
   * Another SIM's purchase of this number, the earliest in the log. Asked after this SIM's
   * purchase is recorded: of two purchases of one number recorded at the same moment (two
   * workers, or the app and the CLI), the later asker always finds the other one.
   */
  async twinOf(phoneNumber: string, iccid: string): Promise<PurchaseRecord | null> {
    await this.refresh();
    return twinAmong(this.byNumber.get(phoneNumber) ?? [], iccid);
  }

  /** The card the number of `iccid` moved to, following every replacement since (null: it still holds its number). */
  async replacementOf(iccid: string): Promise<StoredPurchase | null> {
    await this.refresh();
    return this.follow(iccid);
  }

  /** What happened after the sale, as the log stood at one moment: for many rows at once (mapping, labels). */
  async afterSale(): Promise<AfterSale> {
    await this.refresh();
    return { replacementOf: (iccid) => this.follow(iccid), purchaseOf: (iccid) => this.byIccid.get(iccid) ?? null };
  }

  private follow(iccid: string): StoredPurchase | null {
    let found: StoredPurchase | null = null;
    for (let at = iccid, seen = new Set<string>(); !seen.has(at);) {
      seen.add(at);
      const next = this.replacedBy.get(at);
      if (!next) break;
      found = next;
      at = next.iccid;
    }
    return found;
  }

  /** Purchases whose card still holds the number (a damaged card whose number moved is left out), oldest first. */
  async holders(): Promise<PurchaseRecord[]> {
    return (await this.all()).filter((p) => !this.replacedBy.has(p.iccid));
  }

  async suspect(iccid: string): Promise<boolean> {
    await this.refresh();
    return this.suspects.has(iccid) && !this.byIccid.has(iccid);
  }

  async snapshot(): Promise<PurchaseSnapshot> {
    await this.refresh();
    return { find: (iccid) => this.byIccid.get(iccid) ?? null };
  }

  /**
   * Records a purchase durably before anyone else can look it up. Purchases of many
   * workers share one write and one sync (files/append-log.ts).
   */
  async record(entry: PurchaseRecord): Promise<void> {
    const parsed = PurchaseRecordSchema.parse(entry);
    // An adoption's note alone stays version 1: an older reader drops the note and still knows the SIM is bought.
    const afterSale = parsed.replaces !== undefined || parsed.lpa !== undefined;
    const line = `${JSON.stringify({ ...parsed, v: afterSale ? PURCHASE_RECORD_VERSION : 1 })}\n`;
    // A log that could not be opened is opened again next time, not remembered as failed.
    this.appender ??= AppendLog.open(this.filePath).catch((error: unknown) => {
      this.appender = null;
      throw error;
    });
    const opened = this.appender;
    const appender = await opened;
    try {
      await appender.append(line);
    } catch (error) {
      // A failed write may leave a torn line: the next purchase reopens the log, which starts it on a new line.
      if (this.appender === opened) this.appender = null;
      void appender.close().catch(() => undefined);
      throw error;
    }
    await this.refresh();
  }

  /** Every purchase, oldest first (for the audit export). */
  async all(): Promise<PurchaseRecord[]> {
    await this.refresh();
    return [...this.byIccid.values()].sort((a, b) => a.at.localeCompare(b.at));
  }

  async size(): Promise<number> {
    await this.refresh();
    return this.byIccid.size;
  }

  /** Damaged lines, for the operator (Batches screen, `simfleet check`). */
  async damage(): Promise<readonly PurchaseLogDamage[]> {
    await this.refresh();
    return this.damaged;
  }

  async close(): Promise<void> {
    const appender = this.appender;
    this.appender = null;
    if (appender) await (await appender).close();
  }

  /** Takes in whatever was appended since the last read, by this or any other process. */
  private refresh(): Promise<void> {
    // A read not begun yet serves every caller that asks before it begins: it starts after
    // each of their calls, so it sees every line appended before any of them asked
    // (docs/exactly-once.md, "Exactly once: the rules and how the code keeps them", rule 8). Concurrent workers then share one read.
    if (this.queuedRead) return this.queuedRead;
    const next = this.reading.then(() => {
      this.queuedRead = null;
      return this.readNew();
    });
    this.queuedRead = next;
    this.reading = next.catch(() => undefined);
    return next;
  }

  private async readNew(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.filePath, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const size = (await handle.stat()).size;
      if (size <= this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      // A read may return less than asked: read on to the size seen, so every line appended
      // before the lookup was asked is taken now (rule 8), not left for the next lookup.
      let bytesRead = 0;
      while (bytesRead < buffer.length) {
        const got = (await handle.read(buffer, bytesRead, buffer.length - bytesRead, this.offset + bytesRead)).bytesRead;
        if (got === 0) break;
        bytesRead += got;
      }
      if (bytesRead === 0) return;
      const chunk = buffer.subarray(0, bytesRead);
      this.offset += bytesRead;
      const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
      const end = bytes.lastIndexOf(0x0a) + 1;
      // A line without its newline is still being written (or was torn by a crash): wait for the rest.
      this.pending = Buffer.from(bytes.subarray(end));
      for (const line of bytes.subarray(0, end).toString('utf8').split('\n').slice(0, -1)) this.take(line);
    } finally {
      await handle.close();
    }
  }

  private take(line: string): void {
    this.lines += 1;
    if (line.trim() === '') return;
    let reason: string;
    try {
      const raw: unknown = JSON.parse(line);
      const parsed = PurchaseRecordSchema.safeParse(raw);
      const version = (raw as { v?: unknown } | null)?.v;
      if (typeof version === 'number' && version > PURCHASE_RECORD_VERSION) {
        // A newer SimFleet wrote it: its purchase is not understood here, so its SIM is looked up before any send.
        reason = `it was written by a newer SimFleet (purchase record version ${version})`;
      } else if (parsed.success) {
        if (!this.byIccid.has(parsed.data.iccid)) this.byIccid.set(parsed.data.iccid, parsed.data);
        if (parsed.data.replaces !== undefined && !this.replacedBy.has(parsed.data.replaces)) this.replacedBy.set(parsed.data.replaces, parsed.data);
        const ofNumber = this.byNumber.get(parsed.data.phoneNumber);
        if (!ofNumber) this.byNumber.set(parsed.data.phoneNumber, [parsed.data]);
        else if (!ofNumber.some((p) => p.iccid === parsed.data.iccid)) ofNumber.push(parsed.data);
        return;
      } else {
        reason = `${parsed.error.issues[0]?.path.join('.') || 'the record'} is not valid`;
      }
    } catch {
      reason = 'it is not valid JSON';
    }
    const iccids = [...line.matchAll(ICCID_RUN)].map((m) => m[0]);
    for (const iccid of iccids) this.suspects.add(iccid);
    this.damaged.push({ line: this.lines, reason, iccids });
  }
}
