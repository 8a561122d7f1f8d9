/** A fleet database for a test (postgres-server.ts: the run's cluster or a private one), migrated, with a station login `role`. */
import { connectDatabase } from '../../main/fleet/database';
import { migrate } from '../../main/fleet/migrations';
import { startPostgres, type PostgresServer } from './postgres-server';

export async function startFleetDatabase(
  role = 'dock',
  options: { readonly restarts?: boolean } = {},
): Promise<{ server: PostgresServer; stationUrl: string }> {
  const server = await startPostgres(options);
  const client = await connectDatabase(server.url());
  try {
    await migrate(client);
  } finally {
    await client.end();
  }
  // Roles belong to the whole cluster, which files of the infrastructure lane share.
  server.sql(
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN IN ROLE simfleet_station; END IF; ` +
      `EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
  );
  return { server, stationUrl: server.url(role) };
}
