/**
 * A batch's append-only journal: one JSON line per state change, durable (written and
 * fdatasync'd) before `append` resolves. Records appended while a flush is in
 * progress are written together in the next one (group commit), so many workers
 * share one sync without any record being acknowledged early.
 */
import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { link, open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../errors/user-error';
import { parseHeaderLine, parseRecordLine } from './journal-schema';
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

/** A line of a journal that could not be used, and the row it was about if that can be told. */
export interface JournalDamage {
  readonly line: number;
  readonly reason: string;
  readonly row: number | null;
}

export interface JournalRead {
  readonly records: JournalRecord[];
  readonly damage: readonly JournalDamage[];
}

/**
 * Reads a journal strictly (journal-schema.ts). A torn last line without its newline
 * (the process died mid-write) is ignored: its record was never acknowledged, so
 * nothing was sent on it. Any other line that is not a valid record is damage: it is
 * returned with the row it names, and derive() makes that row uncertain (looked up
 * before any resend), or every unsettled row when the line names none. A journal
 * without a valid header cannot be read at all (`journal_unreadable`).
 */
export function readJournalChecked(path: string): JournalRead {
  if (!existsSync(path)) throw new UserError('batch_not_found', `There is no batch journal at ${path}.`);
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  // The element after the last newline is '' for a whole journal, or the torn tail.
  lines.pop();
  const header = parseHeaderLine(lines[0]);
  if (!header.ok) {
    throw new UserError(
      'journal_unreadable',
      `The batch journal ${path} cannot be read: ${header.reason}. Keep the file for support; nothing will be sent for this batch.`,
    );
  }
  const records: JournalRecord[] = [header.header];
  const damage: JournalDamage[] = [];
  for (let i = 1; i < lines.length; i++) {
    const parsed = parseRecordLine(lines[i]!);
    if (parsed.ok) records.push(parsed.record);
    else damage.push({ line: i + 1, reason: parsed.reason, row: parsed.row });
  }
  return { records, damage };
}

/** The readable records of a journal (damage is left out; use readJournalChecked to see it). */
export function readJournal(path: string): JournalRecord[] {
  return readJournalChecked(path).records;
}

/**
 * Replaces a damaged journal by a clean one, keeping the damaged file beside it for
 * support (`<id>.damaged-<time>.jsonl`): the readable records, then one `uncertain`
 * record per row the damage may concern. Appends then never follow damage. Each step
 * leaves either the old or the new journal in place.
 */
export async function recoverJournal(path: string, records: readonly JournalRecord[], extra: readonly JournalRecord[], now: Date): Promise<string> {
  const kept = `${path.replace(/\.jsonl$/, '')}.damaged-${now.toISOString().replace(/[:.]/g, '-')}.jsonl.bak`;
  const temp = `${path}.recovered.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.write([...records, ...extra].map((r) => `${JSON.stringify(r)}\n`).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await link(path, kept);
  await rename(temp, path);
  return kept;
}
