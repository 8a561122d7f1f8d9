/**
 * The domain: what a SIM, a profile, an environment, a row and a batch are. Both the
 * contract (what crosses to the renderer, `views.ts`) and the persisted formats (the
 * journal, settings, the purchase log) are built from these schemas, and neither is
 * built from the other: a change to a screen cannot change a file on disk
 * (docs/decisions.md, D1). Plain zod, no Node: the renderer shares it.
 */
import { z } from 'zod';
import { DEFAULT_DPI, PRINTER_DPIS } from './printer-resolution';

export const EnvironmentSchema = z.enum(['practice', 'production']);
/** PRACTICE talks to the built-in simulator; PRODUCTION spends real money. */
export type Environment = z.infer<typeof EnvironmentSchema>;

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

export const OverridesSchema = z.object({
  AreaCode: z.string().optional(),
  ZipCode: z.string().optional(),
  AssignedSubscriberId: z.string().optional(),
  AccountId: z.string().optional(),
});
export type Overrides = z.infer<typeof OverridesSchema>;

/** Where one SIM of a batch stands (docs/exactly-once.md). */
export const RowStateSchema = z.enum(['queued', 'submitting', 'pending', 'provisioned', 'failed', 'uncertain', 'skipped', 'cancelled']);
export type RowState = z.infer<typeof RowStateSchema>;

/** Where a batch stands, as its journal tells it. */
export const BatchStatusSchema = z.enum(['running', 'paused', 'cancelled', 'finished', 'interrupted']);
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

/** How serious an import finding is: error (left out), warning (kept, may be left out), notice (already bought here, left out). */
export const FindingSeveritySchema = z.enum(['error', 'warning', 'notice']);
export type FindingSeverity = z.infer<typeof FindingSeveritySchema>;

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
/** 203, 300 or 600 dpi (preload/printer-resolution.ts). */
export const PrinterDpiSchema = z.union([z.literal(PRINTER_DPIS[0]), z.literal(PRINTER_DPIS[1]), z.literal(PRINTER_DPIS[2])]);

/** A printer SimFleet sends to directly: a networked Zebra (`tcp://HOST[:PORT]`) or a CUPS queue (`cups:QUEUE`). */
export const DirectPrinterSchema = z.object({
  name: z.string().min(1).max(60),
  address: z.string().min(1).max(200),
  /** The printer's resolution: labels sent to it are laid out for it (a Zebra's ZPL, a CUPS queue's PDF). */
  dpi: PrinterDpiSchema,
});
export type DirectPrinter = z.infer<typeof DirectPrinterSchema>;

/**
 * This station's fleet membership (docs/fleet.md): the database URL without its password
 * (the password is in the OS keychain), the station's name, and a CA file for TLS.
 */
export const FleetSettingsSchema = z.object({
  url: z.string().min(1).max(500),
  station: z.string().min(1).max(60),
  /** A CA certificate file: the connection then needs TLS with the server's certificate checked (verify-full). */
  caFile: z.string().max(500).default(''),
});
export type FleetSettings = z.infer<typeof FleetSettingsSchema>;

export const LabelSettingsSchema = z.object({
  stockId: z.string(),
  qr: QrContentSchema,
  barcode: z.boolean(),
  // Earlier versions kept any number from 100 to 1200 here; one no printer resolution has is read as 300.
  dpi: PrinterDpiSchema.catch(DEFAULT_DPI),
  customStocks: z.array(LabelStockSchema),
  /** Keyed `printer|stockId` ("PDF" for PDF exports). */
  calibrations: z.record(z.string(), CalibrationSchema),
  /** Printers labels go to directly, by name (docs/printing.md); settings of earlier versions have none. */
  printers: z.array(DirectPrinterSchema).default([]),
});
export type LabelSettings = z.infer<typeof LabelSettingsSchema>;
