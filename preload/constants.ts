/**
 * Values more than one part of SimFleet must agree on, in one place: the production
 * API, the default label stock, the practice account's identifiers (the simulator serves
 * them, practice settings preselect them) and the formats Telegent accepts for per-SIM
 * fields (the Settings form, the import and main all check the same patterns).
 */

/** Telegent production; paths already carry `/v1.0`, so it is never added twice. */
export const PRODUCTION_API_URL = 'https://api.telegent.com';

/** The stock a new station prints on. */
export const DEFAULT_STOCK_ID = 'avery-5160';

/** The practice simulator's account: what practice mode lists and preselects. */
export const PRACTICE_IDS = {
  accountId: 'AID-7f3c2a10-5d1e-4c8b-9a6f-practice0001',
  messageRoute: 'MRID-73af1e73-d7b3-4696-bdd9-5b407c96fc8a',
  backupMessageRoute: 'MRID-0b9d3e52-61a4-4f0e-8c11-2f7d9e4a6b30',
  voiceRoute: 'CRID-4dec6beb-3985-444b-8c06-8baa70dc1450',
  subscriber: 'TSUID-1234567999',
} as const;

/** Formats of the per-SIM fields Telegent accepts (empty means "use the profile's"). */
export const FIELD_PATTERNS = {
  AreaCode: /^\d{3}$/,
  ZipCode: /^\d{5}$/,
  AssignedSubscriberId: /^TSUID-[A-Za-z0-9-]+$/,
  AccountId: /^AID-[A-Za-z0-9-]+$/,
} as const;

/** How a mapping file's Environment column names each environment; `simfleet labels` reads it back. */
export const ENVIRONMENT_MARK = { practice: 'PRACTICE', production: 'PRODUCTION' } as const;
