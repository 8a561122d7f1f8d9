/**
 * The settings file's schema, its defaults and its migrations. Secrets are never
 * settings: credentials live in the OS keychain.
 */
import { DEFAULT_DPI } from '../../preload/printer-resolution';
import { z } from 'zod';
import {
  ConnectionTestRecordSchema,
  EnvironmentSchema,
  FleetSettingsSchema,
  LabelSettingsSchema,
  ProvisioningProfileSchema,
  type LabelSettings,
  type ProvisioningProfile,
} from '../../preload/domain';
import { DEFAULT_STOCK_ID, PRACTICE_IDS, PRODUCTION_API_URL } from '../../preload/constants';

export const SETTINGS_VERSION = 1;

/** Production starts with no routes chosen: they come from the supervisor's own account. */
export const DEFAULT_PROFILE: ProvisioningProfile = {
  NumberType: 'mvno',
  MessageType: 'p2p',
  ProductType: 'Sms+Data',
  MessageEnabled: true,
  VoiceEnabled: false,
  DataEnabled: true,
  MessageRouteId: '',
  VoiceRouteId: '',
  AreaCode: '',
  ZipCode: '',
  AssignedSubscriberId: '',
};

/** Practice starts ready to run: the simulator's own message route is preselected. */
export const PRACTICE_PROFILE: ProvisioningProfile = {
  ...DEFAULT_PROFILE,
  MessageRouteId: PRACTICE_IDS.messageRoute,
};

export const DEFAULT_LABELS: LabelSettings = {
  stockId: DEFAULT_STOCK_ID,
  qr: 'compact',
  barcode: true,
  dpi: DEFAULT_DPI,
  customStocks: [],
  calibrations: {},
  printers: [],
};

const ProfileBlock = z.object({ accountId: z.string().default(''), profile: ProvisioningProfileSchema });

export const StoredSettingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  // A new install starts in practice mode.
  environment: EnvironmentSchema.default('practice'),
  rateLimitPerMinute: z.number().int().min(1).max(6000).default(50),
  concurrency: z.number().int().min(1).max(64).default(4),
  practice: ProfileBlock.extend({
    /** A standalone simulator on this computer shared by a practice fleet (docs/fleet.md); empty: the built-in one. */
    simulatorUrl: z.string().default(''),
  }).default({ accountId: '', profile: PRACTICE_PROFILE, simulatorUrl: '' }),
  production: ProfileBlock.extend({
    apiBaseUrl: z.string().default(PRODUCTION_API_URL),
    connectionTest: ConnectionTestRecordSchema.nullable().default(null),
  }).default({ accountId: '', profile: DEFAULT_PROFILE, apiBaseUrl: PRODUCTION_API_URL, connectionTest: null }),
  labels: LabelSettingsSchema.default(DEFAULT_LABELS),
  /** A station alone has none; settings of earlier versions have none (docs/fleet.md). */
  fleet: FleetSettingsSchema.nullable().default(null),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

/** Fresh settings for a new station. */
export function defaultSettings(): StoredSettings {
  return StoredSettingsSchema.parse({ schemaVersion: SETTINGS_VERSION });
}

/** Steps from each older version to the next; the file is rewritten after migrating. */
const MIGRATIONS: Readonly<Record<number, (old: Record<string, unknown>) => Record<string, unknown>>> = {
  // Version 0, the unversioned file of early builds, was flat: one profile, one base URL.
  0: (old) => {
    const { productionApiBaseUrl, accountId, profile, ...rest } = old;
    const next: Record<string, unknown> = { ...rest, schemaVersion: 1 };
    if (profile !== undefined || accountId !== undefined || productionApiBaseUrl !== undefined) {
      next['production'] = {
        ...(profile === undefined ? { profile: DEFAULT_PROFILE } : { profile }),
        ...(accountId === undefined ? {} : { accountId }),
        ...(productionApiBaseUrl === undefined ? {} : { apiBaseUrl: productionApiBaseUrl }),
      };
    }
    return next;
  },
};

/** Brings a raw object up to the current version, or explains why it cannot. */
export function migrate(raw: unknown): { ok: true; value: StoredSettings } | { ok: false; reason: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'it is not a JSON object' };
  let current = raw as Record<string, unknown>;
  let version = typeof current['schemaVersion'] === 'number' ? (current['schemaVersion'] as number) : 0;
  if (version > SETTINGS_VERSION) {
    return { ok: false, reason: `it was written by a newer SimFleet (settings version ${version})` };
  }
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) return { ok: false, reason: `there is no migration from settings version ${version}` };
    current = step(current);
    version += 1;
  }
  const parsed = StoredSettingsSchema.safeParse(current);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'a value'} is invalid (${issue?.message ?? 'unknown'})` };
  }
  return { ok: true, value: parsed.data };
}
