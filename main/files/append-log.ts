/**
 * An append-only file with group commit: `append` resolves once the line is written
 * and fdatasync'd, and lines appended while a flush is in progress are written
 * together in the next one, so many callers share one sync without any line being
 * acknowledged early (docs/architecture.md, "Disk work"). The file is opened with
 * O_APPEND, so each flush is one write() and lines of several processes never interleave.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How bytes reach the file: the handle's write by default; tests inject short writes and disk faults. */
export type WriteBytes = (handle: FileHandle, bytes: Buffer, offset: number, length: number) => Promise<number>;

const writeBytes: WriteBytes = async (handle, bytes, offset, length) => (await handle.write(bytes, offset, length)).bytesWritten;

interface Waiting {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class AppendLog {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  /** A write that failed part-way: the file may end in a torn line, so nothing more is appended through this log. */
  private broken: unknown = null;

  private constructor(
    readonly path: string,
    private handle: FileHandle | null,
    private readonly write: WriteBytes,
  ) {}

  /** Opens (creating the file and its folder if needed) for appending, owner-only. */
  static async open(path: string, write: WriteBytes = writeBytes): Promise<AppendLog> {
    await mkdir(dirname(path), { recursive: true });
    return new AppendLog(path, await open(path, 'a+', 0o600), write);
  }

  /** Resolves once `text` (whole lines, each ending in a newline) is on disk. */
  append(text: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.path} is closed`));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.waiting.push({ text, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let every append of this tick join the same write.
    await new Promise<void>((r) => setImmediate(r));
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      try {
        // A torn line at the end (left by a process that died or failed mid-write, this one or
        // another sharing the file) stays alone: the group starts on a new line.
        const prefix = (await this.endsTorn()) ? '\n' : '';
        await this.writeAll(Buffer.from(prefix + group.map((w) => w.text).join(''), 'utf8'));
        await this.handle!.datasync();
        for (const w of group) w.resolve();
      } catch (error) {
        // Name the file (a handle's write does not), and refuse what follows: the group may be torn.
        if (error && typeof error === 'object' && !('path' in error)) Object.assign(error, { path: this.path });
        this.broken = error;
        for (const w of [...group, ...this.waiting.splice(0)]) w.reject(error);
      }
    }
    this.flushing = null;
  }

  /** Whether the file ends in the middle of a line. */
  private async endsTorn(): Promise<boolean> {
    const { size } = await this.handle!.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await this.handle!.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  }

  /** Writes every byte or throws: a short write is continued, never acknowledged as whole. */
  private async writeAll(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const written = await this.write(this.handle!, bytes, offset, bytes.length - offset);
      if (written <= 0) throw Object.assign(new Error(`No bytes could be written to ${this.path}.`), { code: 'ENOSPC', path: this.path });
      offset += written;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.flushing) await this.flushing;
    await this.handle?.close();
    this.handle = null;
  }
}
