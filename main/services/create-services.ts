/**
 * The service object behind the contract: plain Node, served by Electron IPC, the
 * loopback test host and the CLI alike. Each namespace delegates to one capability.
 */
import { checkBaseUrl, isPracticeSimulatorUrl } from '../telegent/base-url';
import { join } from 'node:path';
import type { ServiceImpl } from '../../preload/contract';
import type { AppInfo } from '../../preload/views';
import type { Environment } from '../../preload/domain';
import type { EventBus } from '../bridge/event-bus';
import { createConnectionService } from '../connection/connection-service';
import { createTelegentAccess, type TelegentAccess, type TelegentAccessDeps } from '../connection/telegent-access';
import type { CredentialStore } from '../credentials/credential-store';
import { createCredentialsService } from '../credentials/credentials-service';
import { createEnvironmentService } from '../environment/environment-service';
import type { PracticeSimulator } from '../environment/practice-simulator';
import type { Logger } from '../logging/logger';
import { environmentDir } from '../environment/paths';
import { PurchaseLog } from '../purchases/purchase-log';
import { createBatchService, type BatchService } from '../batch/batch-service';
import type { EnginePolicy } from '../batch/engine';
import { createImportService } from '../import/import-service';
import { fileScanSessionStore } from '../import/scan-session-store';
import { createLabelsService, type LabelPrinter, type LabelsService } from '../labels/labels-service';
import { labelJobs } from '../labels/label-jobs';
import { fleetSnapshot } from '../fleet/fleet-ledger';
import { createFleetService } from '../fleet/fleet-service';
import { unbindFleet } from '../coordination/fleet-binding';
import { localCoordination, type Coordination } from '../coordination/coordination';
import { fleetCoordination } from '../fleet/fleet-coordination';
import { FileIccidClaims } from '../locks/file-claims';
import { KeytarFleetPasswordStore, MemoryFleetPasswordStore, type FleetPasswordStore } from '../fleet/fleet-password';
import type { FleetMembership } from '../fleet/fleet-membership';
import type { LockSurface } from '../locks/batch-lock';
import { createSettingsService } from '../settings/settings-service';
import { createAppService } from './app-service';
import { createAccountService, type AccountService } from '../audit/account-service';
import { hostname } from 'node:os';
import type { SettingsStore } from '../settings/store';

export interface ServiceDeps {
  readonly host: AppInfo['host'];
  readonly version: string;
  readonly dataRoot: string;
  readonly settings: SettingsStore;
  readonly practice: PracticeSimulator;
  readonly credentials: CredentialStore;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly clientOptions?: TelegentAccessDeps['clientOptions'];
  /** Engine tuning (tests shorten waits). */
  readonly enginePolicy?: Partial<EnginePolicy>;
  /** The desktop's file manager (only the desktop app has one). */
  readonly files?: { showInFolder(path: string): void };
  /** The system printers; only the desktop app has them. */
  readonly printer: LabelPrinter | null;
  /** Wait for batches another process runs instead of refusing (the CLI's --wait). */
  readonly waitForLocks?: boolean;
  /** A standalone simulator on loopback plays practice mode (the CLI's --api-base). */
  readonly practiceStandaloneUrl?: string;
  /** A fleet membership made by the caller (the CLI's --fleet) instead of the one Settings name (docs/fleet.md). */
  readonly fleet?: FleetMembership | null;
  /** Where the fleet database password is kept; the keychain when credentials are, else memory. */
  readonly fleetPasswords?: FleetPasswordStore;
}

/** How each surface is named to another process that finds a batch locked. */
const SURFACES: Readonly<Record<AppInfo['host'], LockSurface>> = { electron: 'SimFleet', 'web-host': 'the SimFleet test host', cli: 'simfleet CLI' };

