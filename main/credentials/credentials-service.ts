/** Save, clear and describe the Telegent credentials; the secret is never returned. */
import type { ServiceImpl } from '../../preload/contract';
import type { CredentialStatus } from '../../preload/views';
import { isUserError, UserError } from '../errors/user-error';
import type { Logger } from '../logging/logger';
import type { SettingsStore } from '../settings/store';
import { productionTestState } from '../environment/production-tested';
import { accountKeyHint, type CredentialStore } from './credential-store';
import { credentialsFingerprint } from './fingerprint';

/** The contract's `credentials` namespace, and who needs to know when they change (docs/decisions.md, D2). */
export type CredentialsService = ServiceImpl['credentials'] & {
  /** Listens for saved or cleared credentials; answers how to stop listening. */
  onChange(listener: () => void): () => void;
  /** Clears saved credentials, if any (the production URL changed). */
  forget(): Promise<void>;
};

export function createCredentialsService(deps: { store: CredentialStore; settings: SettingsStore; logger: Logger }): CredentialsService {
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of listeners) listener();
  };
  const forgetConnectionTest = (): void => {
    const current = deps.settings.read();
    if (current.production.connectionTest !== null) deps.settings.write({ ...current, production: { ...current.production, connectionTest: null } });
  };

  const status = async (): Promise<CredentialStatus> => {
    try {
      const saved = await deps.store.load();
      const production = deps.settings.read().production;
      const tested =
        productionTestState(
          production.connectionTest,
          production.apiBaseUrl,
          saved ? { apiBaseUrl: saved.apiBaseUrl, fingerprint: credentialsFingerprint(saved) } : null,
        ) === 'passed';
      return {
        set: saved !== null,
        accountKeyHint: saved ? accountKeyHint(saved.accountKey) : null,
        storage: deps.store.kind,
        problem: null,
        productionTested: tested,
      };
    } catch (error) {
      if (isUserError(error)) return { set: false, accountKeyHint: null, storage: deps.store.kind, problem: error.toValue(), productionTested: false };
      throw error;
    }
  };

  async function clear(): Promise<CredentialStatus> {
    await deps.store.clear();
    deps.logger.log('info', 'credentials.cleared', { storage: deps.store.kind });
    forgetConnectionTest();
    const current = deps.settings.read();
    // Without credentials production cannot work: fall back to practice, visibly.
    if (current.environment === 'production') deps.settings.write({ ...deps.settings.read(), environment: 'practice' });
    changed();
    return status();
  }

  return {
    status,
    clear,
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async forget() {
      if ((await deps.store.load().catch(() => null)) !== null) await clear();
    },
    async save(input) {
      const accountKey = input.accountKey.trim();
      const accountSecret = input.accountSecret.trim();
      if (accountKey === '') throw new UserError('invalid_credentials', 'Enter the AccountKey (it starts with DID-).');
      if (accountSecret === '') throw new UserError('invalid_credentials', 'Enter the AccountSecret.');
      if (/\s/.test(accountKey) || /\s/.test(accountSecret)) {
        throw new UserError(
          'invalid_credentials',
          'The AccountKey and AccountSecret cannot contain spaces or line breaks; copy them again from your Telegent welcome e-mail.',
        );
      }
      deps.logger.addSecret(accountSecret);
      // Bound to the URL they are entered for: a changed URL asks for them again.
      await deps.store.save({ accountKey, accountSecret, apiBaseUrl: deps.settings.read().production.apiBaseUrl });
      deps.logger.log('info', 'credentials.saved', { storage: deps.store.kind, accountKeyHint: accountKeyHint(accountKey) });
      // New keys need a new connection test before production can be chosen.
      forgetConnectionTest();
      changed();
      return status();
    },
  };
}
