/**
 * A scan session on disk: scanning is physical work (each card picked up, scanned and
 * put on the pile), so an accepted scan is saved before the operator hears the beep and
 * survives navigation, a crash or a restart (docs/import.md, "Scan sessions").
 */
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../files/atomic-write';

/** Refused scans kept with their reason, newest last (the count covers them all). */
export const REJECTIONS_KEPT = 200;

export const RejectedScanSchema = z.object({
  /** What the scanner sent, printable characters only, cut to 40. */
  value: z.string().max(40),
  message: z.string(),
  at: z.string(),
});
export type RejectedScan = z.infer<typeof RejectedScanSchema>;

export const SavedScanSessionSchema = z.object({
  v: z.literal(1),
  id: z.string().min(1),
  name: z.string(),
  createdAt: z.string(),
  /** Accepted ICCIDs in scan order. */
  scans: z.array(z.string().regex(/^\d{18,22}$/)),
  rejected: z.number().int().min(0),
  /** Sessions saved before refused scans were listed have none. */
  rejections: z.array(RejectedScanSchema).max(REJECTIONS_KEPT).default([]),
});
export type SavedScanSession = z.infer<typeof SavedScanSessionSchema>;

export interface ScanSessionStore {
  /** The saved session, or null (none, or a file that no longer parses: it is kept aside, never silently used). */
  load(): Promise<SavedScanSession | null>;
  save(session: SavedScanSession): Promise<void>;
  clear(): Promise<void>;
}

export function fileScanSessionStore(dataRoot: string): ScanSessionStore {
  const path = join(dataRoot, 'scan-session.json');
  // Saves run one after another, so an older state can never overwrite a newer one.
  let chain: Promise<void> = Promise.resolve();
  const queued = (work: () => Promise<void>): Promise<void> => (chain = chain.then(work, work));
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return null;
      }
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // Unreadable: fall through and keep it aside below.
      }
      const parsed = SavedScanSessionSchema.safeParse(json);
      if (parsed.success) return parsed.data;
      await rename(path, `${path}.damaged-${Date.now()}`).catch(() => undefined);
      return null;
    },
    save: (session) =>
      queued(async () => {
        await mkdir(dirname(path), { recursive: true });
        await writeFileAtomic(path, JSON.stringify(SavedScanSessionSchema.parse(session)));
      }),
    clear: () => queued(() => rm(path, { force: true })),
  };
}

/** For tests and the CLI: nothing is saved. */
export const NO_SCAN_STORE: ScanSessionStore = { load: async () => null, save: async () => undefined, clear: async () => undefined };