/** A running set of services and what it takes to stop them. */
export interface Services {
  readonly impl: ServiceImpl;
  readonly access: TelegentAccess;
  /** The current environment's purchase log: every ICCID provisioned on this station. */
  purchases(): PurchaseLog;
  readonly batches: BatchService;
  /** Labels and mapping files, with what only the CLI asks of them (labels of a mapping file). */
  readonly labels: LabelsService;
  /** After the sale: the audit, release, adoption and replacement cards (docs/audit.md). */
  readonly account: AccountService;
  /** The in-process practice simulator (tests inject faults through it). */
  readonly practice: PracticeSimulator;
  close(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  // A standalone simulator plays practice: the CLI's --api-base, or the one a practice fleet shares (Settings → Fleet).
  // A saved URL is asked the same rule again when read (an older SimFleet took https, a file may be edited by hand):
  // one that is not a simulator on this computer is never talked to: the built-in simulator plays practice instead,
  // and the practice banner says which one does.
  const practiceUrl = (): string | undefined => {
    if (deps.practiceStandaloneUrl) return deps.practiceStandaloneUrl;
    const saved = deps.settings.read().practice.simulatorUrl;
    const checked = saved ? checkBaseUrl(saved) : null;
    return checked?.ok && isPracticeSimulatorUrl(checked.url) ? checked.url : undefined;
  };
  const standalone = { practiceStandaloneUrl: practiceUrl };
  const access = createTelegentAccess({
    settings: deps.settings,
    practice: deps.practice,
    credentials: deps.credentials,
    logger: deps.logger,
    ...standalone,
    ...(deps.clientOptions ? { clientOptions: deps.clientOptions } : {}),
  });
  const logs = new Map<string, PurchaseLog>();
  /** One set of file claims per environment in this process (they name this process as their holder). */
  const fileClaims = new Map<Environment, FileIccidClaims>();
  /** The coordination chosen for each environment, and the membership it was chosen for. */
  const coordinations = new Map<Environment, { member: FleetMembership | null; coordination: Coordination }>();
  /** The purchase log of an environment (one per data folder, shared by every user of this process). */
  const purchasesIn = (environment: Environment): PurchaseLog => {
    const dir = environmentDir(deps.dataRoot, environment);
    let found = logs.get(dir);
    if (!found) {
      found = new PurchaseLog(dir);
      logs.set(dir, found);
    }
    return found;
  };
  const purchases = (): PurchaseLog => purchasesIn(deps.settings.read().environment);
  const credentials = createCredentialsService({ store: deps.credentials, settings: deps.settings, logger: deps.logger });
  // New or removed credentials: cached tokens belong to the old ones.
  credentials.onChange(() => access.reset());
  const environment = createEnvironmentService({
    dataRoot: deps.dataRoot,
    settings: deps.settings,
    practice: deps.practice,
    credentials: deps.credentials,
    credentialsChanged: credentials.onChange,
    events: deps.events,
    logger: deps.logger,
    ...standalone,
  });
  const settings = createSettingsService({ store: deps.settings, onApiUrlChanged: () => credentials.forget() });
  const fleet = createFleetService({
    settings: deps.settings,
    passwords: deps.fleetPasswords ?? (deps.credentials.kind === 'keychain' ? new KeytarFleetPasswordStore() : new MemoryFleetPasswordStore()),
    events: deps.events,
    logger: deps.logger,
    appVersion: deps.version,
    batchesRunning: () => batches.running().length > 0,
    given: deps.fleet ?? null,
    onLeft: (environment) => unbindFleet(environmentDir(deps.dataRoot, environment)),
  });
  const inFleet = (): FleetMembership | null => fleet.currentIn(deps.settings.read().environment);
  // Every station's purchases are flagged at import in a fleet.
  const imports = createImportService({
    purchases: () => {
      const member = inFleet();
      return member ? fleetSnapshot(purchases(), member.ledger) : purchases().snapshot();
    },
    scans: fileScanSessionStore(deps.dataRoot),
  });
  /**
   * An environment's coordination port, chosen here once per membership: the station's own,
   * with the fleet database added in a fleet. The file claims outlive a membership change
   * (they name this process as their holder).
   */
  const coordinationOf = (environment: Environment): Coordination => {
    const member = fleet.currentIn(environment);
    const chosen = coordinations.get(environment);
    if (chosen && chosen.member === member) return chosen.coordination;
    const dir = environmentDir(deps.dataRoot, environment);
    let claims = fileClaims.get(environment);
    if (!claims) {
      claims = new FileIccidClaims({ dir: join(dir, 'claims'), journalOf: (id) => join(dir, 'batches', `${id}.jsonl`), lockOf: (id) => batches.lockOf(id) });
      fileClaims.set(environment, claims);
    }
    const account = {
      apiBaseUrl: (): string => (environment === 'production' ? deps.settings.read().production.apiBaseUrl : (practiceUrl() ?? 'practice: built-in simulator')),
      perMinute: (): number => deps.settings.read().rateLimitPerMinute,
    };
    const coordination = member
      ? fleetCoordination({ claims, log: purchasesIn(environment), environmentDir: dir }, member, account)
      : localCoordination({ claims, purchases: purchasesIn(environment), environmentDir: dir, blocker: () => fleet.blocker() });
    coordinations.set(environment, { member, coordination });
    return coordination;
  };
  /** Every call of an environment's account takes from its coordination's budget (a fleet's is shared, docs/fleet.md, "Rate budget"). */
  const joined = (member: FleetMembership | null): void => {
    for (const env of ['practice', 'production'] as const) access.limiter(env).setPool(coordinationOf(env).budget);
    if (member) void member.ledger.publishAll(purchases()).catch((error: unknown) => deps.logger.log('warn', 'fleet.publish_failed', { error: String(error) }));
  };
  fleet.onMembership(joined);
  joined(fleet.current());
  const batches = createBatchService({
    dataRoot: deps.dataRoot,
    settings: deps.settings,
    access,
    purchases,
    imports,
    events: deps.events,
    logger: deps.logger,
    surface: SURFACES[deps.host],
    credentials: deps.credentials,
    practiceTarget: () => {
      const url = practiceUrl();
      return url ? { kind: 'practice-standalone', url } : { kind: 'practice-built-in' };
    },
    ...(deps.waitForLocks ? { waitForLocks: true } : {}),
    ...(deps.enginePolicy ? { policy: deps.enginePolicy } : {}),
    coordination: coordinationOf,
  });
  if (!deps.fleet) void fleet.start();
  const connection = createConnectionService({ settings: deps.settings, credentials: deps.credentials, access, logger: deps.logger });
  const labels = createLabelsService({
    dataRoot: deps.dataRoot,
    settings: deps.settings,
    batches,
    jobs: labelJobs(),
    printer: deps.printer,
    onProgress: (progress) => deps.events.emit('labelsProgress', progress),
  });

  const account = createAccountService({
    dataRoot: deps.dataRoot,
    settings: deps.settings,
    purchases,
    batches,
    access,
    events: deps.events,
    surface: SURFACES[deps.host],
    station: () => inFleet()?.station.station ?? hostname(),
    fleet: inFleet,
    agreement: () => coordinationOf(deps.settings.read().environment).agreement(),
  });

  // Composition only: each namespace is its service (docs/decisions.md, D2).
  const impl: ServiceImpl = {
    app: createAppService({ host: deps.host, version: deps.version, ...(deps.files ? { files: deps.files } : {}) }),
    environment,
    settings,
    credentials,
    imports,
    labels,
    exports: labels.exports,
    batches,
    connection,
    fleet,
    account,
  };

  return {
    impl,
    access,
    purchases,
    batches,
    labels,
    account,
    practice: deps.practice,
    close: async () => {
      await batches.close();
      await fleet.close();
      await labels.close();
      for (const log of logs.values()) await log.close();
      await deps.practice.stop();
      await deps.logger.flush();
    },
  };
}
