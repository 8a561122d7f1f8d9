/**
 * Every command's options, in one light module (docs/cli.md): the command parses its
 * arguments with them, and `--help` is told apart from an option's value with them before
 * any command is loaded.
 */
import { DEFAULT_STOCK_ID } from '../../preload/constants';

export const CHECK_OPTIONS = {
  json: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
  column: { type: 'string' },
  sheet: { type: 'string' },
} as const;

export const PROVISION_OPTIONS = {
  out: { type: 'string' },
  'api-base': { type: 'string' },
  'number-type': { type: 'string' },
  'message-type': { type: 'string' },
  'product-type': { type: 'string' },
  'message-route-id': { type: 'string' },
  'voice-route-id': { type: 'string' },
  'account-id': { type: 'string' },
  'subscriber-id': { type: 'string' },
  'area-code': { type: 'string' },
  'zip-code': { type: 'string' },
  'message-enabled': { type: 'string' },
  'voice-enabled': { type: 'string' },
  'data-enabled': { type: 'string' },
  rate: { type: 'string' },
  concurrency: { type: 'string' },
  name: { type: 'string' },
  'data-dir': { type: 'string' },
  resume: { type: 'string' },
  'retry-failed': { type: 'boolean' },
  wait: { type: 'boolean' },
  column: { type: 'string' },
  sheet: { type: 'string' },
  fleet: { type: 'string' },
  'fleet-password-file': { type: 'string' },
  station: { type: 'string' },
} as const;

export const LABELS_OPTIONS = {
  stock: { type: 'string', default: DEFAULT_STOCK_ID },
  format: { type: 'string' },
  out: { type: 'string' },
  qr: { type: 'string', default: 'compact' },
  dpi: { type: 'string' },
  barcode: { type: 'boolean', default: false },
  environment: { type: 'string' },
  send: { type: 'string' },
  lines: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export const EXPORT_OPTIONS = { format: { type: 'string', default: 'csv' }, out: { type: 'string' }, 'data-dir': { type: 'string' } } as const;

export const SETUP_OPTIONS = {
  'data-dir': { type: 'string' },
  'api-base': { type: 'string' },
  'save-credentials': { type: 'boolean' },
  test: { type: 'boolean' },
  switch: { type: 'string' },
  yes: { type: 'boolean' },
} as const;

/** Joining a fleet for one command that reads or changes what is already bought (docs/audit.md, "In a fleet"). */
const FLEET_MEMBER_OPTIONS = { fleet: { type: 'string' }, 'fleet-password-file': { type: 'string' }, station: { type: 'string' } } as const;

export const AUDIT_OPTIONS = {
  json: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
  'api-base': { type: 'string' },
  'list-not-ours': { type: 'boolean', default: false },
  ...FLEET_MEMBER_OPTIONS,
} as const;

/** A change to what is bought (release, replace-card, adopt): in a fleet, checked against and written to its ledger too. */
const CHANGE_OPTIONS = {
  yes: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
  'api-base': { type: 'string' },
  ...FLEET_MEMBER_OPTIONS,
} as const;

export const RELEASE_OPTIONS = CHANGE_OPTIONS;

export const REPLACE_CARD_OPTIONS = CHANGE_OPTIONS;

export const ADOPT_OPTIONS = CHANGE_OPTIONS;

export const FLEET_OPTIONS = {
  db: { type: 'string' },
  environment: { type: 'string', default: 'practice' },
  json: { type: 'boolean', default: false },
} as const;

export const SIMULATOR_OPTIONS = {
  port: { type: 'string' },
  'account-key': { type: 'string' },
  'account-secret': { type: 'string' },
  'rate-limit': { type: 'string' },
  latency: { type: 'string' },
  'token-ttl': { type: 'string' },
  'test-routes': { type: 'boolean', default: false },
  'duplicate-iccid': { type: 'string', default: 'sell-again' },
  'recycle-every': { type: 'string' },
} as const;
