/**
 * Where the Telegent credentials live. The product keeps them in the OS keychain
 * (keytar); tests use the in-memory store. Nothing else ever persists the secret.
 */
import type { Credentials } from '../telegent/client';

/**
 * Credentials as saved: bound to the API base URL they were entered for, so they are
 * never sent anywhere else (docs/security.md). `null`: saved by an older SimFleet.
 */
export interface SavedCredentials extends Credentials {
  readonly apiBaseUrl: string | null;
}

export interface CredentialStore {
  /** The saved credentials, or null when none are saved. */
  load(): Promise<SavedCredentials | null>;
  save(credentials: SavedCredentials): Promise<void>;
  clear(): Promise<void>;
  /** Where they live, for the UI ("OS keychain", "memory"). */
  readonly kind: 'keychain' | 'memory';
}

/** A non-secret hint of which key is saved: `DID-1234…abcd`. */
export function accountKeyHint(accountKey: string): string {
  return accountKey.length <= 12 ? `${accountKey.slice(0, 4)}…` : `${accountKey.slice(0, 8)}…${accountKey.slice(-4)}`;
}

/** Credentials for tests and headless runs that must not touch the keychain. */
export class MemoryCredentialStore implements CredentialStore {
  readonly kind = 'memory' as const;
  private value: SavedCredentials | null;

  constructor(initial: SavedCredentials | null = null) {
    this.value = initial;
  }

  async load(): Promise<SavedCredentials | null> {
    return this.value;
  }

  async save(credentials: SavedCredentials): Promise<void> {
    this.value = { ...credentials };
  }

  async clear(): Promise<void> {
    this.value = null;
  }
}
