/**
 * Which environment the station works in, and the rules for leaving practice mode:
 * production needs saved credentials, a passing connection test of exactly those
 * credentials against exactly that URL, and an explicit confirmation.
 */
import { productionTestState } from './production-tested';
import type { ServiceImpl } from '../../preload/contract';
import type { EventBus } from '../bridge/event-bus';
import type { Logger } from '../logging/logger';
import type { StoredSettings } from '../settings/schema';
import type { ConnectionState, EnvironmentStatus } from '../../preload/views';
import { accountKeyHint, type CredentialStore } from '../credentials/credential-store';
import { credentialsFingerprint } from '../credentials/fingerprint';
import { isUserError, UserError } from '../errors/user-error';
import type { SettingsStore } from '../settings/store';
import { environmentDir } from './paths';
import type { PracticeSimulator } from './practice-simulator';

/** The contract's `environment` namespace (docs/decisions.md, D2). */
export type EnvironmentService = ServiceImpl['environment'];

export function createEnvironmentService(deps: {
  dataRoot: string;
  settings: SettingsStore;
  practice: PracticeSimulator;
  practiceStandaloneUrl?: () => string | undefined;
  credentials: CredentialStore;
  /** Saved or cleared credentials (credentials-service.ts). */
  credentialsChanged: (listener: () => void) => () => void;
  events: EventBus;
  logger: Logger;
}): EnvironmentService {
  /** Production readiness: what is missing before real purchases are possible. */
  async function productionState(): Promise<{ state: ConnectionState; hint: string | null }> {
    const settings = deps.settings.read();
    let saved;
    try {
      saved = await deps.credentials.load();
    } catch (error) {
      if (isUserError(error)) return { state: 'not-configured', hint: null };
      throw error;
    }
    if (!saved) return { state: 'not-configured', hint: null };
    const hint = accountKeyHint(saved.accountKey);
    const tested = productionTestState(settings.production.connectionTest, settings.production.apiBaseUrl, {
      apiBaseUrl: saved.apiBaseUrl,
      fingerprint: credentialsFingerprint(saved),
    });
    const state = ({ 'not-tested': 'not-tested', passed: 'connected', failed: 'test-failed', unreachable: 'unreachable' } as const)[tested];
    return { state, hint };
  }

  async function status(): Promise<EnvironmentStatus> {
    const settings = deps.settings.read();
    const dataDir = environmentDir(deps.dataRoot, settings.environment);
    if (settings.environment === 'practice') {
      const shared = deps.practiceStandaloneUrl?.();
      const url = shared ?? (await deps.practice.ensure()).url;
      return { environment: 'practice', apiBaseUrl: url, connection: 'simulator-running', simulator: shared ? 'shared' : 'built-in', dataDir };
    }
    return {
      environment: 'production',
      apiBaseUrl: settings.production.apiBaseUrl,
      connection: (await productionState()).state,
      simulator: null,
      dataDir,
    };
  }

  /**
   * The one place `environmentChanged` is emitted (docs/decisions.md, D3): after any saved
   * change to what the status is made of (the environment, the production URL, its
   * connection test) and after credentials are saved or cleared.
   */
  const announce = (): void => {
    status().then(
      (current) => deps.events.emit('environmentChanged', current),
      (error: unknown) => deps.logger.log('error', 'environment.status_failed', { message: error instanceof Error ? error.message : String(error) }),
    );
  };
  const statusInputs = (s: StoredSettings): string =>
    JSON.stringify([s.environment, s.production.apiBaseUrl, s.production.connectionTest, s.practice.simulatorUrl]);
  deps.settings.onChange((next, previous) => {
    if (statusInputs(next) !== statusInputs(previous)) announce();
  });
  deps.credentialsChanged(announce);

  return {
    status,
    async switch({ to, confirmed }) {
      if (to === 'production') {
        const { state } = await productionState();
        if (state === 'not-configured') {
          throw new UserError('no_credentials', 'Production needs Telegent credentials: save the AccountKey and AccountSecret first.');
        }
        if (state !== 'connected') {
          throw new UserError(
            'connection_not_tested',
            'Run "Test connection" with the saved credentials and make sure it passes before switching to production.',
          );
        }
        if (!confirmed) {
          throw new UserError('confirmation_required', 'Switching to production must be confirmed: from then on every activation buys a real number.');
        }
      }
      const current = deps.settings.read();
      if (current.environment !== to) deps.settings.write({ ...current, environment: to });
      return status();
    },
  };
}
