/** The infrastructure lane's one PostgreSQL, one CUPS and one keyring for the run (docs/testing.md, "Lanes"). */
import { startSharedCups } from './helpers/cups-server';
import { startSharedKeyring } from './helpers/keyring-session';
import { startSharedPostgres } from './helpers/postgres-server';

export default async function setup(): Promise<() => Promise<void>> {
  const stops: Array<() => void | Promise<void>> = [];
  /** Stops what started, last first, every one of them whatever the others do. */
  const stopAll = async (): Promise<void> => {
    const failures: unknown[] = [];
    for (const stop of stops.reverse())
      await Promise.resolve()
        .then(stop)
        .catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  };
  try {
    stops.push(await startSharedPostgres());
    stops.push(await startSharedCups());
    stops.push(await startSharedKeyring());
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  return stopAll;
}
