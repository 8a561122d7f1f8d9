/**
 * Services outside Electron (test host, `npm run dev:web`, the CLI): the same
 * services, with `conf` for settings instead of electron-store.
 */
import { mkdirSync } from 'node:fs';
import pkg from '../../package.json' with { type: 'json' };
import type { AppInfo } from '../../preload/views';
import type { CredentialStore } from '../credentials/credential-store';
import { KeytarCredentialStore } from '../credentials/keytar-store';
import { createEventBus, type EventBus } from '../bridge/event-bus';
import { createPracticeSimulator, practiceSimulatorFile } from '../environment/practice-simulator';
import { createFileLogger, type Logger } from '../logging/logger';
import type { SimulatorOptions } from '../simulator/server';
import { overlaySettings } from '../settings/run-overlay';
import type { StoredSettings } from '../settings/schema';
import { openConfSettings } from '../settings/conf-settings';
import { createServices, type ServiceDeps, type Services } from './create-services';
import type { FleetMembership } from '../fleet/fleet-membership';
import type { FleetPasswordStore } from '../fleet/fleet-password';

export interface HeadlessOptions {
  readonly dataRoot: string;
  readonly host: AppInfo['host'];
  readonly simulator?: SimulatorOptions;
  /** Where credentials live; the OS keychain unless a test passes a memory store. */
  readonly credentials?: CredentialStore;
  /** Copy every log line to stderr as well as the log file. */
  readonly logToStderr?: boolean;
  /** Client tuning (tests shorten retries). */
  readonly clientOptions?: ServiceDeps['clientOptions'];
  readonly enginePolicy?: ServiceDeps['enginePolicy'];
  /** Per-run options laid over the saved settings, never written back (the CLI's flags). */
  readonly settingsOverlay?: (saved: StoredSettings) => StoredSettings;
  readonly waitForLocks?: boolean;
  readonly practiceStandaloneUrl?: string;
  /** This station's fleet membership (the CLI's --fleet). */
  readonly fleet?: FleetMembership;
  /** Where the fleet database password is kept (tests: memory). */
  readonly fleetPasswords?: FleetPasswordStore;
}

export interface HeadlessServices extends Services {
  readonly events: EventBus;
  readonly logger: Logger;
}

/** Opens settings under `dataRoot` and builds the services around them. */
export function openHeadlessServices(options: HeadlessOptions): HeadlessServices {
  mkdirSync(options.dataRoot, { recursive: true });
  const saved = openConfSettings(options.dataRoot);
  const settings = options.settingsOverlay ? overlaySettings(saved, options.settingsOverlay) : saved;
  const events = createEventBus();
  const logger = createFileLogger(options.dataRoot, options.logToStderr ? (line) => process.stderr.write(`${line}\n`) : null);
  const services = createServices({
    host: options.host,
    version: pkg.version,
    dataRoot: options.dataRoot,
    settings,
    practice: createPracticeSimulator({ stateFile: practiceSimulatorFile(options.dataRoot), ...options.simulator }),
    credentials: options.credentials ?? new KeytarCredentialStore(),
    events,
    logger,
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    ...(options.enginePolicy ? { enginePolicy: options.enginePolicy } : {}),
    ...(options.waitForLocks ? { waitForLocks: true } : {}),
    ...(options.practiceStandaloneUrl ? { practiceStandaloneUrl: options.practiceStandaloneUrl } : {}),
    ...(options.fleet ? { fleet: options.fleet } : {}),
    ...(options.fleetPasswords ? { fleetPasswords: options.fleetPasswords } : {}),
    printer: null,
  });
  return { ...services, events, logger };
}
