/**
 * A batch's append-only journal: one JSON line per state change, durable (written and
 * fdatasync'd) before `append` resolves. Records appended while a flush is in
 * progress are written together in the next one (group commit), so many workers
 * share one sync without any record being acknowledged early.
 */
import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../errors/user-error';
import type { JournalRecord } from './records';

interface Waiting {
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class Journal {
  private handle: FileHandle | null = null;
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  private constructor(readonly path: string) {}

  /** Opens (creating if needed) a journal for appending. */
  static async open(path: string): Promise<Journal> {
    mkdirSync(dirname(path), { recursive: true });
    dropTornTail(path);
    const journal = new Journal(path);
    journal.handle = await open(path, 'a', 0o600);
    return journal;
  }

  /**
   * Creates a journal whose first records appear atomically: written to a temporary
   * file, synced, then renamed into place. A crash leaves either no batch or a whole
   * header, never half of one.
   */
  static async create(path: string, first: readonly JournalRecord[]): Promise<Journal> {
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) throw new Error(`journal ${path} already exists`);
    const temp = `${path}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.write(first.map((r) => `${JSON.stringify(r)}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    try {
      const dir = await open(dirname(path), 'r');
      await dir.sync();
      await dir.close();
    } catch {
      // Some platforms cannot sync a directory; the rename is still atomic.
    }
    return Journal.open(path);
  }

  /** Resolves once the record is on disk. */
  append(record: JournalRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`journal ${this.path} is closed`));
    return new Promise((resolve, reject) => {
      this.waiting.push({ line: `${JSON.stringify(record)}\n`, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let every append of this tick join the same write.
    await new Promise<void>((r) => setImmediate(r));
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.handle!.write(batch.map((w) => w.line).join(''));
        await this.handle!.datasync();
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.flushing = null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.flushing) await this.flushing;
    await this.handle?.close();
    this.handle = null;
  }
}

/**
 * A crash mid-write can leave a partial last line. Its record was never acknowledged,
 * so nothing depended on it; cut it off before appending, or it would end up in the
 * middle of the journal and read as damage.
 */
function dropTornTail(path: string): void {
  if (!existsSync(path)) return;
  const bytes = readFileSync(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
  const keep = bytes.lastIndexOf(0x0a) + 1;
  truncateSync(path, keep);
}

/**
 * Reads a journal. A torn last line (the process died mid-write) is ignored: its
 * record was never acknowledged, so nothing depended on it. A damaged line anywhere
 * else is corruption and is reported, never skipped silently.
 */
export function readJournal(path: string): JournalRecord[] {
  if (!existsSync(path)) throw new UserError('batch_not_found', `There is no batch journal at ${path}.`);
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: JournalRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      const isLast = lines.slice(i + 1).every((l) => l.trim() === '');
      if (isLast) break;
      throw new UserError('journal_corrupt', `The batch journal ${path} is damaged at line ${i + 1}. Keep the file for support; SimFleet will not guess what happened in it.`);
    }
  }
  return records;
}
