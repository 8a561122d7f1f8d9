/**
 * Runs one keychain operation in its own process (so "read back" really is a new
 * process) and prints the outcome as JSON. Driven by tests/integration/keychain.test.ts.
 */
import { KeytarCredentialStore } from '../../main/credentials/keytar-store';
import { isUserError } from '../../main/errors/user-error';
import { KeytarFleetPasswordStore } from '../../main/fleet/fleet-password';

const store = new KeytarCredentialStore('SimFleet-test', 'telegent-test');
const fleet = new KeytarFleetPasswordStore();
const DATABASE = 'postgres://station1@db.example:5432/simfleet';
const [op] = process.argv.slice(2);
try {
  // The fleet database password (docs/fleet.md): bound to the database it was saved for.
  if (op?.startsWith('fleet-')) {
    if (op === 'fleet-save') await fleet.save(DATABASE, process.env['SECRET']!);
    const loaded =
      op === 'fleet-load' ? await fleet.load(DATABASE) : op === 'fleet-load-other' ? await fleet.load('postgres://station1@elsewhere/simfleet') : null;
    if (op === 'fleet-clear') await fleet.clear();
    process.stdout.write(`${JSON.stringify({ ok: true, loaded })}\n`);
    process.exit(0);
  }
  if (op === 'save') await store.save({ accountKey: process.env['KEY']!, accountSecret: process.env['SECRET']!, apiBaseUrl: 'https://api.telegent.com' });
  const loaded = op === 'load' ? await store.load() : null;
  if (op === 'clear') await store.clear();
  process.stdout.write(`${JSON.stringify({ ok: true, loaded })}\n`);
} catch (error) {
  process.stdout.write(
    `${JSON.stringify(isUserError(error) ? { ok: false, code: error.code, message: error.message } : { ok: false, code: 'raw', message: String(error) })}\n`,
  );
}
