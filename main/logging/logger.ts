/**
 * The station's log: one JSON line per event in `<data root>/logs/simfleet.log`.
 * Every line passes through redaction first, so a secret handed to the logger by
 * mistake (or inside an error message) is masked before it reaches the disk.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Redactor } from '../redaction/redactor';

export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Registers a value that must never be written (the AccountSecret once known). */
  addSecret(secret: string): void;
  readonly filePath: string | null;
}

/** Masks every registered secret in a piece of text, in every escaped form (redactor.ts). */
export function redact(text: string, secrets: Iterable<string>): string {
  const redactor = new Redactor();
  for (const secret of secrets) redactor.add(secret);
  return redactor.redact(text);
}

export function createFileLogger(dataRoot: string, mirror: ((line: string) => void) | null = null): Logger {
  const filePath = join(dataRoot, 'logs', 'simfleet.log');
  const redactor = new Redactor();
  let ready = false;
  return {
    filePath,
    addSecret: (secret) => redactor.add(secret),
    log(level, event, fields = {}) {
      const line = redactor.redact(JSON.stringify({ at: new Date().toISOString(), level, event, ...fields }));
      try {
        if (!ready) {
          mkdirSync(dirname(filePath), { recursive: true });
          ready = true;
        }
        appendFileSync(filePath, `${line}\n`, { mode: 0o600 });
      } catch {
        // A full or read-only disk must not take the app down; the mirror still sees it.
      }
      mirror?.(line);
    },
  };
}

/** For tests that do not care about the log. */
export const silentLogger: Logger = { filePath: null, addSecret: () => {}, log: () => {} };
