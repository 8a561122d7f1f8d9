/** The infrastructure lane's one PostgreSQL and one CUPS for the run (docs/testing.md, "Lanes"). */
import { startSharedCups } from './helpers/cups-server';
import { startSharedPostgres } from './helpers/postgres-server';

export default async function setup(): Promise<() => Promise<void>> {
  const stopPostgres = await startSharedPostgres();
  let stopCups: () => Promise<void>;
  try {
    stopCups = await startSharedCups();
  } catch (error) {
    stopPostgres();
    throw error;
  }
  return async () => {
    try {
      await stopCups();
    } finally {
      stopPostgres();
    }
  };
}
