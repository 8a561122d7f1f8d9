/**
 * The station's log: one JSON line per event in `<data root>/logs/simfleet.log`.
 * Every line passes through redaction first, so a secret handed to the logger by
 * mistake (or inside an error message) is masked before it reaches the disk.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Redactor } from '../redaction/redactor';

export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Registers a value that must never be written (the AccountSecret once known). */
  addSecret(secret: string): void;
  /** Resolves once every line logged so far is in the file (shutdown, tests). */
  flush(): Promise<void>;
  readonly filePath: string | null;
}

/** Masks every registered secret in a piece of text, in every escaped form (redactor.ts). */
export function redact(text: string, secrets: Iterable<string>): string {
  const redactor = new Redactor();
  for (const secret of secrets) redactor.add(secret);
  return redactor.redact(text);
}

/**
 * Lines are redacted at once and written in the background, many per write, so logging
 * never blocks the main process on the disk (docs/architecture.md, "Disk work").
 */
export function createFileLogger(dataRoot: string, mirror: ((line: string) => void) | null = null): Logger {
  const filePath = join(dataRoot, 'logs', 'simfleet.log');
  const redactor = new Redactor();
  let queued: string[] = [];
  let writing: Promise<void> | null = null;
  let ready: Promise<unknown> | null = null;

  async function drain(): Promise<void> {
    while (queued.length > 0) {
      const text = queued.join('');
      queued = [];
      try {
        ready ??= mkdir(dirname(filePath), { recursive: true });
        await ready;
        await appendFile(filePath, text, { mode: 0o600 });
      } catch {
        // A full or read-only disk must not take the app down; the mirror still sees it.
      }
    }
    writing = null;
  }

  return {
    filePath,
    addSecret: (secret) => redactor.add(secret),
    log(level, event, fields = {}) {
      const line = redactor.redact(JSON.stringify({ at: new Date().toISOString(), level, event, ...fields }));
      queued.push(`${line}\n`);
      writing ??= drain();
      mirror?.(line);
    },
    flush: async () => {
      while (writing) await writing;
    },
  };
}

/** For tests that do not care about the log. */
export const silentLogger: Logger = { filePath: null, addSecret: () => {}, log: () => {}, flush: async () => {} };
