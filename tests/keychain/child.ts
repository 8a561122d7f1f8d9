/**
 * Runs one keychain operation in its own process (so "read back" really is a new
 * process) and prints the outcome as JSON. Driven by tests/integration/keychain.test.ts.
 */
import { KeytarCredentialStore } from '../../main/credentials/keytar-store';
import { isUserError } from '../../main/errors/user-error';

const store = new KeytarCredentialStore('SimFleet-test', 'telegent-test');
const [op] = process.argv.slice(2);
try {
  if (op === 'save') await store.save({ accountKey: process.env['KEY']!, accountSecret: process.env['SECRET']!, apiBaseUrl: 'https://api.telegent.com' });
  const loaded = op === 'load' ? await store.load() : null;
  if (op === 'clear') await store.clear();
  process.stdout.write(`${JSON.stringify({ ok: true, loaded })}\n`);
} catch (error) {
  process.stdout.write(
    `${JSON.stringify(isUserError(error) ? { ok: false, code: error.code, message: error.message } : { ok: false, code: 'raw', message: String(error) })}\n`,
  );
}
