/**
 * The station's log: one JSON line per event in `<data root>/logs/simfleet.log`.
 * Every line passes through redaction first, so a secret handed to the logger by
 * mistake (or inside an error message) is masked before it reaches the disk.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Registers a value that must never be written (the AccountSecret once known). */
  addSecret(secret: string): void;
  readonly filePath: string | null;
}

/** Masks every registered secret in a piece of text. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

export function createFileLogger(dataRoot: string, mirror: ((line: string) => void) | null = null): Logger {
  const filePath = join(dataRoot, 'logs', 'simfleet.log');
  const secrets = new Set<string>();
  let ready = false;
  return {
    filePath,
    addSecret: (secret) => {
      if (secret) secrets.add(secret);
    },
    log(level, event, fields = {}) {
      const line = redact(JSON.stringify({ at: new Date().toISOString(), level, event, ...fields }), secrets);
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
