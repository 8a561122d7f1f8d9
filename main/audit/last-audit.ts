/**
 * The last account audit of an environment (docs/audit.md, "The Account screen"), kept in
 * `<environment>/audit/last-audit.json` so the screen shows it after a restart and every
 * process sharing the data folder sees it. Versioned and parsed with a schema on read: a
 * file that cannot be read is the same as no audit (the operator runs one).
 */
import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AuditViewSchema, type AuditView } from '../../preload/views';
import { writeFileAtomic } from '../files/atomic-write';

const LAST_AUDIT_VERSION = 1;
const FileSchema = z.object({ v: z.literal(LAST_AUDIT_VERSION), audit: AuditViewSchema });

const pathIn = (environmentDir: string): string => join(environmentDir, 'audit', 'last-audit.json');

export async function readLastAudit(environmentDir: string): Promise<AuditView | null> {
  const text = await readFile(pathIn(environmentDir), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = FileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.audit : null;
  } catch {
    return null;
  }
}

export async function writeLastAudit(environmentDir: string, audit: AuditView): Promise<void> {
  await mkdir(join(environmentDir, 'audit'), { recursive: true });
  await writeFileAtomic(pathIn(environmentDir), `${JSON.stringify({ v: LAST_AUDIT_VERSION, audit })}\n`);
}
