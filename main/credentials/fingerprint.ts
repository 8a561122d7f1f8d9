/**
 * A fingerprint of a credential pair: enough to tell whether the keys a batch started
 * with are the keys in use now, never enough to recover the secret (a salted SHA-256,
 * truncated). Recorded in batch headers and connection tests (docs/security.md).
 */
import { createHash } from 'node:crypto';
import type { Credentials } from '../telegent/client';

export function credentialsFingerprint(credentials: Pick<Credentials, 'accountKey' | 'accountSecret'>): string {
  return createHash('sha256').update(`simfleet-credentials-v1\0${credentials.accountKey}\0${credentials.accountSecret}`).digest('hex').slice(0, 16);
}
