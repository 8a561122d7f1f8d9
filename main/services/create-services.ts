/**
 * The service object behind the contract: plain Node, served by Electron IPC, the
 * loopback test host and the CLI alike.
 */
import type { AppInfo, EnvironmentStatus, ServiceImpl } from '../../preload/contract';
import type { EventBus } from '../bridge/event-bus';
import { environmentDir } from '../environment/paths';
import type { PracticeSimulator } from '../environment/practice-simulator';
import type { SettingsStore } from '../settings/store';

export interface ServiceDeps {
  readonly host: AppInfo['host'];
  readonly version: string;
  readonly dataRoot: string;
  readonly settings: SettingsStore;
  readonly practice: PracticeSimulator;
  readonly events: EventBus;
}

/** A running set of services and what it takes to stop them. */
export interface Services {
  readonly impl: ServiceImpl;
  close(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  async function environmentStatus(): Promise<EnvironmentStatus> {
    const settings = deps.settings.read();
    const dataDir = environmentDir(deps.dataRoot, settings.environment);
    if (settings.environment === 'practice') {
      const sim = await deps.practice.ensure();
      return { environment: 'practice', apiBaseUrl: sim.url, connection: 'simulator-running', dataDir };
    }
    // Production credentials and connection tests arrive with the Settings screen.
    return { environment: 'production', apiBaseUrl: settings.productionApiBaseUrl, connection: 'not-configured', dataDir };
  }

  const impl: ServiceImpl = {
    app: {
      info: async () => ({ name: 'SimFleet', version: deps.version, host: deps.host, platform: process.platform }),
    },
    environment: {
      status: environmentStatus,
    },
    settings: {
      get: async () => ({ ...deps.settings.read(), notice: deps.settings.notice }),
    },
  };

  return {
    impl,
    close: () => deps.practice.stop(),
  };
}
