/**
 * What crosses the bridge: the payloads of the contract's methods and events, shaped for
 * the screens. Built from the domain (`domain.ts`); nothing on disk is built from these.
 */
import { z } from 'zod';
import {
  BatchStatusSchema,
  CalibrationSchema,
  ConnectionTestRecordSchema,
  EnvironmentProfileSchema,
  EnvironmentSchema,
  FindingSeveritySchema,
  LabelSettingsSchema,
  LabelStockSchema,
  OverridesSchema,
  ProvisioningProfileSchema,
  PrinterDpiSchema,
  QrContentSchema,
  RowStateSchema,
} from './domain';

/** An error the user can act on, as it crosses the bridge (Electron keeps only `message` of a thrown Error). */
export const AppErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
/** An error value with a machine code and a human message. */
export type AppError = z.infer<typeof AppErrorSchema>;

/** What every method resolves to: never a rejected promise for an expected failure. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Which surface is serving the services: the Electron app, the loopback test host or the CLI. */
  host: z.enum(['electron', 'web-host', 'cli']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const ConnectionStateSchema = z.enum([
  'simulator-running',
  'simulator-stopped',
  'not-configured',
  'not-tested',
  'test-failed',
  'connected',
  'unreachable',
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

export const EnvironmentStatusSchema = z.object({
  environment: EnvironmentSchema,
  /** The Telegent base URL in use: the loopback simulator in practice mode. */
  apiBaseUrl: z.string(),
  connection: ConnectionStateSchema,
  /** Practice mode's Telegent: the simulator this app starts, or a shared one (Settings → Fleet, \`--simulator\`); null in production. */
  simulator: z.enum(['built-in', 'shared']).nullable(),
  /** Environment-specific data folder; practice and production never share one. */
  dataDir: z.string(),
});
export type EnvironmentStatus = z.infer<typeof EnvironmentStatusSchema>;

/** Settings as the renderer sees them. Secrets are never part of settings. */
export const SettingsViewSchema = z.object({
  environment: EnvironmentSchema,
  rateLimitPerMinute: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  practice: EnvironmentProfileSchema.extend({ simulatorUrl: z.string() }),
  production: EnvironmentProfileSchema.extend({
    apiBaseUrl: z.string(),
    connectionTest: ConnectionTestRecordSchema.nullable(),
  }),
  labels: LabelSettingsSchema,
  /** Set when the settings file was unreadable and was backed up and reset. */
  notice: z.string().nullable(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const CredentialStatusSchema = z.object({
  set: z.boolean(),
  /** `DID-1234…abcd`: enough to recognise the key, never the secret. */
  accountKeyHint: z.string().nullable(),
  storage: z.enum(['keychain', 'memory']),
  /** The keychain problem, if reading failed (locked, no Secret Service, ...). */
  problem: AppErrorSchema.nullable(),
  /** Whether production's connection test stands for these credentials (main/environment/production-tested.ts): the switch's rule, and the gate's. */
  productionTested: z.boolean(),
});
export type CredentialStatus = z.infer<typeof CredentialStatusSchema>;

/** The station's place in a fleet, for the Settings card and the status bar (docs/fleet.md). */
export const FleetStatusSchema = z.object({
  /** A fleet is set up in Settings. */
  configured: z.boolean(),
  /** Joined and registered in the database now. */
  joined: z.boolean(),
  station: z.string().nullable(),
  /** The database as it may be shown: no password. */
  database: z.string().nullable(),
  caFile: z.string(),
  /** How the connection is protected, as used ("TLS, the server's certificate checked against …", "not encrypted"), or null. */
  tls: z.string().nullable(),
  /** The database answers now. */
  available: z.boolean(),
  /** What is wrong, and what to do, when it is not joined or not answering. */
  problem: z.string().nullable(),
  /** Where the password is kept. */
  storage: z.enum(['keychain', 'memory']),
});
export type FleetStatus = z.infer<typeof FleetStatusSchema>;

/** One finding of the account audit, as the Account screen shows it (docs/audit.md, "Findings"). */
export const AuditFindingViewSchema = z.object({
  kind: z.enum(['double', 'unrecorded', 'gone']),
  iccid: z.string().nullable(),
  numbers: z.array(z.object({ number: z.string(), status: z.string(), purchasedAt: z.string().nullable(), recorded: z.boolean() })),
  batches: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The finding said for people, with what to do. */
  text: z.string(),
  /** Numbers the operator may release from here (never the recorded one), and the one they may adopt. */
  release: z.array(z.string()),
  adopt: z.string().nullable(),
});
export type AuditFindingView = z.infer<typeof AuditFindingViewSchema>;

/** An account audit that finished: when, by which station, and what it found. */
export const AuditViewSchema = z.object({
  at: z.string(),
  station: z.string(),
  environment: EnvironmentSchema,
  numbersOnAccount: z.number().int(),
  pages: z.number().int(),
  notOurs: z.number().int(),
  findings: z.array(AuditFindingViewSchema),
  unreadableBatches: z.array(z.string()),
});
export type AuditView = z.infer<typeof AuditViewSchema>;

/** The newest account audit of a fleet: when, by which station, and how many findings (docs/audit.md, "In a fleet"). */
export const FleetAuditViewSchema = z.object({ at: z.string(), station: z.string(), numbers: z.number().int(), findings: z.number().int() });
export type FleetAuditView = z.infer<typeof FleetAuditViewSchema>;

/** Another station's running batch, for the Batches screen. */
export const FleetBatchSchema = z.object({
  station: z.string(),
  batchId: z.string(),
  name: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  ratePerMinute: z.number(),
  updatedAt: z.string(),
});
export type FleetBatch = z.infer<typeof FleetBatchSchema>;

export const ConnectionTestResultSchema = z.object({
  environment: EnvironmentSchema,
  apiBaseUrl: z.string(),
  messageRoutes: z.number().int(),
  voiceRoutes: z.number().int(),
  accounts: z.number().int(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

export const ListItemSchema = z.object({ id: z.string(), name: z.string(), detail: z.string().nullable() });
export type ListItem = z.infer<typeof ListItemSchema>;
/** A dropdown's source: the items, or why the list could not be fetched (the form then offers manual entry). */
export const ListResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), items: z.array(ListItemSchema) }),
  z.object({ ok: z.literal(false), error: AppErrorSchema }),
]);
export type ListResult = z.infer<typeof ListResultSchema>;

export const AccountListsSchema = z.object({
  messageRoutes: ListResultSchema,
  voiceRoutes: ListResultSchema,
  accounts: ListResultSchema,
  subscribers: ListResultSchema,
});
export type AccountLists = z.infer<typeof AccountListsSchema>;

export const FindingSchema = z.object({
  /** Line (text) or row (Excel) number in the source file. */
  line: z.number().int(),
  column: z.string(),
  value: z.string(),
  /** error: row left out; warning: row kept, operator may exclude it; notice: already provisioned here, left out. */
  severity: FindingSeveritySchema,
  code: z.string(),
  message: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const ImportRowSchema = z.object({
  line: z.number().int(),
  raw: z.string(),
  /** The normalised ICCID, or null when the value could not be read as one. */
  iccid: z.string().nullable(),
  status: z.enum(['ok', 'warning', 'error', 'provisioned']),
  excluded: z.boolean(),
  codes: z.array(z.string()),
  message: z.string(),
  /** Each finding in full, for the row-detail panel (the table shows short reasons). */
  findings: z.array(z.object({ severity: FindingSeveritySchema, code: z.string(), message: z.string() })),
  overrides: OverridesSchema,
});
export type ImportRow = z.infer<typeof ImportRowSchema>;

export const ImportSummarySchema = z.object({
  rows: z.number().int(),
  ok: z.number().int(),
  warnings: z.number().int(),
  errors: z.number().int(),
  duplicates: z.number().int(),
  alreadyProvisioned: z.number().int(),
  excluded: z.number().int(),
  /** Rows a batch would provision. */
  importable: z.number().int(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

/** The preview's row filters; their counts come with the view, the rows a page at a time. */
export const ImportFilterSchema = z.enum(['all', 'problems', 'errors', 'warnings', 'duplicates', 'provisioned', 'excluded', 'ok']);
export type ImportFilter = z.infer<typeof ImportFilterSchema>;

export const ImportViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.enum(['file', 'paste', 'scan']),
  format: z.enum(['csv', 'xlsx', 'text']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheet: z.string().nullable(),
  /** A workbook's visible sheets with data; the operator can pick another. */
  sheets: z.array(z.string()),
  hasHeader: z.boolean(),
  columns: z.array(z.string()),
  iccidColumn: z.number().int(),
  chosenBy: z.enum(['header', 'content', 'operator', 'none']),
  overrideColumns: z.record(z.string(), z.string()),
  /** What was skipped or not used, said once each (summary lines at the end, an override column that holds something else). */
  notes: z.array(z.string()),
  summary: ImportSummarySchema,
  /** Rows per filter (the same numbers as the summary, so tiles and filters agree). */
  counts: z.record(ImportFilterSchema, z.number().int()),
  findingCount: z.number().int(),
  /** A scan session's refused scans (0 for files). */
  rejectedScans: z.number().int(),
  /** The latest refused scans of a scan session, oldest first, each with why (none for files). */
  rejections: z.array(z.object({ value: z.string(), message: z.string(), at: z.string() })),
  /** Rows with warnings the operator left out (for "Include warnings again"). */
  warningsLeftOut: z.number().int(),
  /** Changes whenever rows change (column, sheet, Include), so pages fetched before are refetched. */
  revision: z.number().int(),
  createdAt: z.string(),
});
export type ImportView = z.infer<typeof ImportViewSchema>;

/** A page of an import's rows: a big list is never sent whole (2.4 million rows would not fit in the renderer). */
export const ImportRowsPageSchema = z.object({
  revision: z.number().int(),
  /** Rows the filter and search keep. */
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(ImportRowSchema),
});
export type ImportRowsPage = z.infer<typeof ImportRowsPageSchema>;

export const ScanResultSchema = z.object({
  accepted: z.boolean(),
  /** What the operator sees and hears: short, readable from a metre away. */
  message: z.string(),
  iccid: z.string().nullable(),
  summary: ImportSummarySchema,
  row: ImportRowSchema.nullable(),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;

/** Files up to this size are imported. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** How many ICCIDs that is, one 20-digit ICCID a line (bench/import.ts reads 2.4 million in 48 MB); said the same everywhere. */
export const MAX_IMPORT_ICCIDS = 'about 2.4 million ICCIDs';

/** A batch as listed: its status, or `damaged` when the journal cannot be read at all (listed with the reason, never hidden). */
export const BatchListStatusSchema = z.enum([...BatchStatusSchema.options, 'damaged']);

export const BatchSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  environment: EnvironmentSchema,
  apiBaseUrl: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: BatchListStatusSchema,
  total: z.number().int(),
  counts: z.record(RowStateSchema, z.number().int()),
  /** Rows in a final state (provisioned, failed, skipped, cancelled). */
  done: z.number().int(),
  /** Provisioned per minute over the last minute. */
  ratePerMinute: z.number(),
  /** Seconds left from the pace of the last minute; null while still estimating, or when not running. */
  etaSeconds: z.number().nullable(),
  /** Seconds until Telegent's "too many requests" (HTTP 429) hold ends; null when not held. */
  heldSeconds: z.number().nullable(),
  /** Provisioned rows whose number Telegent gave another SIM too: they need attention. */
  flagged: z.number().int(),
  /** Paused by the engine (it says why in `message`), not by the operator. */
  selfPaused: z.boolean(),
  /** Why the batch paused itself, if it did. */
  message: z.string().nullable(),
  /** Some answer of this batch was lost (a timeout, a crash, damage) or a number was given twice: an account audit is offered. */
  auditAdvised: z.boolean(),
  /** After a cancel: when, and how the rows already in flight ended after it (they cannot be called back). */
  cancelled: z
    .object({
      at: z.string(),
      provisioned: z.number().int(),
      failed: z.number().int(),
      /** Bought earlier (found in the purchase log or by lookup) rather than by this request. */
      skipped: z.number().int(),
    })
    .nullable(),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

export const BatchRowViewSchema = z.object({
  index: z.number().int(),
  line: z.number().int(),
  iccid: z.string(),
  state: RowStateSchema,
  number: z.string().nullable(),
  nid: z.string().nullable(),
  orderId: z.string().nullable(),
  orderStatus: z.string().nullable(),
  subscriberId: z.string().nullable(),
  message: z.string(),
  /** Provisioned, but Telegent gave its number to another SIM too (docs/exactly-once.md, "One number for two SIMs"): it needs attention. */
  flagged: z.boolean(),
  attempts: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type BatchRowView = z.infer<typeof BatchRowViewSchema>;

export const BatchDetailSchema = z.object({ summary: BatchSummarySchema, rows: z.array(BatchRowViewSchema) });
export type BatchDetail = z.infer<typeof BatchDetailSchema>;

export const BatchEstimateSchema = z.object({
  importId: z.string(),
  suggestedName: z.string(),
  count: z.number().int(),
  environment: EnvironmentSchema,
  apiBaseUrl: z.string(),
  accountId: z.string(),
  profile: ProvisioningProfileSchema,
  rateLimitPerMinute: z.number(),
  estimatedSeconds: z.number(),
  /** SIMs with warnings the operator kept in (the first few named), for the confirmation. */
  warnings: z.object({ count: z.number().int(), first: z.array(z.object({ line: z.number().int(), iccid: z.string(), codes: z.array(z.string()) })) }),
  /** Per-SIM values from the list that replace the profile's, by field. */
  overrides: z.array(z.object({ field: z.string(), count: z.number().int() })),
  /** Problems that block the start (profile invalid, no credentials); empty when ready. */
  blockers: z.array(z.string()),
});
export type BatchEstimate = z.infer<typeof BatchEstimateSchema>;

/** Which labels to make, and how. */
export const LabelRequestSchema = z.object({
  batchId: z.string(),
  /** Import lines to print, as the operator writes them ("2-10, 15"; reprints); all provisioned rows when absent. */
  lines: z.string().max(2000).optional(),
  stockId: z.string(),
  qr: QrContentSchema,
  barcode: z.boolean(),
  /** The resolution chosen on screen; a saved printer's own wins (preload/printer-resolution.ts). */
  dpi: PrinterDpiSchema,
  /** Printer name for its calibration; "PDF" for exports. */
  printer: z.string().max(200),
  /** Labels already used on the first sheet. */
  skip: z.number().int().min(0).max(200),
});
export type LabelRequest = z.infer<typeof LabelRequestSchema>;

export const BoxSchema = z.object({ xMm: z.number(), yMm: z.number(), widthMm: z.number(), heightMm: z.number() });
export const LabelSheetViewSchema = z.object({
  stock: LabelStockSchema,
  pages: z.number().int(),
  /** Labels in the whole run (all pages). */
  total: z.number().int(),
  practice: z.boolean(),
  /** The printer resolution the sheet is laid out for (a saved printer's own, when one is chosen). */
  dpi: PrinterDpiSchema,
  calibration: CalibrationSchema,
  warnings: z.array(z.string()),
  labels: z.array(
    z.object({
      page: z.number().int(),
      xMm: z.number(),
      yMm: z.number(),
      widthMm: z.number(),
      heightMm: z.number(),
      iccid: z.string(),
      qrText: z.string(),
      qrDataUrl: z.string(),
      qr: BoxSchema,
      barcodeDataUrl: z.string().nullable(),
      barcode: BoxSchema.nullable(),
      text: BoxSchema,
      lines: z.array(z.object({ text: z.string(), sizeMm: z.number(), bold: z.boolean(), mono: z.boolean() })),
    }),
  ),
});
export type LabelSheetView = z.infer<typeof LabelSheetViewSchema>;

/** How a direct printer is, before a job: ready, or what to fix. */
export const PrinterStatusSchema = z.object({ ready: z.boolean(), problems: z.array(z.string()), message: z.string() });
export type PrinterStatus = z.infer<typeof PrinterStatusSchema>;

/** What a job sent to a direct printer did. */
export const SendReportSchema = z.object({
  total: z.number().int(),
  /** Labels the printer (or CUPS) has. */
  sent: z.number().int(),
  /** Import lines of labels that may not have printed, as "8-11, 15" (empty when none). */
  notConfirmed: z.string(),
  /** Why the job stopped early, or null. */
  problem: z.string().nullable(),
  /** In words for the operator: what happened and what to do. */
  message: z.string(),
});
export type SendReport = z.infer<typeof SendReportSchema>;

export const VerifyResultSchema = z.object({
  match: z.boolean(),
  message: z.string(),
  verified: z.number().int(),
  total: z.number().int(),
});
export type VerifyResult = z.infer<typeof VerifyResultSchema>;

export const FileSchema = z.object({ fileName: z.string(), base64: z.string(), mime: z.string() });
