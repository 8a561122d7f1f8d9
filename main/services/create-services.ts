/**
 * The service object behind the contract: plain Node, served by Electron IPC, the
 * loopback test host and the CLI alike. Each namespace delegates to one capability.
 */
import { UserError } from '../errors/user-error';
import type { ServiceImpl } from '../../preload/contract';
import type { AppInfo } from '../../preload/views';
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
import { createLabelsService, type LabelPrinter } from '../labels/labels-service';
import type { PdfRenderer } from '../labels/pdf';
import type { LockSurface } from '../locks/batch-lock';
import { createSettingsService } from '../settings/settings-service';
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
  /** Print-to-PDF: Electron's own in the app, a local Chromium headless. */
  readonly pdf: PdfRenderer;
  /** The desktop's file manager (only the desktop app has one). */
  readonly files?: { showInFolder(path: string): void };
  /** The system printers; only the desktop app has them. */
  readonly printer: LabelPrinter | null;
  /** Wait for batches another process runs instead of refusing (the CLI's --wait). */
  readonly waitForLocks?: boolean;
  /** A standalone simulator on loopback plays practice mode (the CLI's --api-base). */
  readonly practiceStandaloneUrl?: string;
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
  /** The in-process practice simulator (tests inject faults through it). */
  readonly practice: PracticeSimulator;
  close(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  const standalone = deps.practiceStandaloneUrl ? { practiceStandaloneUrl: deps.practiceStandaloneUrl } : {};
  const access = createTelegentAccess({
    settings: deps.settings,
    practice: deps.practice,
    credentials: deps.credentials,
    logger: deps.logger,
    ...standalone,
    ...(deps.clientOptions ? { clientOptions: deps.clientOptions } : {}),
  });
  const settings = createSettingsService(deps.settings);
  const logs = new Map<string, PurchaseLog>();
  const purchases = (): PurchaseLog => {
    const dir = environmentDir(deps.dataRoot, deps.settings.read().environment);
    let found = logs.get(dir);
    if (!found) {
      found = new PurchaseLog(dir);
      logs.set(dir, found);
    }
    return found;
  };
  const imports = createImportService({ purchases: () => purchases().snapshot(), scans: fileScanSessionStore(deps.dataRoot) });
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
    practiceTarget: deps.practiceStandaloneUrl ? { kind: 'practice-standalone', url: deps.practiceStandaloneUrl } : { kind: 'practice-built-in' },
    ...(deps.waitForLocks ? { waitForLocks: true } : {}),
    ...(deps.enginePolicy ? { policy: deps.enginePolicy } : {}),
  });
  const connection = createConnectionService({ settings: deps.settings, credentials: deps.credentials, access, logger: deps.logger });
  const environment = createEnvironmentService({
    dataRoot: deps.dataRoot,
    settings: deps.settings,
    practice: deps.practice,
    credentials: deps.credentials,
    ...standalone,
    onChange: () => void environment.status().then((s) => deps.events.emit('environmentChanged', s)),
  });
  const credentials = createCredentialsService({
    store: deps.credentials,
    settings: deps.settings,
    logger: deps.logger,
    onChange: () => {
      // New or removed credentials: cached tokens belong to the old ones.
      access.reset();
      void environment.status().then((s) => deps.events.emit('environmentChanged', s));
    },
  });

  const labels = createLabelsService({ dataRoot: deps.dataRoot, settings: deps.settings, batches, pdf: deps.pdf, printer: deps.printer });

  const impl: ServiceImpl = {
    app: {
      info: async () => ({ name: 'SimFleet', version: deps.version, host: deps.host, platform: process.platform }),
      showInFolder: async ({ path }) => {
        if (!deps.files) {
          throw new UserError('desktop_only', 'Showing a file in its folder needs the SimFleet desktop app; find it in your browser’s downloads.');
        }
        deps.files.showInFolder(path);
        return { shown: true as const };
      },
    },
    environment: {
      status: () => environment.status(),
      switch: ({ to, confirmed }) => environment.switchTo(to, confirmed),
    },
    settings: {
      get: async () => settings.view(),
      saveProfile: async (input) => settings.saveProfile(input),
      saveLimits: async (input) => settings.saveLimits(input),
      saveApiBaseUrl: async (input) => {
        const before = deps.settings.read().production.apiBaseUrl;
        const view = settings.saveApiBaseUrl(input);
        // The secret is bound to its URL: a new URL asks for the credentials again (docs/security.md).
        if (view.production.apiBaseUrl !== before && (await deps.credentials.load().catch(() => null)) !== null) await credentials.clear();
        void environment.status().then((s) => deps.events.emit('environmentChanged', s));
        return settings.view();
      },
    },
    credentials: {
      status: () => credentials.status(),
      save: (input) => credentials.save(input),
      clear: () => credentials.clear(),
    },
    imports: {
      fromFile: ({ name, base64 }) => imports.fromFile(name, Buffer.from(base64, 'base64')),
      fromText: ({ name, text }) => imports.fromText(name || 'Pasted list', text),
      get: async ({ id }) => imports.get(id),
      setColumn: ({ id, column }) => imports.setColumn(id, column),
      setSheet: ({ id, sheet }) => imports.setSheet(id, sheet),
      setExcluded: async ({ id, lines, excluded }) => imports.setExcluded(id, lines, excluded),
      setExcludedWhere: async ({ id, filter, excluded }) => imports.setExcludedWhere(id, filter, excluded),
      rows: async ({ id, ...query }) => imports.rows(id, query),
      problemsCsv: async ({ id }) => imports.problemsCsv(id),
      startScan: () => imports.startScan(),
      scan: ({ id, value }) => imports.scan(id, value),
      resumeScan: () => imports.resumeScan(),
      discardScan: async ({ id }) => {
        await imports.discardScan(id);
        return { discarded: true as const };
      },
    },
    labels: {
      stocks: async () => labels.stocks(),
      saveStock: async (stock) => labels.saveStock(stock),
      deleteStock: async ({ id }) => labels.deleteStock(id),
      saveDefaults: async (input) => labels.saveDefaults(input),
      sheet: (request) => labels.sheet(request),
      pdf: (request) => labels.pdf(request),
      zpl: async (request) => labels.zpl(request),
      images: (request) => labels.images(request),
      printers: () => labels.printers(),
      print: (request) => labels.print(request),
      calibrationSheet: ({ stockId }) => labels.calibrationSheet(stockId),
      saveCalibration: async ({ printer, stockId, calibration }) => labels.saveCalibration(printer, stockId, calibration),
      verify: async ({ batchId, labelScan, cardScan }) => labels.verify(batchId, labelScan, cardScan),
      readLabel: async ({ batchId, labelScan }) => labels.readLabel(batchId, labelScan),
    },
    exports: {
      mapping: ({ batchId, format, indexes }) => labels.mapping(batchId, format, indexes),
    },
    batches: {
      estimate: ({ importId }) => batches.estimate(importId),
      start: ({ importId, name }) => batches.start(importId, name),
      list: async () => batches.list(),
      get: async ({ id }) => batches.get(id),
      pause: ({ id }) => batches.pause(id),
      resume: ({ id }) => batches.resume(id),
      cancel: ({ id }) => batches.cancel(id),
      retryFailed: ({ id }) => batches.retryFailed(id),
      reconcile: ({ id }) => batches.reconcile(id),
      mappingCsv: async ({ id }) => batches.mappingCsv(id),
      purchaseLogCsv: async () => batches.purchaseLogCsv(),
      purchaseLogDamage: async () => (await purchases().damage()).map((d) => ({ line: d.line, reason: d.reason, iccids: [...d.iccids] })),
    },
    connection: {
      queue: async ({ environment: env }) => {
        const limiter = access.limiter(env);
        return { ahead: limiter.queued(), perMinute: limiter.currentRate() };
      },
      test: async ({ environment: env }) => {
        try {
          return await connection.test(env);
        } finally {
          void environment.status().then((s) => deps.events.emit('environmentChanged', s));
        }
      },
      lists: ({ environment: env, accountId }) => connection.lists(env, accountId),
    },
  };

  return {
    impl,
    access,
    purchases,
    batches,
    practice: deps.practice,
    close: async () => {
      await batches.close();
      await labels.close();
      for (const log of logs.values()) await log.close();
      await deps.practice.stop();
      await deps.logger.flush();
    },
  };
}
