/**
 * A batch's append-only journal: one JSON line per state change, durable (written and
 * fdatasync'd) before `append` resolves, with group commit (files/append-log.ts).
 */
import { link, mkdir, open, readFile, rename, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../errors/user-error';
import { AppendLog } from '../files/append-log';
import { parseHeaderLine, parseRecordLine } from './journal-schema';
import type { JournalRecord } from './records';
import { writeTemp } from '../files/atomic-write';

export class Journal {
  private constructor(private readonly log: AppendLog) {}

  get path(): string {
    return this.log.path;
  }

  /** Opens (creating if needed) a journal for appending. */
  static async open(path: string): Promise<Journal> {
    await dropTornTail(path);
    return new Journal(await AppendLog.open(path));
  }

  /**
   * Creates a journal whose first records appear atomically: written to a temporary
   * file, synced, then renamed into place. A crash leaves either no batch or a whole
   * header, never half of one.
   */
  static async create(path: string, first: readonly JournalRecord[]): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    if (await exists(path)) throw new Error(`journal ${path} already exists`);
    const temp = await writeTemp(path, first.map((r) => `${JSON.stringify(r)}\n`).join(''));
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
    return this.log.append(`${JSON.stringify(record)}\n`);
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * A crash mid-write can leave a partial last line. Its record was never acknowledged,
 * so nothing depended on it; cut it off before appending, or it would end up in the
 * middle of the journal and read as damage.
 */
async function dropTornTail(path: string): Promise<void> {
  if (!(await exists(path))) return;
  const bytes = await readFile(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
  await truncate(path, bytes.lastIndexOf(0x0a) + 1);
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
export async function readJournalChecked(path: string): Promise<JournalRead> {
  if (!(await exists(path))) throw new UserError('batch_not_found', `There is no batch journal at ${path}.`);
  const text = await readFile(path, 'utf8');
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
export async function readJournal(path: string): Promise<JournalRecord[]> {
  return (await readJournalChecked(path)).records;
}

/**
 * Replaces a damaged journal by a clean one, keeping the damaged file beside it for
 * support (`<id>.damaged-<time>.jsonl`): the readable records, then one `uncertain`
 * record per row the damage may concern. Appends then never follow damage. Each step
 * leaves either the old or the new journal in place.
 */
export async function recoverJournal(path: string, records: readonly JournalRecord[], extra: readonly JournalRecord[], now: Date): Promise<string> {
  const kept = `${path.replace(/\.jsonl$/, '')}.damaged-${now.toISOString().replace(/[:.]/g, '-')}.jsonl.bak`;
  const temp = await writeTemp(path, [...records, ...extra].map((r) => `${JSON.stringify(r)}\n`).join(''));
  await link(path, kept);
  await rename(temp, path);
  return kept;
}
