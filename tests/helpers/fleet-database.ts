/** A fleet database for a test: a private PostgreSQL (postgres-server.ts), migrated, with a station login `role`. */
import { connectDatabase } from '../../main/fleet/database';
import { migrate } from '../../main/fleet/migrations';
import { startPostgres, type PostgresServer } from './postgres-server';

export async function startFleetDatabase(role = 'dock'): Promise<{ server: PostgresServer; stationUrl: string }> {
  const server = await startPostgres();
  const client = await connectDatabase(server.url());
  try {
    await migrate(client);
  } finally {
    await client.end();
  }
  server.sql(`CREATE ROLE ${role} LOGIN IN ROLE simfleet_station`);
  return { server, stationUrl: server.url(role) };
}
