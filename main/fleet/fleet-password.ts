/**
 * The fleet database's password (docs/fleet.md), kept like the API secret: in the OS
 * keychain (service `SimFleet`, account `fleet-database`), bound to the database it was
 * entered for, so it is never sent to another server. Never in settings, logs or the
 * renderer; tests and the test host use the memory store.
 */
import { UserError } from '../errors/user-error';
import { keychainError } from '../credentials/keychain-errors';
import { KEYCHAIN_SERVICE, loadKeytar } from '../credentials/keytar-store';

export const FLEET_KEYCHAIN_ACCOUNT = 'fleet-database';

/**
 * What a saved password is bound to: the database, and the CA file that proves the server is
 * that database. A CA file changed by hand (to one that would vouch for another server) gets
 * no password. Without a CA file it is the database alone, as passwords were saved before.
 */
export function passwordBinding(database: string, caFile: string): string {
  return caFile.trim() ? `${database} verified with ${caFile.trim()}` : database;
}

export interface FleetPasswordStore {
  readonly kind: 'keychain' | 'memory';
  /** The password saved for this database (URL without password), or null. */
  load(database: string): Promise<string | null>;
  save(database: string, password: string): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryFleetPasswordStore implements FleetPasswordStore {
  readonly kind = 'memory' as const;
  private entry: { database: string; password: string } | null = null;
  async load(database: string): Promise<string | null> {
    return this.entry?.database === database ? this.entry.password : null;
  }
  async save(database: string, password: string): Promise<void> {
    this.entry = { database, password };
  }
  async clear(): Promise<void> {
    this.entry = null;
  }
}

export class KeytarFleetPasswordStore implements FleetPasswordStore {
  readonly kind = 'keychain' as const;

  async load(database: string): Promise<string | null> {
    const keytar = await loadKeytar();
    let text: string | null;
    try {
      text = await keytar.getPassword(KEYCHAIN_SERVICE, FLEET_KEYCHAIN_ACCOUNT);
    } catch (error) {
      throw keychainError(error, 'read');
    }
    if (text === null) return null;
    let parsed: { database?: unknown; password?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new UserError(
        'keychain_corrupt',
        `The keychain entry "${KEYCHAIN_SERVICE} / ${FLEET_KEYCHAIN_ACCOUNT}" is not one SimFleet wrote: leave the fleet and join again.`,
      );
    }
    // A password entered for another database is never sent to this one.
    return parsed.database === database && typeof parsed.password === 'string' ? parsed.password : null;
  }

  async save(database: string, password: string): Promise<void> {
    const keytar = await loadKeytar();
    try {
      await keytar.setPassword(KEYCHAIN_SERVICE, FLEET_KEYCHAIN_ACCOUNT, JSON.stringify({ database, password }));
    } catch (error) {
      throw keychainError(error, 'save');
    }
  }

  async clear(): Promise<void> {
    const keytar = await loadKeytar();
    try {
      await keytar.deletePassword(KEYCHAIN_SERVICE, FLEET_KEYCHAIN_ACCOUNT);
    } catch (error) {
      throw keychainError(error, 'clear');
    }
  }
}
