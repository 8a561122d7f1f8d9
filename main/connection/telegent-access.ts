/**
 * Builds Telegent clients for an environment: practice talks to the in-process
 * simulator with its practice keys; production talks to the configured base URL
 * with credentials read from the keychain at the moment a token is minted.
 * One rate limiter per environment, shared by every client of it, so the whole
 * station stays under the account's limit.
 */
import type { Environment } from '../../preload/domain';
import type { CredentialStore } from '../credentials/credential-store';
import type { PracticeSimulator } from '../environment/practice-simulator';
import { UserError } from '../errors/user-error';
import type { Logger } from '../logging/logger';
import type { Clock } from '../platform/clock';
import type { SettingsStore } from '../settings/store';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../simulator/state';
import { TelegentClient, type ClientOptions } from '../telegent/client';
import { RateLimiter } from '../telegent/rate-limiter';

export interface TelegentAccess {
  /** The environment's client; reused (with its token cache) until the URL or credentials change. */
  client(environment: Environment): Promise<TelegentClient>;
  /** Forgets clients and their tokens (credentials changed). */
  reset(): void;
  /** The API base URL an environment uses right now. */
  baseUrl(environment: Environment): Promise<string>;
  limiter(environment: Environment): RateLimiter;
}

export interface TelegentAccessDeps {
  readonly settings: SettingsStore;
  readonly practice: PracticeSimulator;
  /** A standalone simulator on loopback plays practice instead of the built-in one (the CLI's --api-base, a practice fleet's). */
  readonly practiceStandaloneUrl?: () => string | undefined;
  readonly credentials: CredentialStore;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly clientOptions?: Partial<Pick<ClientOptions, 'timeoutMs' | 'readRetries' | 'transport'>>;
}

export function createTelegentAccess(deps: TelegentAccessDeps): TelegentAccess {
  const limiters = new Map<Environment, RateLimiter>();
  // A saved rate limit applies at once, to batches already running too (docs/batches.md, "Time left").
  deps.settings.onChange(() => {
    const perMinute = deps.settings.read().rateLimitPerMinute;
    for (const existing of limiters.values()) if (existing.limit() !== perMinute) existing.setLimit(perMinute);
  });
  const limiter = (environment: Environment): RateLimiter => {
    const perMinute = deps.settings.read().rateLimitPerMinute;
    let existing = limiters.get(environment);
    if (!existing) {
      existing = new RateLimiter({ perMinute, ...(deps.clock ? { clock: deps.clock } : {}) });
      limiters.set(environment, existing);
    } else if (existing.limit() !== perMinute) {
      existing.setLimit(perMinute);
    }
    return existing;
  };

  const baseUrl = async (environment: Environment): Promise<string> =>
    environment === 'practice' ? (deps.practiceStandaloneUrl?.() ?? (await deps.practice.ensure()).url) : deps.settings.read().production.apiBaseUrl;

  const clients = new Map<string, TelegentClient>();

  return {
    limiter,
    baseUrl,
    reset: () => clients.clear(),
    async client(environment) {
      const url = await baseUrl(environment);
      const key = `${environment} ${url}`;
      const cached = clients.get(key);
      if (cached) return cached;
      const credentials =
        environment === 'practice'
          ? async () => ({ accountKey: PRACTICE_ACCOUNT_KEY, accountSecret: PRACTICE_ACCOUNT_SECRET })
          : async () => {
              const saved = await deps.credentials.load();
              if (!saved) throw new UserError('no_credentials', 'No Telegent credentials are saved. Enter the AccountKey and AccountSecret in Settings.');
              // The secret goes only to the URL it was entered for (docs/security.md).
              if (saved.apiBaseUrl !== url) {
                throw new UserError(
                  'credentials_not_for_url',
                  `The saved Telegent credentials were entered for ${saved.apiBaseUrl ?? 'an unrecorded address'}, not ` +
                    `${url}; SimFleet will not send them there. Enter the AccountKey and AccountSecret again in Settings.`,
                );
              }
              deps.logger.addSecret(saved.accountSecret);
              return saved;
            };
      const client = new TelegentClient({
        baseUrl: url,
        credentials,
        limiter: limiter(environment),
        ...(deps.clock ? { clock: deps.clock } : {}),
        ...deps.clientOptions,
      });
      clients.set(key, client);
      return client;
    },
  };
}
