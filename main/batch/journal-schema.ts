/**
 * The journal's records, parsed strictly on read (docs/exactly-once.md, "Damage"): a
 * line that is not exactly one of these is damage, never skipped. Header versions: 1
 * (no target recorded) and 2 (`target`); newer versions are refused with a message.
 */
import { z } from 'zod';
import { EnvironmentSchema, OverridesSchema, ProvisioningProfileSchema } from '../../preload/domain';
import type { JournalRecord } from './records';

const at = z.string().min(1);
const row = z.number().int().min(0);

const TargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('practice-built-in') }),
  z.object({ kind: z.literal('practice-standalone'), url: z.string() }),
  z.object({ kind: z.literal('production'), url: z.string(), credentials: z.object({ accountKeyHint: z.string(), fingerprint: z.string() }) }),
]);

export const HEADER_VERSIONS = [1, 2] as const;

export const HeaderSchema = z.object({
  t: z.literal('batch'),
  v: z.union([z.literal(1), z.literal(2)]),
  id: z.string().regex(/^[\w-]+$/),
  name: z.string(),
  createdAt: at,
  environment: EnvironmentSchema,
  apiBaseUrl: z.string(),
  target: TargetSchema.optional(),
  accountId: z.string(),
  profile: ProvisioningProfileSchema,
  source: z.string(),
  rows: z.array(z.object({ iccid: z.string().regex(/^\d{1,32}$/), line: z.number().int(), overrides: OverridesSchema })),
});

const nullableString = z.string().nullable();

const RecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('intent'), row, attempt: z.number().int().min(1), at }),
  z.object({
    t: z.literal('provisioned'),
    row,
    at,
    number: z.string().min(1),
    nid: nullableString,
    orderId: nullableString,
    orderStatus: nullableString,
    subscriberId: nullableString,
    zipCode: nullableString,
    lpa: nullableString,
    via: z.enum(['response', 'order', 'lookup']),
  }),
  z.object({ t: z.literal('pending'), row, at, orderId: z.string(), orderStatus: z.string() }),
  z.object({
    t: z.literal('failed'),
    row,
    at,
    code: z.string(),
    message: z.string(),
    retry: z.boolean(),
    retryAt: z.string().optional(),
    orderStatus: z.string().max(100).optional(),
  }),
  z.object({ t: z.literal('uncertain'), row, at, code: z.string(), message: z.string() }),
  z.object({ t: z.literal('not-found'), row, at }),
  z.object({ t: z.literal('lookup-failed'), row, at, message: z.string() }),
  z.object({ t: z.literal('skipped'), row, at, reason: z.enum(['already_provisioned', 'cancelled']), message: z.string() }),
  z.object({ t: z.literal('flagged'), row, at, code: z.literal('duplicate_number'), message: z.string() }),
  z.object({
    t: z.literal('control'),
    at,
    action: z.enum(['pause', 'resume', 'cancel', 'retry-failed', 'reconcile', 'start']),
    reason: z.string().optional(),
    by: z.enum(['operator', 'simfleet']).optional(),
  }),
]);

/** A schema problem in words for people: which field is missing or wrong (never the library's own text). */
function describeIssue(issues: readonly z.core.$ZodIssue[] | undefined, what: string): string {
  const issue = issues?.[0];
  const field = issue?.path.join('.') || '';
  if (!issue || field === '') return `${what} is not in the expected form`;
  const missing = issue.code === 'invalid_type' && /undefined/.test(issue.message);
  return missing ? `${what} has no "${field}"` : `${what}'s "${field}" is not valid`;
}

export type ParsedLine = { readonly ok: true; readonly record: JournalRecord } | { readonly ok: false; readonly reason: string; readonly row: number | null };

/** The row a damaged line is about, when its text still says so. */
function rowOf(line: string): number | null {
  const match = /"row"\s*:\s*(\d+)/.exec(line);
  return match ? Number(match[1]) : null;
}

/** Parses one line after the header. */
export function parseRecordLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'it is not valid JSON', row: rowOf(line) };
  }
  const parsed = RecordSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, reason: describeIssue(parsed.error.issues, 'the record'), row: rowOf(line) };
  }
  return { ok: true, record: parsed.data as JournalRecord };
}

/** Parses the first line; a journal without a valid header cannot be read at all. */
export function parseHeaderLine(line: string | undefined): { ok: true; header: JournalRecord & { t: 'batch' } } | { ok: false; reason: string } {
  if (line === undefined || line.trim() === '') return { ok: false, reason: 'it is empty' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'its first line (the batch header) is not valid JSON' };
  }
  const version = (value as { v?: unknown } | null)?.v;
  if (typeof version === 'number' && version > 2) return { ok: false, reason: `it was written by a newer SimFleet (journal version ${version})` };
  const parsed = HeaderSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, reason: `its header is not valid: ${describeIssue(parsed.error.issues, 'the header')}` };
  }
  return { ok: true, header: parsed.data as JournalRecord & { t: 'batch' } };
}
