/**
 * The contract's `fleet` namespace (docs/fleet.md): join and leave a fleet from Settings,
 * test a database before joining, the station's status, the other stations' batches.
 * It owns this process's membership: joined at start when Settings name a fleet, joined
 * again when the environment changes (practice and production never share a ledger),
 * left on request. The password goes to the keychain, never to settings or the renderer.
 */

import { lastFleetAudit } from './fleet-audits';
import type { ServiceImpl } from '../../preload/contract';
import type { Environment, FleetSettings } from '../../preload/domain';
import type { FleetStatus } from '../../preload/views';
import type { EventBus } from '../bridge/event-bus';
import { UserError, isUserError } from '../errors/user-error';
import type { Logger } from '../logging/logger';
import type { SettingsStore } from '../settings/store';
import { connectDatabase, connectionUrl, databaseError, describeDatabase, describeTls, splitDatabaseUrl } from './database';
import { fleetStatus } from './fleet-status';
import { joinFleet, type FleetMembership } from './fleet-membership';
import { passwordBinding, type FleetPasswordStore } from './fleet-password';
import { stationName } from './station-name';

export type FleetService = ServiceImpl['fleet'] & {
  /** The membership batches and imports use now (null: a station alone, or the fleet cannot be reached). */
  current(): FleetMembership | null;
  /** The membership for work in one environment: null when this process is in the other one's schema, or alone. */
  currentIn(environment: Environment): FleetMembership | null;
  /** Settings name a fleet this process has not joined (the database was away): nothing may be sent. */
  blocker(): string | null;
  /** Joins the fleet Settings name, if any (at start). */
  start(): Promise<void>;
  /** Hears every change of membership (join, leave, environment). */
  onMembership(listener: (membership: FleetMembership | null) => void): () => void;
  close(): Promise<void>;
};

