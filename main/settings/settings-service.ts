/** Reading and changing settings, validated as Telegent would validate them. */
import type { ServiceImpl } from '../../preload/contract';
import type { SettingsView } from '../../preload/views';
import { profileIssues } from '../../preload/profile-rules';
import { UserError } from '../errors/user-error';
import { checkBaseUrl, isPracticeSimulatorUrl } from '../telegent/base-url';
import type { SettingsStore } from './store';

/** The contract's `settings` namespace (docs/decisions.md, D2). */
export type SettingsService = ServiceImpl['settings'];

export function createSettingsService(deps: {
  store: SettingsStore;
  /** The production URL changed: the secret is bound to its URL and must be entered again (docs/security.md). */
  onApiUrlChanged: () => Promise<void>;
}): SettingsService {
  const { store } = deps;
  const view = (): SettingsView => {
    const s = store.read();
    return {
      environment: s.environment,
      rateLimitPerMinute: s.rateLimitPerMinute,
      concurrency: s.concurrency,
      practice: s.practice,
      production: s.production,
      labels: s.labels,
      notice: store.notice,
    };
  };

  return {
    get: async () => view(),
    async saveProfile({ environment, accountId, profile }) {
      const issues = profileIssues(profile);
      if (issues.length > 0) {
        throw new UserError('invalid_profile', issues.map((i) => i.message).join(' '), { issues: issues.map((i) => ({ ...i })) });
      }
      const current = store.read();
      const trimmed = {
        ...profile,
        MessageRouteId: profile.MessageRouteId.trim(),
        VoiceRouteId: profile.VoiceRouteId.trim(),
        AssignedSubscriberId: profile.AssignedSubscriberId.trim(),
      };
      store.write({ ...current, [environment]: { ...current[environment], accountId: accountId.trim(), profile: trimmed } });
      return view();
    },
    async saveLimits({ rateLimitPerMinute, concurrency }) {
      if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1 || rateLimitPerMinute > 6000) {
        throw new UserError(
          'invalid_limits',
          'The rate limit must be a whole number of requests per minute between 1 and 6000 (the standard Telegent tier is 50).',
        );
      }
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new UserError('invalid_limits', 'Concurrency must be a whole number between 1 and 64.');
      }
      store.write({ ...store.read(), rateLimitPerMinute, concurrency });
      return view();
    },
    async savePracticeSimulator({ url }) {
      const current = store.read();
      if (url.trim() === '') {
        store.write({ ...current, practice: { ...current.practice, simulatorUrl: '' } });
        return view();
      }
      const checked = checkBaseUrl(url);
      // Practice talks only to a simulator on this computer (docs/security.md); a shared one is reached through a tunnel (docs/fleet.md).
      if (!checked.ok || !isPracticeSimulatorUrl(checked.url)) {
        throw new UserError(
          'invalid_practice_simulator',
          'Practice talks only to a simulator on this computer: give http://127.0.0.1:PORT ' +
            '(a simulator on another computer is reached through an SSH tunnel, see docs/fleet.md).',
        );
      }
      store.write({ ...current, practice: { ...current.practice, simulatorUrl: checked.url } });
      return view();
    },
    async saveApiBaseUrl({ url }) {
      const checked = checkBaseUrl(url);
      if (!checked.ok) throw new UserError('invalid_api_url', checked.message);
      const current = store.read();
      const changed = checked.url !== current.production.apiBaseUrl;
      store.write({
        ...current,
        production: { ...current.production, apiBaseUrl: checked.url, connectionTest: changed ? null : current.production.connectionTest },
      });
      if (changed) await deps.onApiUrlChanged();
      return view();
    },
  };
}
