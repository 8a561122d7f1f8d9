/**
 * The settings file's schema, its defaults and its migrations. Secrets are never
 * settings: credentials live in the OS keychain.
 */
import { z } from 'zod';
import { EnvironmentSchema, ProvisioningProfileSchema, type ProvisioningProfile } from '../../preload/contract';

export const SETTINGS_VERSION = 1;

export const PRODUCTION_API_BASE = 'https://api.telegent.com';

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

export const StoredSettingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  // A new install starts in practice mode.
  environment: EnvironmentSchema.default('practice'),
  productionApiBaseUrl: z.string().default(PRODUCTION_API_BASE),
  accountId: z.string().default(''),
  profile: ProvisioningProfileSchema.default(DEFAULT_PROFILE),
  rateLimitPerMinute: z.number().int().min(1).max(6000).default(50),
  concurrency: z.number().int().min(1).max(64).default(4),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

/** Fresh settings for a new station. */
export function defaultSettings(): StoredSettings {
  return StoredSettingsSchema.parse({ schemaVersion: SETTINGS_VERSION });
}

/** Steps from each older version to the next; the file is rewritten after migrating. */
const MIGRATIONS: Readonly<Record<number, (old: Record<string, unknown>) => Record<string, unknown>>> = {
  // Version 0 was the unversioned file of early builds: same fields, no schemaVersion.
  0: (old) => ({ ...old, schemaVersion: 1 }),
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
