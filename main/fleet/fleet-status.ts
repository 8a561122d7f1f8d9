/** What a fleet looks like right now (`simfleet fleet status`): stations, their batches, claims, purchases, the rate budget. */
import type pg from 'pg';
import type { Environment } from '../../preload/domain';
import { fleetSchema } from './database';
import { readFleetBatches, type FleetBatchRow, type BoardRow } from './fleet-batches';
import { checkVersion, schemaVersion } from './migrations';
import { lastFleetAudit } from './fleet-audits';
import type { FleetAuditView } from '../../preload/views';

export interface FleetStatus {
  readonly environment: Environment;
  readonly schemaVersion: number;
  readonly stations: readonly {
    readonly name: string;
    readonly host: string;
    readonly appVersion: string;
    readonly alive: boolean;
    readonly claims: number;
    /** Requests its running processes took from the rate budget in the last minute (as of their last lease renewal). */
    readonly requestsPerMinute: number;
  }[];
  readonly batches: readonly FleetBatchRow[];
  readonly claims: number;
  readonly purchases: number;
  readonly budget: readonly { readonly account: string; readonly perMinute: number; readonly tokens: number }[];
  readonly lastAudit: FleetAuditView | null;
}

export async function fleetStatus(client: pg.Client, environment: Environment): Promise<FleetStatus> {
  const version = await schemaVersion(client, environment);
  checkVersion(version, environment);
  const s = fleetSchema(environment);
  // A station may run several processes (the app and a CLI run): one line per station name.
  const stations = await client.query<{ name: string; host: string; app_version: string; alive: boolean; claims: string; requests: string }>(
    `SELECT st.name, min(st.host) AS host, max(st.app_version) AS app_version, bool_or(st.lease_expires > now()) AS alive,
            coalesce(sum(st.requests_last_minute) FILTER (WHERE st.lease_expires > now()), 0) AS requests,
            (SELECT count(*) FROM ${s}.claims c WHERE c.station = st.name) AS claims
       FROM ${s}.stations st GROUP BY st.name ORDER BY st.name`,
  );
  const batches = await readFleetBatches((text, values) => client.query<BoardRow>(text, values), s);
  const counts = await client.query<{ claims: string; purchases: string }>(
    `SELECT (SELECT count(*) FROM ${s}.claims) AS claims, (SELECT count(*) FROM ${s}.ledger) AS purchases`,
  );
  const budget = await client.query<{ account: string; per_minute: number; tokens: number }>(
    `SELECT account, per_minute, tokens FROM ${s}.budget ORDER BY account`,
  );
  return {
    environment,
    schemaVersion: version,
    stations: stations.rows.map((r) => ({
      name: r.name,
      host: r.host,
      appVersion: r.app_version,
      alive: r.alive,
      claims: Number(r.claims),
      requestsPerMinute: Number(r.requests),
    })),
    batches,
    claims: Number(counts.rows[0]!.claims),
    purchases: Number(counts.rows[0]!.purchases),
    budget: budget.rows.map((r) => ({ account: r.account, perMinute: r.per_minute, tokens: r.tokens })),
    lastAudit: await lastFleetAudit((text, values) => client.query(text, values), s),
  };
}

/** The status for a terminal. */
export function formatFleetStatus(status: FleetStatus): string {
  const lines = [
    `Fleet (${status.environment}, schema version ${status.schemaVersion}): ${status.stations.filter((s) => s.alive).length} station(s) running, ` +
      `${status.claims} SIM(s) being provisioned, ${status.purchases} purchase(s) in the ledger.`,
  ];
  for (const st of status.stations) {
    const state = st.alive ? `running, ${st.requestsPerMinute} request(s) in the last minute` : 'stopped (lease expired)';
    lines.push(`  ${st.name} (${st.host}, SimFleet ${st.appVersion}): ${state}, ${st.claims} claim(s)`);
  }
  for (const b of status.batches) {
    const state = b.alive ? `${b.ratePerMinute.toFixed(0)} SIMs/min` : `station stopped at ${b.updatedAt.slice(0, 16).replace('T', ' ')} UTC`;
    lines.push(`  ${b.station} · ${b.name} (${b.batchId}): ${b.done} of ${b.total}, ${state}`);
  }
  lines.push(
    status.lastAudit
      ? `  Account last audited ${status.lastAudit.at.slice(0, 16).replace('T', ' ')} UTC by ${status.lastAudit.station}: ` +
          `${status.lastAudit.numbers} number(s), ${status.lastAudit.findings} finding(s)`
      : '  Account not audited yet by any station (simfleet audit)',
  );
  for (const b of status.budget)
    lines.push(`  Rate budget for account ${b.account}: ${b.perMinute} requests/min, ${b.tokens.toFixed(1)} request(s) available now`);
  return `${lines.join('\n')}\n`;
}