export function createFleetService(deps: {
  readonly settings: SettingsStore;
  readonly passwords: FleetPasswordStore;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly appVersion: string;
  /** True while any batch runs here: joining or leaving waits until none does. */
  readonly batchesRunning: () => boolean;
  /** A membership made by the caller (the CLI's --fleet), kept as it is. */
  readonly given?: FleetMembership | null;
  /** The operator left the fleet: the data folder works alone again (coordination/fleet-binding.ts). */
  readonly onLeft?: (environment: Environment) => Promise<void>;
}): FleetService {
  let membership: FleetMembership | null = deps.given ?? null;
  let problem: string | null = null;
  const listeners = new Set<(m: FleetMembership | null) => void>();
  const configured = (): FleetSettings | null => deps.settings.read().fleet;

  const status = (): FleetStatus => {
    const saved = configured();
    const station = membership?.station ?? null;
    return {
      configured: saved !== null || membership !== null,
      joined: membership !== null,
      station: station?.station ?? saved?.station ?? null,
      database: station ? describeDatabase(station.options.url) : saved ? describeDatabase(saved.url) : null,
      caFile: saved?.caFile ?? '',
      tls: station ? describeTls(station.options.url).text : saved ? describeTls(connectionUrl(saved.url, null, saved.caFile)).text : null,
      available: membership !== null && (station?.availability.available ?? false),
      problem: membership === null ? problem : station && !station.availability.available ? station.availability.reason : null,
      storage: deps.passwords.kind,
    };
  };
  const announce = (): void => {
    for (const listener of listeners) listener(membership);
    deps.events.emit('fleetChanged', status());
  };

  async function connect(saved: FleetSettings, environment: Environment, password: string | null): Promise<FleetMembership> {
    // Whatever a driver error might echo, the log never shows the password (docs/security.md).
    if (password) deps.logger.addSecret(password);
    const m = await joinFleet({
      url: connectionUrl(saved.url, password, saved.caFile),
      station: saved.station,
      environment,
      appVersion: deps.appVersion,
    });
    m.station.onAvailability(() => deps.events.emit('fleetChanged', status()));
    return m;
  }

  /** Leaves the current fleet (if any) and joins the one Settings name now, for the current environment. */
  async function rejoin(): Promise<void> {
    if (deps.given) return;
    const previous = membership;
    membership = null;
    if (previous) await previous.station.close();
    const saved = configured();
    problem = null;
    if (saved) {
      try {
        membership = await connect(saved, deps.settings.read().environment, await deps.passwords.load(passwordBinding(saved.url, saved.caFile)));
        deps.logger.log('info', 'fleet.joined', { station: saved.station, database: describeDatabase(saved.url) });
      } catch (error) {
        problem = isUserError(error) ? error.message : String(error);
        deps.logger.log('warn', 'fleet.join_failed', { station: saved.station, reason: problem });
      }
    }
    announce();
  }

  const notWhileRunning = (what: string): void => {
    if (deps.batchesRunning()) throw new UserError('fleet_batches_running', `Pause or finish the running batches first, then ${what}.`);
  };

  /** What was typed in the card, checked: the URL without its password, the password, the station. */
  const typed = (input: { url: string; password: string; station: string; caFile: string }): { saved: FleetSettings; password: string | null } => {
    const { url, password } = splitDatabaseUrl(input.url);
    const station = stationName(input.station);
    return { saved: { url, station, caFile: input.caFile.trim() }, password: input.password || password };
  };

  let environmentSeen = deps.settings.read().environment;
  const offSettings = deps.settings.onChange((next) => {
    if (next.environment === environmentSeen) return;
    environmentSeen = next.environment;
    // The other environment's schema: practice and production never share a ledger.
    if (configured()) void rejoin();
  });

  return {
    status: async () => status(),
    async test(input) {
      const { saved, password } = typed(input);
      const url = connectionUrl(saved.url, password, saved.caFile);
      const client = await connectDatabase(url);
      try {
        const environment = deps.settings.read().environment;
        const found = await fleetStatus(client, environment);
        const running = found.stations.filter((s) => s.alive).length;
        return {
          message:
            `Connected to ${describeDatabase(saved.url)} (${environment}, schema version ${found.schemaVersion}): ` +
            `${running} station(s) running, ${found.purchases} purchase(s) in the ledger.`,
        };
      } catch (error) {
        throw databaseError(error, url);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async join(input) {
      notWhileRunning('join the fleet');
      const { saved, password } = typed(input);
      // Joined first: a fleet that cannot be used is not saved.
      const m = await connect(saved, deps.settings.read().environment, password);
      if (password) await deps.passwords.save(passwordBinding(saved.url, saved.caFile), password);
      else await deps.passwords.clear();
      const previous = membership;
      membership = m;
      problem = null;
      deps.settings.write({ ...deps.settings.read(), fleet: saved });
      if (previous) await previous.station.close();
      deps.logger.log('info', 'fleet.joined', { station: saved.station, database: describeDatabase(saved.url) });
      announce();
      return status();
    },
    async leave() {
      notWhileRunning('leave the fleet');
      const previous = membership;
      membership = null;
      problem = null;
      if (previous) await previous.station.close();
      deps.settings.write({ ...deps.settings.read(), fleet: null });
      await deps.passwords.clear();
      await deps.onLeft?.(previous?.station.options.environment ?? deps.settings.read().environment);
      deps.logger.log('info', 'fleet.left', {});
      announce();
      return status();
    },
    async others() {
      if (!membership) return [];
      try {
        return await membership.board.others();
      } catch {
        return [];
      }
    },
    async lastAudit() {
      if (!membership) return null;
      const station = membership.station;
      // The fleet view asks every few seconds: a database away shows nothing new rather than an error.
      return lastFleetAudit((text, values) => station.query(text, values), station.schema).catch(() => null);
    },
    current: () => membership,
    currentIn: (environment) => (membership?.station.options.environment === environment ? membership : null),
    blocker: () =>
      membership === null && configured() !== null
        ? `This station is set up to work in a fleet, but it could not join it${problem ? ` (${problem})` : ''}: nothing is sent without the fleet database. ` +
          'Check the database in Settings → Fleet, or leave the fleet.'
        : null,
    start: rejoin,
    onMembership(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      offSettings();
      if (!deps.given) await membership?.station.close();
      membership = null;
    },
  };
}
