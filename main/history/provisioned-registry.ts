/**
 * Every ICCID this station has provisioned, in any batch: one JSON line per
 * purchase in `<environment folder>/purchases.jsonl`, appended (and fsync'd) by the
 * batch engine. It is also the purchase audit log (time, environment, ICCID, number,
 * NID, OrderId, batch name; never a secret). Import flags these ICCIDs; the engine
 * refuses them as a last guard.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ProvisionedRecord {
  readonly iccid: string;
  readonly phoneNumber: string;
  readonly phoneNumberId: string | null;
  readonly orderId: string | null;
  readonly at: string;
  readonly batchId: string;
  readonly batchName: string;
  readonly environment: 'practice' | 'production';
}

export interface ProvisionedLookup {
  find(iccid: string): ProvisionedRecord | null;
}

export const NO_HISTORY: ProvisionedLookup = { find: () => null };

export class ProvisionedRegistry implements ProvisionedLookup {
  readonly filePath: string;
  private readonly byIccid = new Map<string, ProvisionedRecord>();
  private loaded = false;

  constructor(environmentDir: string) {
    this.filePath = join(environmentDir, 'purchases.jsonl');
  }

  find(iccid: string): ProvisionedRecord | null {
    this.load();
    return this.byIccid.get(iccid) ?? null;
  }

  /** Records a purchase durably before anyone else can look it up. */
  record(entry: ProvisionedRecord): void {
    this.load();
    mkdirSync(dirname(this.filePath), { recursive: true });
    const fd = openSync(this.filePath, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.byIccid.set(entry.iccid, entry);
  }

  /** Every purchase, oldest first (for the audit export). */
  all(): ProvisionedRecord[] {
    this.load();
    return [...this.byIccid.values()].sort((a, b) => a.at.localeCompare(b.at));
  }

  size(): number {
    this.load();
    return this.byIccid.size;
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!existsSync(this.filePath)) return;
    for (const line of readFileSync(this.filePath, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as ProvisionedRecord;
        if (typeof entry.iccid === 'string') this.byIccid.set(entry.iccid, entry);
      } catch {
        // A torn last line after a crash: the engine's journal still has the purchase.
      }
    }
  }
}
