/**
 * An append-only file with group commit: `append` resolves once the line is written
 * and fdatasync'd, and lines appended while a flush is in progress are written
 * together in the next one, so many callers share one sync without any line being
 * acknowledged early (docs/architecture.md, "Disk work"). The file is opened with
 * O_APPEND, so each flush is one write() and lines of several processes never interleave.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

interface Waiting {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class AppendLog {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  private constructor(
    readonly path: string,
    private handle: FileHandle | null,
  ) {}

  /** Opens (creating the file and its folder if needed) for appending, owner-only. */
  static async open(path: string): Promise<AppendLog> {
    await mkdir(dirname(path), { recursive: true });
    return new AppendLog(path, await open(path, 'a', 0o600));
  }

  /** Resolves once `text` (whole lines, each ending in a newline) is on disk. */
  append(text: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.path} is closed`));
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
        await this.handle!.write(group.map((w) => w.text).join(''));
        await this.handle!.datasync();
        for (const w of group) w.resolve();
      } catch (error) {
        for (const w of group) w.reject(error);
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
