/**
 * Credentials in the OS keychain through keytar: macOS Keychain, Windows Credential
 * Manager, the Secret Service (GNOME Keyring, KWallet) on Linux.
 *
 * Naming: service `SimFleet`, account `telegent-production`, the password a small JSON
 * document `{ accountKey, accountSecret, apiBaseUrl }` (one entry, so one unlock prompt;
 * the URL binds the secret to the endpoint it was entered for).
 * `findCredentials` is never called: on a locked keyring it can crash the process.
 */
import { UserError } from '../errors/user-error';
import type { CredentialStore, SavedCredentials } from './credential-store';
import { keychainError } from './keychain-errors';

export const KEYCHAIN_SERVICE = 'SimFleet';
export const KEYCHAIN_ACCOUNT = 'telegent-production';

export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

let keytarModule: Promise<Keytar> | null = null;

/** One sentence: what is missing and how to install it (keytar is an optional dependency, docs/setup.md). */
export const KEYCHAIN_MODULE_MISSING =
  'The OS keychain module (keytar) is not installed, so production credentials cannot be saved or read: on Debian or Ubuntu run `sudo ' +
  'apt-get install -y libsecret-1-dev pkg-config make g++` and then `npm install` in the SimFleet folder (practice mode works without it).';

/** Where keytar is imported from; tests point it at a module that does not exist. */
let keytarSpecifier = 'keytar';
export function setKeytarModuleForTests(specifier: string): void {
  keytarSpecifier = specifier;
  keytarModule = null;
}

export function loadKeytar(): Promise<Keytar> {
  keytarModule ??= (import(/* @vite-ignore */ keytarSpecifier) as Promise<unknown>)
    .then((m) => (m as { default?: Keytar }).default ?? (m as Keytar))
    .catch(() => {
      keytarModule = null;
      throw new UserError('keychain_module_missing', KEYCHAIN_MODULE_MISSING);
    });
  return keytarModule;
}

export class KeytarCredentialStore implements CredentialStore {
  readonly kind = 'keychain' as const;

  constructor(
    private readonly service = KEYCHAIN_SERVICE,
    private readonly account = KEYCHAIN_ACCOUNT,
  ) {}

  async load(): Promise<SavedCredentials | null> {
    const keytar = await loadKeytar();
    let text: string | null;
    try {
      text = await keytar.getPassword(this.service, this.account);
    } catch (error) {
      throw keychainError(error, 'read');
    }
    if (text === null) return null;
    try {
      const parsed = JSON.parse(text) as Partial<SavedCredentials>;
      if (typeof parsed.accountKey === 'string' && typeof parsed.accountSecret === 'string') {
        return {
          accountKey: parsed.accountKey,
          accountSecret: parsed.accountSecret,
          apiBaseUrl: typeof parsed.apiBaseUrl === 'string' ? parsed.apiBaseUrl : null,
        };
      }
    } catch {
      // fall through: an entry we did not write
    }
    throw new UserError(
      'keychain_corrupt',
      `The keychain entry "${this.service} / ${this.account}" is not one SimFleet wrote. Clear the credentials in Settings and enter them again.`,
    );
  }

  async save(credentials: SavedCredentials): Promise<void> {
    const keytar = await loadKeytar();
    try {
      await keytar.setPassword(
        this.service,
        this.account,
        JSON.stringify({ accountKey: credentials.accountKey, accountSecret: credentials.accountSecret, apiBaseUrl: credentials.apiBaseUrl }),
      );
    } catch (error) {
      throw keychainError(error, 'save');
    }
  }

  async clear(): Promise<void> {
    const keytar = await loadKeytar();
    try {
      await keytar.deletePassword(this.service, this.account);
    } catch (error) {
      throw keychainError(error, 'clear');
    }
  }
}
