/**
 * The whole API between the renderer and the main-process services, in one place.
 *
 * Main registers one handler per method from this list (validating every payload
 * with the request schema), preload exposes one named function per method, the
 * loopback test host serves the same list over HTTP, and the renderer's
 * `window.simfleet` type is derived from it. Add a method here and every surface
 * gets it; forget a schema and nothing compiles.
 */
import { z } from 'zod';

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

/** Declares one method: what it accepts and what it answers. */
function method<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response } as const;
}

/** Methods that take nothing. */
const NoInput = z.void();

export const EnvironmentSchema = z.enum(['practice', 'production']);
/** PRACTICE talks to the built-in simulator; PRODUCTION spends real money. */
export type Environment = z.infer<typeof EnvironmentSchema>;

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
  /** Environment-specific data folder; practice and production never share one. */
  dataDir: z.string(),
});
export type EnvironmentStatus = z.infer<typeof EnvironmentStatusSchema>;

export const NumberTypeSchema = z.enum(['mvno', 'iot']);
export const MessageTypeSchema = z.enum(['a2p', 'p2p']);
export const ProductTypeSchema = z.enum(['Sms-Only', 'Data-Only', 'Sms+Data', 'Sms+Data+Voice']);

/** Defaults every batch provisions with (field names as the API spells them). */
export const ProvisioningProfileSchema = z.object({
  NumberType: NumberTypeSchema,
  MessageType: MessageTypeSchema,
  ProductType: ProductTypeSchema,
  MessageEnabled: z.boolean(),
  VoiceEnabled: z.boolean(),
  DataEnabled: z.boolean(),
  MessageRouteId: z.string(),
  VoiceRouteId: z.string(),
  AreaCode: z.string(),
  ZipCode: z.string(),
  AssignedSubscriberId: z.string(),
});
export type ProvisioningProfile = z.infer<typeof ProvisioningProfileSchema>;

/** The last connection test of production credentials (never the secret itself). */
export const ConnectionTestRecordSchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  accountKeyHint: z.string(),
  apiBaseUrl: z.string(),
  message: z.string(),
  /** Whether the failure was the network (unreachable) rather than the account. */
  unreachable: z.boolean(),
  /** Which credentials were tested (a salted hash, never the secret). */
  credentialsFingerprint: z.string().optional(),
});
export type ConnectionTestRecord = z.infer<typeof ConnectionTestRecordSchema>;

/** One environment's account defaults and provisioning profile. */
export const EnvironmentProfileSchema = z.object({
  accountId: z.string(),
  profile: ProvisioningProfileSchema,
});
export type EnvironmentProfile = z.infer<typeof EnvironmentProfileSchema>;

/** Settings as the renderer sees them. Secrets are never part of settings. */
export const SettingsViewSchema = z.object({
  environment: EnvironmentSchema,
  rateLimitPerMinute: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  practice: EnvironmentProfileSchema,
  production: EnvironmentProfileSchema.extend({
    apiBaseUrl: z.string(),
    connectionTest: ConnectionTestRecordSchema.nullable(),
  }),
  labels: z.lazy(() => LabelSettingsSchema),
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
});
export type CredentialStatus = z.infer<typeof CredentialStatusSchema>;

