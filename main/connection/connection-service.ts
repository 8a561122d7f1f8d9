/**
 * "Test connection" and the dropdown lists of the Settings screen. A production test
 * is recorded (without the secret) because switching to production requires one.
 */
import type { ServiceImpl } from '../../preload/contract';
import type { ListItem, ListResult } from '../../preload/views';
import { accountKeyHint, type CredentialStore } from '../credentials/credential-store';
import { credentialsFingerprint } from '../credentials/fingerprint';
import { isUserError, UserError } from '../errors/user-error';
import type { Logger } from '../logging/logger';
import type { SettingsStore } from '../settings/store';
import { isTelegentError } from '../telegent/errors';
import type { TelegentAccess } from './telegent-access';

/** The contract's `connection` namespace (docs/decisions.md, D2). */
export type ConnectionService = ServiceImpl['connection'];

async function listOf<T>(load: () => Promise<readonly T[]>, map: (item: T) => ListItem): Promise<ListResult> {
  try {
    return { ok: true, items: (await load()).map(map) };
  } catch (error) {
    if (isUserError(error)) return { ok: false, error: error.toValue() };
    throw error;
  }
}

export function createConnectionService(deps: {
  settings: SettingsStore;
  credentials: CredentialStore;
  access: TelegentAccess;
  logger: Logger;
  now?: () => Date;
}): ConnectionService {
  const now = deps.now ?? (() => new Date());

  return {
    async queue({ environment }) {
      const limiter = deps.access.limiter(environment);
      return { ahead: limiter.queued(), perMinute: limiter.currentRate() };
    },
    async test({ environment }) {
      const apiBaseUrl = await deps.access.baseUrl(environment);
      const saved = environment === 'production' ? await deps.credentials.load() : null;
      if (environment === 'production' && !saved) {
        throw new UserError('no_credentials', 'Save the Telegent AccountKey and AccountSecret first, then test the connection.');
      }
      if (saved) deps.logger.addSecret(saved.accountSecret);
      const record = (ok: boolean, message: string, unreachable: boolean): void => {
        deps.logger.log(ok ? 'info' : 'warn', 'connection.test', { environment, apiBaseUrl, ok, message });
        if (environment !== 'production' || !saved) return;
        const current = deps.settings.read();
        deps.settings.write({
          ...current,
          production: {
            ...current.production,
            connectionTest: {
              at: now().toISOString(),
              ok,
              accountKeyHint: accountKeyHint(saved.accountKey),
              credentialsFingerprint: credentialsFingerprint(saved),
              apiBaseUrl,
              message,
              unreachable,
            },
          },
        });
      };
      try {
        const client = await deps.access.client(environment);
        const accountId = deps.settings.read()[environment].accountId || undefined;
        // Minting a token and listing routes proves the keys, the scope rule and the network.
        const messageRoutes = await client.messageRoutes(accountId);
        const voiceRoutes = await client.voiceRoutes(accountId).catch(() => []);
        const accounts = await client.accounts().catch(() => []);
        const result = { environment, apiBaseUrl, messageRoutes: messageRoutes.length, voiceRoutes: voiceRoutes.length, accounts: accounts.length };
        record(true, `Connected: ${messageRoutes.length} message route(s), ${voiceRoutes.length} voice route(s).`, false);
        return result;
      } catch (error) {
        if (isTelegentError(error)) {
          const unreachable = error.telegentCode === 'network' || error.telegentCode === 'timeout';
          record(false, error.message, unreachable);
          throw new UserError(error.code, `Connection test failed: ${error.message}`, error.details);
        }
        if (isUserError(error)) record(false, error.message, false);
        throw error;
      }
    },

    async lists({ environment, accountId }) {
      const client = await deps.access.client(environment);
      const aid = accountId || undefined;
      const [messageRoutes, voiceRoutes, accounts, subscribers] = await Promise.all([
        listOf(
          () => client.messageRoutes(aid),
          (r) => ({ id: r.id, name: r.name, detail: r.accountId }),
        ),
        listOf(
          () => client.voiceRoutes(aid),
          (r) => ({ id: r.id, name: r.name, detail: r.accountId }),
        ),
        listOf(
          () => client.accounts(),
          (a) => ({ id: a.id, name: a.name, detail: null }),
        ),
        listOf(
          () => client.allSubscribers(),
          (s) => ({ id: s.id, name: s.name, detail: s.email }),
        ),
      ]);
      return { messageRoutes, voiceRoutes, accounts, subscribers };
    },
  };
}
