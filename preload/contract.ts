/**
 * The whole API between the renderer and the main-process services, in one place.
 *
 * Main registers one handler per method from this list (validating every payload
 * with the request schema), preload exposes one named function per method, the
 * loopback test host serves the same list over HTTP, and the renderer's
 * `window.simfleet` type is derived from it. Add a method here and every surface
 * gets it; forget a schema and nothing compiles. The payloads are in `views.ts`, built
 * from the domain (`domain.ts`); this file holds only the method and event tables.
 */
import { z } from 'zod';
import {
  CalibrationSchema,
  DirectPrinterSchema,
  EnvironmentSchema,
  LabelSettingsSchema,
  LabelStockSchema,
  ProvisioningProfileSchema,
  PrinterDpiSchema,
  QrContentSchema,
} from './domain';
import {
  AccountListsSchema,
  AppInfoSchema,
  AuditViewSchema,
  BatchDetailSchema,
  BatchEstimateSchema,
  BatchRowViewSchema,
  BatchSummarySchema,
  ConnectionTestResultSchema,
  CredentialStatusSchema,
  EnvironmentStatusSchema,
  FileSchema,
  FleetAuditViewSchema,
  FleetBatchSchema,
  FleetStatusSchema,
  ImportFilterSchema,
  ImportRowsPageSchema,
  ImportViewSchema,
  LabelRequestSchema,
  LabelSheetViewSchema,
  MAX_IMPORT_BYTES,
  ScanResultSchema,
  SendReportSchema,
  PrinterStatusSchema,
  SettingsViewSchema,
  VerifyResultSchema,
  type Result,
} from './views';

/** Declares one method: what it accepts and what it answers. */
function method<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response } as const;
}

/** Methods that take nothing. */
const NoInput = z.void();

/** Every method, by namespace. */
/** What the Fleet card sends: the URL as typed (a password in it is taken out), the password, the station's name, a CA file. */
const FleetInputSchema = z.object({
  url: z.string().min(1).max(500),
  password: z.string().max(500),
  station: z.string().max(60),
  caFile: z.string().max(500),
});

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
    /** The standalone simulator a practice fleet shares, on this computer (empty: the built-in one). */
    savePracticeSimulator: method(z.object({ url: z.string().max(300) }), SettingsViewSchema),
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
    saveDefaults: method(z.object({ stockId: z.string(), qr: QrContentSchema, barcode: z.boolean(), dpi: PrinterDpiSchema }), LabelSettingsSchema),
    /** One page of the sheet (the preview lays out only what it shows). */
    sheet: method(LabelRequestSchema.extend({ page: z.number().int().min(0).default(0) }), LabelSheetViewSchema),
    pdf: method(LabelRequestSchema, FileSchema),
    zpl: method(LabelRequestSchema, FileSchema),
    images: method(LabelRequestSchema.extend({ format: z.enum(['png', 'svg']) }), FileSchema),
    printers: method(NoInput, z.array(z.object({ name: z.string(), isDefault: z.boolean() }))),
    print: method(LabelRequestSchema.extend({ silent: z.boolean() }), z.object({ labels: z.number().int() })),
    /** Saves (or replaces, by name) a printer labels go to directly; its address is checked. */
    savePrinter: method(DirectPrinterSchema, LabelSettingsSchema),
    deletePrinter: method(z.object({ name: z.string() }), LabelSettingsSchema),
    /** The CUPS queues of this computer, to pick from when saving a printer (empty without CUPS). */
    cupsQueues: method(NoInput, z.array(z.object({ name: z.string(), isDefault: z.boolean() }))),
    /** Asks a saved printer how it is (a Zebra's host status, a CUPS queue's presence). */
    printerStatus: method(z.object({ name: z.string() }), PrinterStatusSchema),
    /** One sample label to a saved printer, to check it before a real job. */
    testPrint: method(z.object({ name: z.string(), stockId: z.string() }), SendReportSchema),
    /** Sends the labels straight to a saved printer (`printer` is its name). */
    send: method(LabelRequestSchema, SendReportSchema),
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
      z.object({
        batchId: z.string(),
        format: z.enum(['csv', 'xlsx']),
        /** Only these lines; without them the whole mapping, the rows of the list the batch did not take included. */
        lines: z.string().max(2000).optional(),
      }),
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
    /** A batch's every row with its state and message (the batch results file; the customer mapping is exports.mapping). */
    resultsCsv: method(z.object({ id: z.string() }), z.object({ fileName: z.string(), csv: z.string() })),
    purchaseLogCsv: method(NoInput, z.object({ fileName: z.string(), csv: z.string() })),
    /** Damaged lines of the purchase log: reported, and their ICCIDs looked up before any purchase. */
    purchaseLogDamage: method(NoInput, z.array(z.object({ line: z.number().int(), reason: z.string(), iccids: z.array(z.string()) }))),
  },
  fleet: {
    status: method(NoInput, FleetStatusSchema),
    /** Connects with what was typed, without saving or joining: what the database holds. */
    test: method(FleetInputSchema, z.object({ message: z.string() })),
    /** Joins (the password goes to the keychain) and saves the fleet in Settings; refused while batches run. */
    join: method(FleetInputSchema, FleetStatusSchema),
    leave: method(NoInput, FleetStatusSchema),
    /** The other stations' running batches. */
    others: method(NoInput, z.array(FleetBatchSchema)),
    /** The newest account audit by any station of the fleet, or null (none yet, or not in a fleet). */
    lastAudit: method(NoInput, FleetAuditViewSchema.nullable()),
  },
  /** After the sale (docs/audit.md): the account audit, and the changes it leads to, each confirmed by the operator. */
  account: {
    /** Reads the whole inventory and compares it (progress: `auditProgress`); the result is kept as the last audit. */
    audit: method(NoInput, AuditViewSchema),
    /** The last audit of this environment, by any station sharing the data folder or the fleet, or null. */
    lastAudit: method(NoInput, AuditViewSchema.nullable()),
    /** Releases (cancels) an extra number, exactly once; the number on a SIM's label is refused. */
    release: method(z.object({ number: z.string().max(20), confirmed: z.literal(true) }), z.object({ message: z.string() })),
    /** Records an unrecorded purchase into the purchase log and its batch's mapping. */
    adopt: method(z.object({ number: z.string().max(20), confirmed: z.literal(true) }), z.object({ message: z.string() })),
    /** Moves a damaged card's number onto a new card (swap-sim), exactly once; answers where its new label is. */
    replaceCard: method(
      z.object({ damaged: z.string().max(200), replacement: z.string().max(200), confirmed: z.literal(true) }),
      z.object({ message: z.string(), batchId: z.string(), line: z.number().int().nullable() }),
    ),
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
  /** A label PDF being made: pages done of all (one event per page). */
  labelsProgress: z.object({ what: z.string(), done: z.number().int(), total: z.number().int() }),
  /** The station joined or left a fleet, or its database stopped or started answering. */
  fleetChanged: FleetStatusSchema,
  /** An account audit reading the inventory: numbers read of the total the account gave. */
  auditProgress: z.object({
    numbers: z.number().int(),
    total: z.number().int().nullable(),
    /** The pages still to read at the account's rate limit, in seconds; null until the account said its total. */
    secondsLeft: z.number().nullable(),
  }),
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