export const ConnectionTestResultSchema = z.object({
  environment: EnvironmentSchema,
  apiBaseUrl: z.string(),
  messageRoutes: z.number().int(),
  voiceRoutes: z.number().int(),
  accounts: z.number().int(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

const ListItemSchema = z.object({ id: z.string(), name: z.string(), detail: z.string().nullable() });
export type ListItem = z.infer<typeof ListItemSchema>;
/** A dropdown's source: the items, or why the list could not be fetched (the form then offers manual entry). */
const ListResultSchema = z.discriminatedUnion('ok', [
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
  severity: z.enum(['error', 'warning', 'notice']),
  code: z.string(),
  message: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const OverridesSchema = z.object({
  AreaCode: z.string().optional(),
  ZipCode: z.string().optional(),
  AssignedSubscriberId: z.string().optional(),
  AccountId: z.string().optional(),
});
export type Overrides = z.infer<typeof OverridesSchema>;

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
  findings: z.array(z.object({ severity: z.enum(['error', 'warning', 'notice']), code: z.string(), message: z.string() })),
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
  summary: ImportSummarySchema,
  /** Rows per filter (the same numbers as the summary, so tiles and filters agree). */
  counts: z.record(ImportFilterSchema, z.number().int()),
  findingCount: z.number().int(),
  /** A scan session's refused scans (0 for files). */
  rejectedScans: z.number().int(),
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

/** Files up to this size are imported (about two million rows of ICCIDs). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const RowStateSchema = z.enum(['queued', 'submitting', 'pending', 'provisioned', 'failed', 'uncertain', 'skipped', 'cancelled']);
export type RowStateName = z.infer<typeof RowStateSchema>;

/** `damaged`: the journal cannot be read at all; listed with the reason, never hidden. */
export const BatchStatusSchema = z.enum(['running', 'paused', 'cancelled', 'finished', 'interrupted', 'damaged']);

export const BatchSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  environment: EnvironmentSchema,
  apiBaseUrl: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: BatchStatusSchema,
  total: z.number().int(),
  counts: z.record(RowStateSchema, z.number().int()),
  /** Rows in a final state (provisioned, failed, skipped, cancelled). */
  done: z.number().int(),
  /** Provisioned per minute over the last minute. */
  ratePerMinute: z.number(),
  etaSeconds: z.number().nullable(),
  /** Why the batch paused itself, if it did. */
  message: z.string().nullable(),
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

/** A label stock (sheet or roll), in millimetres. */
export const LabelStockSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,40}$/),
  name: z.string().min(1).max(80),
  kind: z.enum(['sheet', 'roll']),
  pageWidthMm: z.number().positive().max(1000),
  pageHeightMm: z.number().positive().max(2000),
  columns: z.number().int().min(1).max(20),
  rows: z.number().int().min(1).max(50),
  labelWidthMm: z.number().positive(),
  labelHeightMm: z.number().positive(),
  marginTopMm: z.number().min(0),
  marginLeftMm: z.number().min(0),
  gapXMm: z.number().min(0),
  gapYMm: z.number().min(0),
});
export type LabelStock = z.infer<typeof LabelStockSchema>;

/** Per printer and stock: offset and scale that make a printer's output land true. */
export const CalibrationSchema = z.object({
  offsetXMm: z.number().min(-20).max(20),
  offsetYMm: z.number().min(-20).max(20),
  /** Multiplies every position and size around the page's top-left corner; 1 = true size. */
  scale: z.number().min(0.8).max(1.2),
});
export type Calibration = z.infer<typeof CalibrationSchema>;
export const QrContentSchema = z.enum(['iccid', 'number', 'compact', 'lpa']);

export const LabelSettingsSchema = z.object({
  stockId: z.string(),
  qr: QrContentSchema,
  barcode: z.boolean(),
  dpi: z.number().int().min(100).max(1200),
  customStocks: z.array(LabelStockSchema),
  /** Keyed `printer|stockId` ("PDF" for PDF exports). */
  calibrations: z.record(z.string(), CalibrationSchema),
});
export type LabelSettings = z.infer<typeof LabelSettingsSchema>;

/** Which labels to make, and how. */
export const LabelRequestSchema = z.object({
  batchId: z.string(),
  /** Row indexes to print (reprints); all provisioned rows when absent. */
  indexes: z.array(z.number().int().min(0)).max(200_000).optional(),
  stockId: z.string(),
  qr: QrContentSchema,
  barcode: z.boolean(),
  dpi: z.number().int().min(100).max(1200),
  /** Printer name for its calibration; "PDF" for exports. */
  printer: z.string().max(200),
  /** Labels already used on the first sheet. */
  skip: z.number().int().min(0).max(200),
});
export type LabelRequest = z.infer<typeof LabelRequestSchema>;

const BoxSchema = z.object({ xMm: z.number(), yMm: z.number(), widthMm: z.number(), heightMm: z.number() });
export const LabelSheetViewSchema = z.object({
  stock: LabelStockSchema,
  pages: z.number().int(),
  /** Labels in the whole run (all pages). */
  total: z.number().int(),
  practice: z.boolean(),
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

export const VerifyResultSchema = z.object({
  match: z.boolean(),
  message: z.string(),
  verified: z.number().int(),
  total: z.number().int(),
});
export type VerifyResult = z.infer<typeof VerifyResultSchema>;

const FileSchema = z.object({ fileName: z.string(), base64: z.string(), mime: z.string() });

/** Every method, by namespace. */
export const contract = {
  app: {
    info: method(NoInput, AppInfoSchema),
    /** Opens the folder of a file SimFleet saved in Downloads, with the file selected (desktop app only). */
    showInFolder: method(z.object({ path: z.string().max(4096) }), z.object({ shown: z.literal(true) })),
  },
  environment: {
    status: method(NoInput, EnvironmentStatusSchema),
    /** Switching to production needs saved credentials, a passing test and `confirmed: true`. */
    switch: method(z.object({ to: EnvironmentSchema, confirmed: z.boolean() }), EnvironmentStatusSchema),
  },
  settings: {
    get: method(NoInput, SettingsViewSchema),
    saveProfile: method(z.object({ environment: EnvironmentSchema, accountId: z.string().max(200), profile: ProvisioningProfileSchema }), SettingsViewSchema),
    saveLimits: method(z.object({ rateLimitPerMinute: z.number().int(), concurrency: z.number().int() }), SettingsViewSchema),
    saveApiBaseUrl: method(z.object({ url: z.string().max(500) }), SettingsViewSchema),
  },
  credentials: {
    status: method(NoInput, CredentialStatusSchema),
    save: method(z.object({ accountKey: z.string().max(500), accountSecret: z.string().max(2000) }), CredentialStatusSchema),
    clear: method(NoInput, CredentialStatusSchema),
  },
  imports: {
    /** A file's bytes (base64): CSV, TSV, TXT or .xlsx. */
    fromFile: method(z.object({ name: z.string().min(1).max(260), base64: z.string().max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 8) }), ImportViewSchema),
    fromText: method(z.object({ name: z.string().max(260), text: z.string().max(MAX_IMPORT_BYTES) }), ImportViewSchema),
    get: method(z.object({ id: z.string() }), ImportViewSchema),
    setColumn: method(z.object({ id: z.string(), column: z.number().int().min(0) }), ImportViewSchema),
    /** Reads another sheet of the same workbook. */
    setSheet: method(z.object({ id: z.string(), sheet: z.string().max(200) }), ImportViewSchema),
    setExcluded: method(z.object({ id: z.string(), lines: z.array(z.number().int()).max(1_000_000), excluded: z.boolean() }), ImportViewSchema),
    /** Leaves out (or includes again) every row a filter keeps: "Leave out all warnings" and its undo. */
    setExcludedWhere: method(z.object({ id: z.string(), filter: z.enum(['warnings']), excluded: z.boolean() }), ImportViewSchema),
    /** One page of rows that a filter and an ICCID search keep. */
    rows: method(
      z.object({
        id: z.string(),
        filter: ImportFilterSchema,
        search: z.string().max(40).default(''),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
      }),
      ImportRowsPageSchema,
    ),
    problemsCsv: method(z.object({ id: z.string() }), z.object({ fileName: z.string(), csv: z.string() })),
    /** Scanner station mode: an empty list that grows one scan at a time. */
    startScan: method(NoInput, ImportViewSchema),
    scan: method(z.object({ id: z.string(), value: z.string().max(200) }), ScanResultSchema),
    /** The saved scan session (scans survive navigation and restarts), or null. */
    resumeScan: method(NoInput, ImportViewSchema.nullable()),
    /** Deletes a scan session and its saved scans. */
    discardScan: method(z.object({ id: z.string() }), z.object({ discarded: z.literal(true) })),
  },
  labels: {
    stocks: method(NoInput, z.array(LabelStockSchema)),
    saveStock: method(LabelStockSchema, z.array(LabelStockSchema)),
    deleteStock: method(z.object({ id: z.string() }), z.array(LabelStockSchema)),
    saveDefaults: method(
      z.object({ stockId: z.string(), qr: QrContentSchema, barcode: z.boolean(), dpi: z.number().int().min(100).max(1200) }),
      LabelSettingsSchema,
    ),
    /** One page of the sheet (the preview lays out only what it shows). */
    sheet: method(LabelRequestSchema.extend({ page: z.number().int().min(0).default(0) }), LabelSheetViewSchema),
    pdf: method(LabelRequestSchema, FileSchema),
    zpl: method(LabelRequestSchema.extend({ dpi: z.union([z.literal(203), z.literal(300)]) }), FileSchema),
    images: method(LabelRequestSchema.extend({ format: z.enum(['png', 'svg']) }), FileSchema),
    printers: method(NoInput, z.array(z.object({ name: z.string(), isDefault: z.boolean() }))),
    print: method(LabelRequestSchema.extend({ silent: z.boolean() }), z.object({ labels: z.number().int() })),
    calibrationSheet: method(z.object({ stockId: z.string() }), FileSchema),
    saveCalibration: method(z.object({ printer: z.string().max(200), stockId: z.string(), calibration: CalibrationSchema }), LabelSettingsSchema),
    verify: method(z.object({ batchId: z.string(), labelScan: z.string().max(500), cardScan: z.string().max(200) }), VerifyResultSchema),
    /** Step 1 of scan-to-verify: the label's QR, refused when it is a card or another batch's label. */
    readLabel: method(
      z.object({ batchId: z.string(), labelScan: z.string().max(500) }),
      z.object({ ok: z.boolean(), iccid: z.string().nullable(), message: z.string() }),
    ),
  },
  exports: {
    mapping: method(
      z.object({ batchId: z.string(), format: z.enum(['csv', 'xlsx']), indexes: z.array(z.number().int().min(0)).max(200_000).optional() }),
      FileSchema,
    ),
  },
  batches: {
    estimate: method(z.object({ importId: z.string() }), BatchEstimateSchema),
    start: method(z.object({ importId: z.string(), name: z.string().min(1).max(120) }), BatchSummarySchema),
    list: method(NoInput, z.array(BatchSummarySchema)),
    get: method(z.object({ id: z.string() }), BatchDetailSchema),
    pause: method(z.object({ id: z.string() }), BatchSummarySchema),
    resume: method(z.object({ id: z.string() }), BatchSummarySchema),
    cancel: method(z.object({ id: z.string() }), BatchSummarySchema),
    retryFailed: method(z.object({ id: z.string() }), BatchSummarySchema),
    reconcile: method(z.object({ id: z.string() }), BatchSummarySchema),
    mappingCsv: method(z.object({ id: z.string() }), z.object({ fileName: z.string(), csv: z.string() })),
    purchaseLogCsv: method(NoInput, z.object({ fileName: z.string(), csv: z.string() })),
    /** Damaged lines of the purchase log: reported, and their ICCIDs looked up before any purchase. */
    purchaseLogDamage: method(NoInput, z.array(z.object({ line: z.number().int(), reason: z.string(), iccids: z.array(z.string()) }))),
  },
  connection: {
    test: method(z.object({ environment: EnvironmentSchema }), ConnectionTestResultSchema),
    lists: method(z.object({ environment: EnvironmentSchema, accountId: z.string().max(200) }), AccountListsSchema),
    /** Requests waiting for a free slot in the environment's rate limiter (a running batch fills it), and its rate. */
    queue: method(z.object({ environment: EnvironmentSchema }), z.object({ ahead: z.number().int(), perMinute: z.number() })),
  },
} as const;

/** Every event main pushes to the renderer, with its payload. */
export const events = {
  environmentChanged: EnvironmentStatusSchema,
  /** At most ~10 per second per batch. */
  batchProgress: BatchSummarySchema,
  /** Rows that changed since the last event of this batch. */
  batchRows: z.object({ id: z.string(), rows: z.array(BatchRowViewSchema) }),
  /** The desktop app saved a download (an export, a mapping): where it is. */
  downloadSaved: z.object({ fileName: z.string(), path: z.string() }),
} as const;

export type Contract = typeof contract;
export type Namespace = keyof Contract;
export type EventName = keyof typeof events;

type Req<S> = S extends { readonly request: infer R extends z.ZodType } ? z.input<R> : never;
type Res<S> = S extends { readonly response: infer R extends z.ZodType } ? z.output<R> : never;

/** The renderer's view: one async function per method, one subscribe function per event. */
export type SimFleetApi = {
  readonly [N in Namespace]: {
    readonly [M in keyof Contract[N]]: (request: Req<Contract[N][M]>) => Promise<Result<Res<Contract[N][M]>>>;
  };
} & {
  readonly events: {
    readonly [E in EventName]: (listener: (payload: z.output<(typeof events)[E]>) => void) => () => void;
  };
};

/** What main implements: plain async functions that may throw `UserError`s. */
export type ServiceImpl = {
  readonly [N in Namespace]: {
    readonly [M in keyof Contract[N]]: (
      request: z.output<Contract[N][M] extends { readonly request: infer R extends z.ZodType } ? R : never>,
    ) => Promise<z.input<Contract[N][M] extends { readonly response: infer R extends z.ZodType } ? R : never>>;
  };
};

/** Event payload type by name. */
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** The IPC channel of one method; only names from the contract ever become channels. */
export function methodChannel(namespace: string, name: string): string {
  return `simfleet:${namespace}.${name}`;
}

/** The IPC channel of one event. */
export function eventChannel(name: string): string {
  return `simfleet:event:${name}`;
}

/** Lists [namespace, method] pairs, in declaration order. */
export function methodNames(): ReadonlyArray<readonly [Namespace, string]> {
  return (Object.keys(contract) as Namespace[]).flatMap((ns) => Object.keys(contract[ns]).map((m) => [ns, m] as const));
}
